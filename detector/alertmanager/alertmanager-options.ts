/**
 * The detector's Alertmanager options (spread into `detectorOptionSpecs`, so they are flags, env
 * and config-file keys like every other detector option, and appear in docs/configuration.md).
 */
import { positive } from '../../common/config-schema.js';
import type { OptionSpecs } from '../../common/config.js';
import { quote } from '../../common/errors.js';

/** Most alerts in one POST; a larger set is sent in several. */
export const maxAlertsPerPost = 500;

/** Defaults of Alertmanager forwarding. */
export interface AlertmanagerDefaults {
  /** Period of the rounds, ms. 1 min. */
  readonly resendIntervalMs: number;
  /** Time limit of one POST, ms. 10 s. */
  readonly timeoutMs: number;
  /** Alerts per POST. maxAlertsPerPost. */
  readonly batchSize: number;
}

export const alertmanagerDefaults: AlertmanagerDefaults = Object.freeze({
  resendIntervalMs: 60_000,
  timeoutMs: 10_000,
  batchSize: maxAlertsPerPost,
});

/** Most `--alertmanager-external-labels` entries: labels are for routing, not for data. */
const maxExternalLabels = 10;

/** Label names Alertmanager accepts (the Prometheus data model). */
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Labels gpuwatch sets itself; an external label may not overwrite them. */
export const reservedLabels: readonly string[] = Object.freeze([
  'alertname',
  'rule',
  'severity',
  'alert_key',
  'source',
]);

/**
 * An Alertmanager base URL: http or https, no credentials (they would sit in argv and logs; an
 * Alertmanager behind authentication is reached through `--alertmanager-bearer-token-file`), no
 * query or fragment (the API path is appended).
 */
export function checkAlertmanagerUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `expected an http(s) URL such as http://alertmanager:9093, got ${quote(value)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `expected an http or https URL, got ${quote(value)}`;
  if (url.username !== '' || url.password !== '') {
    // Not quoted: the value holds a password.
    return 'expected a URL without user:password@ (use --alertmanager-bearer-token-file), got one with credentials';
  }
  if (url.search !== '' || url.hash !== '')
    return `expected a base URL without ?query or #fragment (/api/v2/alerts is appended), got ${quote(value)}`;
  return undefined;
}

/** `name=value` pairs added to every alert's labels, e.g. a deployment name when several share one Alertmanager. */
export function parseExternalLabels(entries: readonly string[]): {
  labels: Record<string, string>;
  problem?: string;
} {
  const labels: Record<string, string> = {};
  if (entries.length > maxExternalLabels)
    return { labels, problem: `expected at most ${maxExternalLabels} labels, got ${entries.length}` };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq === -1 ? '' : entry.slice(0, eq).trim();
    const value = eq === -1 ? '' : entry.slice(eq + 1).trim();
    if (!labelName.test(name) || value === '' || value.length > 128)
      return {
        labels,
        problem: `expected name=value with a label name ([a-zA-Z_][a-zA-Z0-9_]*) and a value of 1-128 characters, got ${quote(entry)}`,
      };
    if (reservedLabels.includes(name))
      return {
        labels,
        problem: `label ${quote(name)} is set by gpuwatch itself (${reservedLabels.join(', ')})`,
      };
    labels[name] = value;
  }
  return { labels };
}

export const alertmanagerOptionSpecs = {
  alertmanagerUrl: {
    type: 'string',
    description:
      'Alertmanager base URL (http[s]://host:port[/prefix]); when set, open and acknowledged alerts (not suppressed, not severity info) are POSTed to URL/api/v2/alerts',
    check: checkAlertmanagerUrl,
  },
  alertmanagerResendInterval: {
    type: 'duration',
    description:
      'how often firing alerts are re-sent to Alertmanager; each is sent with endsAt 4 intervals ahead, so alerts of a stopped detector expire',
    default: alertmanagerDefaults.resendIntervalMs,
    range: positive,
  },
  alertmanagerTimeout: {
    type: 'duration',
    description: 'time limit of one POST to Alertmanager (a failed round is retried at the next interval)',
    default: alertmanagerDefaults.timeoutMs,
    range: positive,
  },
  alertmanagerBearerTokenFile: {
    type: 'string',
    description:
      'file holding a bearer token sent to Alertmanager as Authorization: Bearer (re-read every round)',
  },
  alertmanagerExternalLabels: {
    type: 'strings',
    description:
      'name=value labels added to every alert sent to Alertmanager (comma-separated), e.g. deployment=prod',
    default: [],
    check: (v: readonly string[]) => parseExternalLabels(v).problem,
  },
} as const satisfies OptionSpecs;
