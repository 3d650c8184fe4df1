/**
 * Configuration for every program: flag > env `GPUWATCH_<FLAG_IN_UPPER_SNAKE>` > `--config FILE`
 * (JSON or YAML) > default. Validated as a whole: one ConfigError lists every problem, and the
 * result is frozen. Secrets are never accepted on the command line (argv is world-readable in
 * /proc): they come from env, the config file or a file named by a `…-file` option.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkNumber, formatBytes, formatDurationMs, type NumberRange } from './config-schema.js';
import { ConfigError, quote, type Problem } from './errors.js';

export type OptionType = 'string' | 'int' | 'number' | 'boolean' | 'duration' | 'bytes' | 'strings';

export interface OptionSpec {
  readonly type: OptionType;
  /** One line for `--help` and the README's configuration reference. */
  readonly description: string;
  /** Value when nothing sets it. Durations in ms, sizes in bytes. */
  readonly default?: string | number | boolean | readonly string[];
  /** A value must come from somewhere. */
  readonly required?: boolean;
  /** Only from env or the config file, never argv; redacted in logs. */
  readonly secret?: boolean;
  /**
   * Bounds of an `int`, `number`, `duration` (ms) or `bytes` value, checked and worded as a policy
   * field's are (common/config-schema.ts): `expected an integer ≥ 1 and ≤ 64, got 0`. Default none.
   */
  readonly range?: NumberRange;
  /** Extra check on the parsed value; returns the problem (`expected …, got …`) or undefined. */
  readonly check?: (value: never) => string | undefined;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'string'
  ? string
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'strings'
      ? readonly string[]
      : number;

export type ConfigOf<Specs extends OptionSpecs> = {
  readonly [K in keyof Specs]: Specs[K] extends { default: unknown } | { required: true }
    ? ValueOf<Specs[K]>
    : ValueOf<Specs[K]> | undefined;
};

export interface LoadedConfig<Specs extends OptionSpecs> {
  readonly config: ConfigOf<Specs>;
  /** Arguments that are not options (sub-subcommands, file names). */
  readonly positionals: readonly string[];
  /** Where each option's value came from, for `--print-config` and logs. */
  readonly sources: Readonly<Record<string, 'flag' | 'env' | 'file' | 'default'>>;
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function envName(key: string): string {
  return `GPUWATCH_${kebab(key).replace(/-/g, '_').toUpperCase()}`;
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const byteUnits: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "90s", "5m", "1h30m", "400d", "250ms"; a bare number is milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (durationUnits[p[2] ?? ''] ?? NaN), 0);
}

/** "4MiB", "1GiB", "512kb"; a bare number is bytes. */
export function parseBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (m === null) return undefined;
  const unit = byteUnits[(m[2] ?? '').toLowerCase() || 'b'];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

function expected(type: OptionType): string {
  switch (type) {
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'duration':
      return 'a duration such as 500ms, 60s, 5m, 1h or 400d';
    case 'bytes':
      return 'a size such as 4MiB or 1GiB';
    case 'strings':
      return 'a list of strings';
    case 'string':
      return 'a string';
  }
}

function convert(type: OptionType, raw: unknown): unknown {
  switch (type) {
    case 'string':
      return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
    case 'int': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'number': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return undefined;
    case 'duration':
      if (typeof raw === 'number' && raw >= 0) return raw;
      return typeof raw === 'string' ? parseDurationMs(raw) : undefined;
    case 'bytes':
      if (typeof raw === 'number' && raw >= 0) return raw;
      return typeof raw === 'string' ? parseBytes(raw) : undefined;
    case 'strings':
      if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return Object.freeze([...raw]);
      if (typeof raw === 'string')
        return Object.freeze(
          raw
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        );
      return undefined;
  }
}

function readConfigFile(path: string, problems: Problem[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    problems.push({ field: '--config', reason: `cannot read ${quote(path)}: ${(err as Error).message}` });
    return {};
  }
  try {
    const parsed: unknown = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({
        field: '--config',
        reason: `${quote(path)} must hold a mapping of option names to values`,
      });
      return {};
    }
    return parsed as Record<string, unknown>;
  } catch (err: unknown) {
    problems.push({ field: '--config', reason: `cannot parse ${quote(path)}: ${(err as Error).message}` });
    return {};
  }
}

/** Optional extras of loadConfig. */
export interface LoadConfigOptions<Specs extends OptionSpecs> {
  /**
   * Checks that span options (a flag required unless another is set, a certificate without its
   * key). Runs with every value that parsed — an option whose own value was refused is absent —
   * so its problems join the per-option ones in the same ConfigError. Default: none.
   */
  readonly check?: (config: Partial<ConfigOf<Specs>>) => readonly Problem[];
}

/**
 * Parses argv (without the program and subcommand) against the specs. Flags are the kebab-case
 * keys (`--metrics-listen`); `--flag=value` and `--flag value` both work; booleans take no
 * value (`--once`) or `--no-once`. `--config FILE` is always accepted.
 */
export function loadConfig<Specs extends OptionSpecs>(
  specs: Specs,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions<Specs> = {},
): LoadedConfig<Specs> {
  const problems: Problem[] = [];
  const flagToKey = new Map(Object.keys(specs).map((k) => [kebab(k), k]));
  const flags = new Map<string, string | boolean>();
  const positionals: string[] = [];
  let configPath: string | undefined = env.GPUWATCH_CONFIG;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let inline: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (name === 'config') {
      configPath = inline ?? args[++i];
      if (configPath === undefined) problems.push({ field: '--config', reason: 'expected a file name' });
      continue;
    }
    let negated = false;
    if (
      !flagToKey.has(name) &&
      name.startsWith('no-') &&
      specs[flagToKey.get(name.slice(3)) ?? '']?.type === 'boolean'
    ) {
      negated = true;
      name = name.slice(3);
    }
    const key = flagToKey.get(name);
    const spec = key === undefined ? undefined : specs[key];
    if (key === undefined || spec === undefined) {
      problems.push({ field: `--${name}`, reason: 'unknown option (see --help)' });
      continue;
    }
    if (spec.secret) {
      problems.push({
        field: `--${name}`,
        reason: `secrets are not accepted on the command line; set ${envName(key)} or put it in the config file`,
      });
      if (inline === undefined && spec.type !== 'boolean') i++;
      continue;
    }
    if (spec.type === 'boolean') {
      flags.set(key, negated ? false : (inline ?? true));
      continue;
    }
    if (inline === undefined) {
      inline = args[i + 1];
      if (inline === undefined || inline.startsWith('--')) {
        problems.push({ field: `--${name}`, reason: `expected ${expected(spec.type)} after the flag` });
        continue;
      }
      i++;
    }
    flags.set(key, inline);
  }

  const file = configPath !== undefined ? readConfigFile(configPath, problems) : {};
  const fileValues = new Map<string, unknown>();
  for (const [rawKey, value] of Object.entries(file)) {
    const key = flagToKey.get(rawKey) ?? (rawKey in specs ? rawKey : undefined);
    if (key === undefined) problems.push({ field: `${configPath}: ${rawKey}`, reason: 'unknown option' });
    else fileValues.set(key, value);
  }

  const config: Record<string, unknown> = {};
  const sources: Record<string, 'flag' | 'env' | 'file' | 'default'> = {};
  for (const [key, spec] of Object.entries(specs)) {
    let raw: unknown;
    let source: 'flag' | 'env' | 'file' | 'default';
    let where: string;
    if (flags.has(key)) {
      raw = flags.get(key);
      source = 'flag';
      where = `--${kebab(key)}`;
    } else if (env[envName(key)] !== undefined && env[envName(key)] !== '') {
      raw = env[envName(key)];
      source = 'env';
      where = envName(key);
    } else if (fileValues.has(key)) {
      raw = fileValues.get(key);
      source = 'file';
      where = `${configPath}: ${kebab(key)}`;
    } else {
      raw = spec.default;
      source = 'default';
      where = `--${kebab(key)}`;
    }
    sources[key] = source;
    if (raw === undefined) {
      if (spec.required) {
        problems.push({
          field: `--${kebab(key)}`,
          reason: `required: set the flag, ${envName(key)}, or ${kebab(key)} in the config file`,
        });
      }
      config[key] = undefined;
      continue;
    }
    const value = convert(spec.type, raw);
    if (value === undefined) {
      problems.push({
        field: where,
        reason: `expected ${expected(spec.type)}, got ${spec.secret ? '[redacted]' : quote(raw)}`,
      });
      continue;
    }
    // The range first: a check may assume the value is within it.
    const range = spec.type === 'int' && spec.range !== undefined ? { ...spec.range, int: true } : spec.range;
    const unit = spec.type === 'duration' ? 'duration' : 'number';
    const extra =
      (range === undefined ? undefined : checkNumber(value, range, unit)) ?? spec.check?.(value as never);
    if (extra !== undefined) {
      problems.push({ field: where, reason: spec.secret ? extra.replace(/, got .*$/, '') : extra });
      continue;
    }
    config[key] = value;
  }

  if (options.check !== undefined) problems.push(...options.check(config as Partial<ConfigOf<Specs>>));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    config: Object.freeze(config) as ConfigOf<Specs>,
    positionals: Object.freeze(positionals),
    sources: Object.freeze(sources),
  });
}

/** A copy fit for logs: secret options redacted. */
export function redactedConfig(
  specs: OptionSpecs,
  config: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config))
    out[k] = specs[k]?.secret && v !== undefined ? '[redacted]' : v;
  return out;
}

/** `--help` text: one line per option with its env var and default. */
/**
 * A default as an option value: durations and sizes in the units the flags take ("30s",
 * "1GiB"), anything else as it is. What `--help` and docs/configuration.md show.
 */
export function optionDefaultValue(spec: OptionSpec): OptionSpec['default'] {
  const d = spec.default;
  if (typeof d !== 'number') return d;
  if (spec.type === 'duration') return formatDurationMs(d);
  if (spec.type === 'bytes') return formatBytes(d);
  return d;
}

export function helpText(usage: string, specs: OptionSpecs): string {
  const lines = [usage, '', 'Options (flag > env > --config file > default):'];
  for (const [key, spec] of Object.entries(specs)) {
    const def =
      spec.default === undefined
        ? spec.required
          ? ' (required)'
          : ''
        : ` (default ${JSON.stringify(optionDefaultValue(spec))})`;
    const flag = spec.secret ? `${envName(key)} only` : `--${kebab(key)}`;
    lines.push(`  ${flag.padEnd(30)} ${spec.description}${def}  [${envName(key)}]`);
  }
  lines.push(`  ${'--config FILE'.padEnd(30)} JSON or YAML file of option values  [GPUWATCH_CONFIG]`);
  return lines.join('\n');
}

/** Host:port check shared by listen options. */
export function checkHostPort(value: string): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (m === null) return `expected host:port, got ${quote(value)}`;
  const port = Number(m[2]);
  return port > 65535 ? `port must be 0..65535, got ${port}` : undefined;
}

/** True for 127.0.0.0/8, ::1 and localhost: where unauthenticated plaintext is allowed. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
