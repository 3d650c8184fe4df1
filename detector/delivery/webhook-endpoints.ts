/**
 * Webhook endpoints (docs/design.md §7, §9): the one-endpoint shorthand `--webhook URL
 * --webhook-secret-file F` and/or `--webhooks FILE`, a YAML or JSON list of endpoints:
 *
 * ```yaml
 * - name: compliance            # [A-Za-z0-9_-], 1..64, unique: the metrics label and job ids
 *   url: https://hooks.example.com/gpuwatch
 *   secret_file: /etc/gpuwatch/compliance.whsec   # whsec_… per line; several = key rotation
 *   min_severity: medium        # default low
 *   rules: [effective_ownership, shell_ring]      # default every rule
 *   timeout: 5s                 # default --webhook-timeout
 * ```
 *
 * Everything is checked at once: one ConfigError lists every problem. Secrets are read from their
 * files here and again on reload (SIGHUP), never logged, never stored in Redis.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  alertRules,
  alertSeverities,
  type AlertRule,
  type AlertSeverity,
} from '../../common/alerts/alert-model.js';
import { describeNumber, inRange } from '../../common/config-schema.js';
import { parseDurationMs } from '../../common/config.js';
import { ConfigError, quote, type Problem } from '../../common/errors.js';
import { webhookTimeoutRange } from './delivery-options.js';
import { parseSecretFile } from './webhook-signature.js';

/** One configured endpoint, resolved. */
export interface WebhookEndpoint {
  /** Bounded by configuration: used as the metrics label and in job ids. */
  readonly name: string;
  readonly url: string;
  readonly secretFile: string;
  /** Decoded HMAC keys, one per secret in the file (several during a rotation). */
  readonly keys: readonly Buffer[];
  /** Lowest severity sent. Default `low`. */
  readonly minSeverity: AlertSeverity;
  /** Rules sent; undefined = every rule. */
  readonly rules: readonly AlertRule[] | undefined;
  /** Request timeout, ms. Default `--webhook-timeout` (deliveryDefaults.timeoutMs, 10 s). */
  readonly timeoutMs: number;
}

/** Where endpoints come from (the detector's options). */
export interface WebhookSources {
  readonly webhook?: string | undefined;
  readonly webhookSecretFile?: string | undefined;
  readonly webhooks?: string | undefined;
  /** Default request timeout, ms. */
  readonly timeoutMs: number;
}

/** Name of the endpoint `--webhook URL` configures. */
export const shorthandEndpointName = 'default';
export const defaultMinSeverity: AlertSeverity = 'low';
const endpointKeys = ['name', 'url', 'secret_file', 'min_severity', 'rules', 'timeout'];
const maxEndpoints = 100;

function checkUrl(url: unknown, field: string, problems: Problem[]): string | undefined {
  if (typeof url !== 'string' || url === '') {
    problems.push({ field, reason: `expected an http(s) URL, got ${quote(url)}` });
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.push({ field, reason: `expected an http(s) URL, got ${quote(url)}` });
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.push({ field, reason: `expected an http: or https: URL, got ${quote(parsed.protocol)}` });
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // A password in the URL would end up in argv and logs; webhooks authenticate by signature.
    problems.push({ field, reason: 'expected no user or password in the URL (requests are signed)' });
    return undefined;
  }
  return url;
}

function readKeys(path: unknown, field: string, problems: Problem[]): readonly Buffer[] | undefined {
  if (typeof path !== 'string' || path === '') {
    problems.push({ field, reason: `expected the path of a file of whsec_ secrets, got ${quote(path)}` });
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    problems.push({ field, reason: `cannot read ${quote(path)}: ${(err as Error).message}` });
    return undefined;
  }
  const { keys, problems: found } = parseSecretFile(text, path);
  for (const reason of found) problems.push({ field, reason });
  return found.length === 0 ? keys : undefined;
}

function parseEndpoint(
  raw: unknown,
  where: string,
  defaultTimeoutMs: number,
  problems: Problem[],
): WebhookEndpoint | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      field: where,
      reason: `expected a mapping (name, url, secret_file, …), got ${quote(raw)}`,
    });
    return undefined;
  }
  const e = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(e)) {
    if (!endpointKeys.includes(key))
      problems.push({ field: `${where}.${key}`, reason: `unknown key; expected ${endpointKeys.join(', ')}` });
  }
  const name = e.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    problems.push({
      field: `${where}.name`,
      reason: `expected 1-64 letters, digits, _ or -, got ${quote(name)}`,
    });
  }
  const url = checkUrl(e.url, `${where}.url`, problems);
  const keys = readKeys(e.secret_file, `${where}.secret_file`, problems);
  let minSeverity = defaultMinSeverity;
  if (e.min_severity !== undefined) {
    if ((alertSeverities as readonly unknown[]).includes(e.min_severity))
      minSeverity = e.min_severity as AlertSeverity;
    else
      problems.push({
        field: `${where}.min_severity`,
        reason: `expected one of ${alertSeverities.join(', ')}, got ${quote(e.min_severity)}`,
      });
  }
  let rules: AlertRule[] | undefined;
  if (e.rules !== undefined) {
    if (!Array.isArray(e.rules) || e.rules.length === 0) {
      problems.push({
        field: `${where}.rules`,
        reason: `expected a non-empty list of rule ids, got ${quote(e.rules)}`,
      });
    } else {
      rules = [];
      e.rules.forEach((r: unknown, i) => {
        if ((alertRules as readonly unknown[]).includes(r)) rules?.push(r as AlertRule);
        else
          problems.push({
            field: `${where}.rules[${i}]`,
            reason: `expected one of ${alertRules.join(', ')}, got ${quote(r)}`,
          });
      });
    }
  }
  let timeoutMs = defaultTimeoutMs;
  if (e.timeout !== undefined) {
    const ms =
      typeof e.timeout === 'number'
        ? e.timeout
        : typeof e.timeout === 'string'
          ? parseDurationMs(e.timeout)
          : undefined;
    if (!inRange(ms, webhookTimeoutRange))
      problems.push({
        field: `${where}.timeout`,
        reason: `expected ${describeNumber(webhookTimeoutRange, 'duration')} (e.g. 10s), got ${quote(e.timeout)}`,
      });
    else timeoutMs = ms;
  }
  if (problems.length > before || url === undefined || keys === undefined) return undefined;
  return Object.freeze({
    name: name as string,
    url,
    secretFile: e.secret_file as string,
    keys: Object.freeze(keys),
    minSeverity,
    rules: rules === undefined ? undefined : Object.freeze(rules),
    timeoutMs,
  });
}

function readEndpointsFile(path: string, problems: Problem[]): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    problems.push({ field: '--webhooks', reason: `cannot read ${quote(path)}: ${(err as Error).message}` });
    return [];
  }
  let parsed: unknown;
  try {
    parsed = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err: unknown) {
    problems.push({ field: '--webhooks', reason: `cannot parse ${quote(path)}: ${(err as Error).message}` });
    return [];
  }
  const list =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'endpoints' in parsed
      ? parsed.endpoints
      : parsed;
  if (!Array.isArray(list)) {
    problems.push({
      field: '--webhooks',
      reason: `${quote(path)} must hold a list of endpoints (or {endpoints: [...]}), got ${quote(list)}`,
    });
    return [];
  }
  if (list.length > maxEndpoints) {
    problems.push({
      field: '--webhooks',
      reason: `expected at most ${maxEndpoints} endpoints, got ${list.length}`,
    });
    return [];
  }
  return list;
}

/** Reads and checks every configured endpoint; throws one ConfigError listing every problem. */
export function loadWebhookEndpoints(sources: WebhookSources): WebhookEndpoint[] {
  const problems: Problem[] = [];
  const endpoints: WebhookEndpoint[] = [];
  if (sources.webhook !== undefined || sources.webhookSecretFile !== undefined) {
    if (sources.webhook === undefined)
      problems.push({
        field: '--webhook',
        reason: '--webhook-secret-file is set: give the endpoint URL too',
      });
    if (sources.webhookSecretFile === undefined)
      problems.push({
        field: '--webhook-secret-file',
        reason:
          '--webhook is set: give the file of its whsec_ secret(s) (secrets never go on the command line)',
      });
    const url = checkUrl(sources.webhook, '--webhook', problems);
    const keys =
      sources.webhookSecretFile === undefined
        ? undefined
        : readKeys(sources.webhookSecretFile, '--webhook-secret-file', problems);
    if (url !== undefined && keys !== undefined && sources.webhookSecretFile !== undefined) {
      endpoints.push(
        Object.freeze({
          name: shorthandEndpointName,
          url,
          secretFile: sources.webhookSecretFile,
          keys: Object.freeze([...keys]),
          minSeverity: defaultMinSeverity,
          rules: undefined,
          timeoutMs: sources.timeoutMs,
        }),
      );
    }
  }
  if (sources.webhooks !== undefined) {
    const path = sources.webhooks;
    readEndpointsFile(path, problems).forEach((raw, i) => {
      const endpoint = parseEndpoint(raw, `${path}: [${i}]`, sources.timeoutMs, problems);
      if (endpoint === undefined) return;
      if (endpoints.some((e) => e.name === endpoint.name))
        problems.push({
          field: `${path}: [${i}].name`,
          reason: `duplicate endpoint name ${quote(endpoint.name)}`,
        });
      else endpoints.push(endpoint);
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return endpoints;
}

/** The endpoints in force; `reload()` re-reads files and secrets (SIGHUP) and keeps the old set on error. */
export class WebhookEndpoints {
  private current: readonly WebhookEndpoint[];

  constructor(private readonly sources: WebhookSources) {
    this.current = Object.freeze(loadWebhookEndpoints(sources));
  }

  all(): readonly WebhookEndpoint[] {
    return this.current;
  }

  get(name: string): WebhookEndpoint | undefined {
    return this.current.find((e) => e.name === name);
  }

  /** Throws ConfigError (and keeps the endpoints in force) when the new configuration is bad. */
  reload(): readonly WebhookEndpoint[] {
    this.current = Object.freeze(loadWebhookEndpoints(this.sources));
    return this.current;
  }
}
