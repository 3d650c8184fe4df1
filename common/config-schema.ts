/**
 * The value checks every piece of configuration shares: program options (common/config.ts `range`)
 * and typed documents such as the detector's policy file (sections of fields merged over their
 * defaults). One vocabulary of ranges, lists, one-of sets and mappings, and one wording of their
 * problems, so a bound reads the same wherever it is set: `expected an integer ≥ 1 and ≤ 64, got 0`.
 */
import { quote, type Problem } from './errors.js';

/** Bounds of a number. */
export interface NumberRange {
  /** The least value allowed (inclusive unless `above`). Default: none. */
  readonly min?: number;
  /** `min` itself is refused. Default false. */
  readonly above?: boolean;
  /** The greatest value allowed, inclusive. Default: none. */
  readonly max?: number;
  /** Whole numbers only. Default false. */
  readonly int?: boolean;
}

/** > 0. */
export const positive: NumberRange = Object.freeze({ min: 0, above: true });
/** ≥ 0. */
export const nonNegative: NumberRange = Object.freeze({ min: 0 });
/** 0..1. */
export const fraction: NumberRange = Object.freeze({ min: 0, max: 1 });
/** (0, 1]. */
export const positiveFraction: NumberRange = Object.freeze({ min: 0, above: true, max: 1 });
/** An integer ≥ 1. */
export const positiveInt: NumberRange = Object.freeze({ min: 1, int: true });
/** An integer ≥ 0. */
export const nonNegativeInt: NumberRange = Object.freeze({ min: 0, int: true });

/** How a number is written in messages: as is, or as a duration (the value in ms). */
export type NumberUnit = 'number' | 'duration';

const durationUnits: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * A duration as the options take it, for messages, `--help` and the configuration reference: in
 * the largest unit that divides it (120 000 → "2m", 90 000 → "90s", 250 → "250ms", 0 → "0s"), or
 * else as a sum, largest units first (3 600 001 → "1h1ms").
 */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  for (const [unit, size] of durationUnits) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  let rest = ms;
  let out = '';
  for (const [unit, size] of durationUnits) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return rest !== 0 || out === '' ? `${out}${rest}ms` : out;
}

const byteUnits: readonly (readonly [string, number])[] = [
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
];

/** A size as the options take it ("4MiB", "1GiB"; "1500" when no binary unit divides it). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of byteUnits)
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/** "an integer ≥ 1", "a number > 0 and ≤ 1", "a duration > 0 and ≤ 2m". */
export function describeNumber(range: NumberRange, unit: NumberUnit = 'number'): string {
  const kind = unit === 'duration' ? 'a duration' : range.int ? 'an integer' : 'a number';
  const show = (n: number): string => (unit === 'duration' && n !== 0 ? formatDurationMs(n) : String(n));
  const lo = range.min === undefined ? '' : `${range.above ? '>' : '≥'} ${show(range.min)}`;
  const hi = range.max === undefined ? '' : `≤ ${show(range.max)}`;
  const bounds = [lo, hi].filter((s) => s !== '').join(' and ');
  return bounds === '' ? kind : `${kind} ${bounds}`;
}

/** True when `value` is a finite number within `range`. */
export function inRange(value: unknown, range: NumberRange): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.int || Number.isInteger(value)) &&
    (range.min === undefined || (range.above ? value > range.min : value >= range.min)) &&
    (range.max === undefined || value <= range.max)
  );
}

/** The problem (`expected an integer ≥ 1, got 90.5`) of a value outside `range`; undefined inside it. */
export function checkNumber(
  value: unknown,
  range: NumberRange,
  unit: NumberUnit = 'number',
): string | undefined {
  if (inRange(value, range)) return undefined;
  const shown =
    unit === 'duration' && typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? formatDurationMs(value)
      : quote(value);
  return `expected ${describeNumber(range, unit)}, got ${shown}`;
}

/** The problem (`expected one of csv, json, got "xml"`) of a value outside `allowed`; undefined inside it. */
export function checkOneOf(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string' && allowed.includes(value)
    ? undefined
    : `expected one of ${allowed.join(', ')}, got ${quote(value)}`;
}

// ── typed documents ─────────────────────────────────────────────────────────

/** A number field. */
export type NumberField = { readonly t: 'number' } & NumberRange;

/** A section: named fields, and checks across them run on the merged section. */
export interface SectionField {
  readonly t: 'section';
  readonly fields: FieldSpecs;
  /** Problems across fields (`medium ≤ high`), with `path` the section's own. Default none. */
  readonly check?: (section: never, path: string) => readonly Problem[];
}

/** What a field of a document holds. */
export type FieldSpec =
  | NumberField
  /** A non-empty string, trimmed. */
  | { readonly t: 'string' }
  /** A list of strings, each matching `pattern` and in `oneOf` when given; duplicates dropped. */
  | {
      readonly t: 'strings';
      readonly pattern?: RegExp;
      /** The items, for messages: "single words". */
      readonly what: string;
      readonly oneOf?: readonly string[];
    }
  /** Numbers (log-odds) by key, merged key by key over the defaults. */
  | { readonly t: 'weights'; readonly keys: readonly string[]; readonly keyName: string }
  | SectionField;

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** A number field within `range`. */
export function numberField(range: NumberRange = {}): NumberField {
  return { t: 'number', ...range };
}

/** A section of `fields` whose merged value (of type T) `check` examines as a whole. */
export function sectionField<T>(
  fields: FieldSpecs,
  check?: (section: T, path: string) => readonly Problem[],
): SectionField {
  return check === undefined ? { t: 'section', fields } : { t: 'section', fields, check };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Freezes `value` and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates `raw` against `spec`, merging over `fallback` (what an absent or refused value
 * becomes); pushes a problem for each bad value, under `path`, and returns the merged value.
 */
export function resolveField(
  spec: FieldSpec,
  raw: unknown,
  fallback: unknown,
  path: string,
  problems: Problem[],
): unknown {
  if (raw === undefined) return fallback;
  switch (spec.t) {
    case 'number': {
      const problem = checkNumber(raw, spec);
      if (problem !== undefined) problems.push({ field: path, reason: problem });
      return problem === undefined ? raw : fallback;
    }
    case 'string': {
      const ok = typeof raw === 'string' && raw.trim() !== '';
      if (!ok) problems.push({ field: path, reason: `expected a non-empty string, got ${quote(raw)}` });
      return ok ? raw.trim() : fallback;
    }
    case 'strings': {
      if (!Array.isArray(raw)) {
        problems.push({ field: path, reason: `expected a list of ${spec.what}, got ${quote(raw)}` });
        return fallback;
      }
      const before = problems.length;
      raw.forEach((item: unknown, i) => {
        const ok =
          typeof item === 'string' &&
          (spec.pattern === undefined || spec.pattern.test(item)) &&
          (spec.oneOf === undefined || spec.oneOf.includes(item));
        if (!ok) {
          const expected = spec.oneOf !== undefined ? `one of ${spec.oneOf.join(', ')}` : spec.what;
          problems.push({ field: `${path}[${i}]`, reason: `expected ${expected}, got ${quote(item)}` });
        }
      });
      return problems.length === before ? [...new Set(raw as string[])] : fallback;
    }
    case 'weights': {
      if (!isRecord(raw)) {
        problems.push({
          field: path,
          reason: `expected a mapping of ${spec.keyName} to weight, got ${quote(raw)}`,
        });
        return fallback;
      }
      // Per-key override: an operator changes one weight without restating the others.
      const merged: Record<string, number> = { ...(fallback as Record<string, number>) };
      const given = Object.keys(raw);
      const known = spec.keys.filter((k) => given.includes(k));
      for (const key of [...known, ...given.filter((k) => !spec.keys.includes(k))]) {
        const value = raw[key];
        if (!spec.keys.includes(key)) {
          problems.push({
            field: `${path}.${key}`,
            reason: `unknown ${spec.keyName} (expected one of ${spec.keys.join(', ')})`,
          });
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          problems.push({
            field: `${path}.${key}`,
            reason: `expected a number (log-odds), got ${quote(value)}`,
          });
        } else merged[key] = value;
      }
      return merged;
    }
    case 'section': {
      if (!isRecord(raw)) {
        problems.push({ field: path, reason: `expected a mapping, got ${quote(raw)}` });
        return fallback;
      }
      const merged = resolveFields(
        spec.fields,
        raw,
        fallback as Record<string, unknown>,
        `${path}.`,
        problems,
      );
      if (spec.check !== undefined) problems.push(...spec.check(merged as never, path));
      return merged;
    }
  }
}

/**
 * resolveField over each of `fields` (paths `prefix` + name); keys of `raw` that are not fields
 * are problems too (`unknown key (expected one of …)`).
 */
export function resolveFields(
  fields: FieldSpecs,
  raw: Record<string, unknown>,
  fallback: Record<string, unknown>,
  prefix: string,
  problems: Problem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in fields)) {
      problems.push({
        field: `${prefix}${key}`,
        reason: `unknown key (expected one of ${Object.keys(fields).join(', ')})`,
      });
    }
  }
  for (const [key, spec] of Object.entries(fields)) {
    out[key] = resolveField(spec, raw[key], fallback[key], `${prefix}${key}`, problems);
  }
  return out;
}
