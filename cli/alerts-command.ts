/**
 * `gpuwatch alerts list|show|ack|suppress|resolve`: the analyst's view of the alerts (docs/design.md §7).
 *
 * - `list` asks a collector's Query.ListAlerts, like `gpuwatch usage` (admin token); with
 *   `--redis` it reads the alert store directly instead (no collector needed).
 * - `show ID`, `ack ID`, `suppress ID` and `resolve ID` read and write the alert store in Redis
 *   directly (`--redis`): the collector has no RPC that changes an alert, and `show` needs the
 *   history, which the wire Alert does not carry. Every change records who (`--who`, default the
 *   OS user) and why (`--note`, required) in the alert's history.
 *
 * A table by default, `--json` for scripts. Subcommands are entries of `actions` below: a new one
 * is one entry (and its usage line).
 */
import { userInfo } from 'node:os';
import {
  alertStates,
  checkAlertQuery,
  defaultAlertListLimit,
  maxAlertListLimit,
  maxNoteChars,
  type AlertHistoryEntry,
  type StoredAlert,
} from '../common/alerts/alert-model.js';
import { RedisAlertStore } from '../common/alerts/alert-store.js';
import { toWireAlert } from '../common/alerts/alert-wire.js';
import { checkNumber } from '../common/config-schema.js';
import { helpText, loadConfig, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { AppError, ConfigError, quote } from '../common/errors.js';
import { pb, type IAlert } from '../common/proto.js';
import { systemClock } from '../common/clock.js';
import { checkRedisUrl } from '../common/redis.js';
import { withAnalystRedis } from './analyst-redis.js';
import { RedisKeys } from '../common/redis-keys.js';
import { CallFailed, CollectorClient, connectionOptionSpecs } from './collector-client.js';
import { keyPrefixOption } from '../common/standard-options.js';
import { abbreviateList, formatTable, isoSeconds } from './table.js';

export const optionSpecs = {
  ...connectionOptionSpecs,
  redis: {
    type: 'string',
    description:
      'Redis URL: `show`, `ack`, `suppress` and `resolve` read and write the alert store directly; with it `list` reads Redis instead of asking the collector',
    check: (v: string) => checkRedisUrl(v),
  },
  keyPrefix: keyPrefixOption,
  state: {
    type: 'string',
    description: `list: only alerts in this state (${alertStates.join(', ')})`,
  },
  rule: { type: 'string', description: 'list: only alerts of this rule id' },
  limit: {
    type: 'int',
    description: `list: at most this many alerts (1..${maxAlertListLimit})`,
    default: defaultAlertListLimit,
  },
  note: {
    type: 'string',
    description: `ack, suppress, resolve: why (required; recorded in the alert history, ≤ ${maxNoteChars} characters)`,
  },
  who: {
    type: 'string',
    description:
      'ack, suppress, resolve: who (recorded in the alert history; default $USER, else the OS user name)',
  },
  json: { type: 'boolean', description: 'print the answer as JSON', default: false },
} as const satisfies OptionSpecs;

type AlertsConfig = ConfigOf<typeof optionSpecs>;

const usageLines = [
  'usage: gpuwatch alerts list [--state open] [--rule RULE] [--limit N] [--json] [--collector host:port] [--admin-token-file F] [--redis URL]',
  '       gpuwatch alerts show ID --redis URL [--key-prefix gpuwatch] [--json]',
  '       gpuwatch alerts ack ID --note TEXT [--who NAME] --redis URL [--key-prefix gpuwatch] [--json]',
  '       gpuwatch alerts suppress ID --note TEXT [--who NAME] --redis URL [--key-prefix gpuwatch] [--json]',
  '       gpuwatch alerts resolve ID --note TEXT [--who NAME] --redis URL [--key-prefix gpuwatch] [--json]',
  '',
  '`list` goes through the collector (Query.ListAlerts), or reads Redis when --redis is given;',
  'the others use Redis directly, because the collector has no call that changes an alert.',
  '`suppress` silences an alert (it still takes new evidence); `resolve` closes it (newer',
  'evidence of the same rule and cluster opens a new one).',
].join('\n');

/**
 * One row per alert, newest last_seen first (the order the store gives). Tenants: the anchor
 * first, then the other members, abbreviated (`t-a, t-b +3`); `--json` has them all.
 */
export function formatAlertTable(alerts: readonly IAlert[]): string {
  return formatTable(
    [
      { header: 'ID' },
      { header: 'RULE' },
      { header: 'SEVERITY' },
      { header: 'STATE' },
      { header: 'SCORE', align: 'right' },
      { header: 'TENANTS' },
      { header: 'LAST SEEN' },
    ],
    alerts.map((a) => {
      const anchor = a.anchor_tenant_id ?? '';
      const members = a.tenant_ids ?? [];
      const ordered = anchor !== '' ? [anchor, ...members.filter((t) => t !== anchor)] : [...members];
      return [
        a.alert_id ?? '',
        a.rule ?? '',
        a.severity ?? '',
        a.state ?? '',
        (a.score ?? 0).toFixed(2),
        abbreviateList(ordered),
        isoSeconds(Number(a.last_seen_unix_ms ?? 0)),
      ];
    }),
    { empty: '(no alerts)' },
  );
}

function wireObject(alert: IAlert): Record<string, unknown> {
  const { evidence_json: evidenceJson, ...rest } = pb.Alert.toObject(pb.Alert.fromObject(alert), {
    defaults: true,
    arrays: true,
    longs: Number,
  }) as Record<string, unknown> & { evidence_json?: string };
  // Scripts get the evidence as an object, as in the webhook body (docs/design.md §7).
  return { ...rest, evidence: JSON.parse(evidenceJson ?? '{}') as unknown };
}

/** An episode's length, readable: "3 d 4 h", "5 h", "40 min". */
function episodeLength(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h`;
  return `${minutes} min`;
}

/**
 * `show`: the alert's fields, its episodes (the event-time periods its condition held, oldest
 * first), its evidence as indented JSON, and its history with who, why and when.
 */
export function formatShow(alert: StoredAlert, history: readonly AlertHistoryEntry[]): string {
  const out = [
    `alert ${alert.alertId}`,
    `  rule:           ${alert.rule}`,
    `  severity:       ${alert.severity}${alert.informational ? ' (informational: never sent as a webhook)' : ''}`,
    `  state:          ${alert.state}`,
    `  score:          ${alert.score}`,
    `  cluster:        ${alert.clusterId}`,
    `  anchor tenant:  ${alert.anchorTenantId}`,
    `  tenants:        ${alert.tenantIds.join(', ')}`,
    `  first seen:     ${isoSeconds(alert.firstSeenMs)}   (event time)`,
    `  last seen:      ${isoSeconds(alert.lastSeenMs)}   (event time)`,
    `  policy version: ${alert.policyVersion}`,
    '  episodes:       (event time: when the condition held)',
    alert.episodes === undefined
      ? '    (not recorded: the alert predates episodes)'
      : formatTable(
          [
            { header: 'FROM' },
            { header: 'TO' },
            { header: 'LENGTH', align: 'right' },
            { header: 'SEVERITY' },
            { header: 'SCORE', align: 'right' },
            { header: 'POLICY' },
          ],
          alert.episodes.map((e) => [
            isoSeconds(e.startMs),
            isoSeconds(e.endMs),
            episodeLength(e.endMs - e.startMs),
            e.severity,
            e.score.toFixed(2),
            e.policyVersion,
          ]),
          { indent: '    ', empty: '(none: every episode was withdrawn)' },
        ),
    '  evidence:',
    ...JSON.stringify(alert.evidence, null, 2)
      .split('\n')
      .map((l) => `    ${l}`),
    '  history:',
    formatTable(
      [{ header: 'WHEN' }, { header: 'ACTION' }, { header: 'WHO' }, { header: 'NOTE' }],
      history.map((h) => [isoSeconds(h.atMs), h.action, h.who, h.note]),
      { indent: '    ', empty: '(none)' },
    ),
  ];
  return out.join('\n');
}

async function listViaCollector(
  config: AlertsConfig,
  query: { state: string; rule: string; limit: number },
): Promise<IAlert[]> {
  const client = CollectorClient.connect(config);
  try {
    return (await client.listAlerts(query)).alerts ?? [];
  } finally {
    client.close();
  }
}

async function list(config: AlertsConfig, args: readonly string[]): Promise<number> {
  if (args.length > 0) return usageError();
  const query = { state: config.state ?? '', rule: config.rule ?? '', limit: config.limit };
  // The store takes 0 for its default; here the default is the option's, so 0 is a mistake.
  const problems = checkAlertQuery({ ...query, limit: undefined }).map((p) => ({
    ...p,
    field: `--${p.field}`,
  }));
  const limit = checkNumber(query.limit, { min: 1, max: maxAlertListLimit, int: true });
  if (limit !== undefined) problems.push({ field: '--limit', reason: limit });
  if (problems.length > 0) throw new ConfigError(problems);
  try {
    const alerts =
      config.redis !== undefined
        ? await withStore(config, 'list', async (store) => (await store.list(query)).map(toWireAlert))
        : await listViaCollector(config, query);
    console.log(config.json ? JSON.stringify(alerts.map(wireObject), null, 2) : formatAlertTable(alerts));
    return 0;
  } catch (err: unknown) {
    if (err instanceof CallFailed) {
      console.error(`gpuwatch alerts: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function withStore<T>(
  config: AlertsConfig,
  action: string,
  fn: (store: RedisAlertStore) => Promise<T>,
): Promise<T> {
  if (config.redis === undefined) {
    throw new ConfigError([
      {
        field: '--redis',
        reason: `alerts ${action} reads and writes the alert store in Redis: give its URL`,
      },
    ]);
  }
  return withAnalystRedis(config.redis, 'gpuwatch-alerts', (redis) =>
    fn(new RedisAlertStore({ redis, keys: new RedisKeys(config.keyPrefix), clock: systemClock })),
  );
}

/** NOT_FOUND and VALIDATION_FAILED from the store are the analyst's mistakes: one line, exit 1. */
async function reportingStoreErrors(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err: unknown) {
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')) {
      console.error(`gpuwatch alerts: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function show(config: AlertsConfig, args: readonly string[]): Promise<number> {
  const [id, ...extra] = args;
  if (id === undefined || extra.length > 0) return usageError();
  return withStore(config, 'show', (store) =>
    reportingStoreErrors(async () => {
      const alert = await store.get(id);
      if (alert === undefined) {
        console.error(`gpuwatch alerts: alert ${quote(id)} not found`);
        return 1;
      }
      const history = await store.history(id);
      console.log(
        config.json
          ? JSON.stringify({ ...wireObject(toWireAlert(alert)), history }, null, 2)
          : formatShow(alert, history),
      );
      return 0;
    }),
  );
}

/** Who changes an alert when --who is not given: $USER, else the OS account, else "unknown". */
export function defaultActor(env: NodeJS.ProcessEnv): string {
  if (env.USER !== undefined && env.USER.trim() !== '') return env.USER.trim();
  try {
    const name = userInfo().username;
    if (name.trim() !== '') return name;
  } catch {
    // No passwd entry for this uid (some containers): fall through.
  }
  return 'unknown';
}

const transitions = {
  ack: { verb: 'acknowledged', apply: (s: RedisAlertStore) => s.ack.bind(s) },
  suppress: { verb: 'suppressed', apply: (s: RedisAlertStore) => s.suppress.bind(s) },
  resolve: { verb: 'resolved', apply: (s: RedisAlertStore) => s.resolve.bind(s) },
} as const;

/** `ack`, `suppress`, `resolve`: who and why go into the alert's history. */
function transition(action: keyof typeof transitions): Action {
  return async (config, args, env) => {
    const [id, ...extra] = args;
    if (id === undefined || extra.length > 0) return usageError();
    if (config.note === undefined || config.note.trim() === '') {
      throw new ConfigError([
        {
          field: '--note',
          reason: `alerts ${action} records why in the alert history: give --note TEXT, got ${config.note === undefined ? 'none' : quote(config.note)}`,
        },
      ]);
    }
    if (config.who !== undefined && config.who.trim() === '') {
      throw new ConfigError([{ field: '--who', reason: `expected a name, got ${quote(config.who)}` }]);
    }
    const who = config.who?.trim() ?? defaultActor(env);
    const { verb, apply } = transitions[action];
    return withStore(config, action, (store) =>
      reportingStoreErrors(async () => {
        const alert = await apply(store)(id, who, config.note ?? '', systemClock.nowMs());
        console.log(
          config.json
            ? JSON.stringify(wireObject(toWireAlert(alert)), null, 2)
            : `${verb} ${alert.alertId} (${alert.rule}, anchor ${alert.anchorTenantId}) by ${who}: ${config.note ?? ''}`,
        );
        return 0;
      }),
    );
  };
}

function usageError(): number {
  console.error(usageLines);
  return 2;
}

/** A subcommand: the resolved options, the positional arguments after its name, the environment. */
type Action = (config: AlertsConfig, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;

const actions: Record<string, Action> = {
  list,
  show,
  ack: transition('ack'),
  suppress: transition('suppress'),
  resolve: transition('resolve'),
};

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Webhook deliveries have options of their own (cli/alert-deliveries-command.ts).
  const sub = args.find((a) => !a.startsWith('-'));
  if (sub === 'deliveries' || sub === 'redeliver')
    return (await import('./alert-deliveries-command.js')).run(args, env);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLines, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const [name, ...rest] = positionals;
  // hasOwn: `alerts constructor` must not reach Object.prototype.
  const action = name !== undefined && Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (action === undefined) return usageError();
  return action(config, rest, env);
}
