/**
 * `gpuwatch alerts list|show|ack`: the analyst's view of the alerts (DESIGN §7).
 *
 * - `list` asks a collector's Query.ListAlerts, like `gpuwatch usage` (admin token).
 * - `show ID` and `ack ID` read and write the alert store in Redis directly (`--redis`): the
 *   collector has no RPC that changes an alert, and `show` needs the history, which the wire
 *   Alert does not carry.
 *
 * A table by default, `--json` for scripts.
 */
import { checkAlertQuery, RedisAlertStore, toWireAlert, type StoredAlert } from '../common/alert-store.js';
import { helpText, loadConfig, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { AppError, ConfigError, quote } from '../common/errors.js';
import { pb, type IAlert } from '../common/proto.js';
import { systemClock } from '../common/clock.js';
import { checkRedisUrl, connectRedis } from '../common/redis.js';
import { RedisKeys } from '../common/redis-keys.js';
import { CallFailed, CollectorClient, connectionOptionSpecs } from './collector-client.js';
import { keyPrefixOption } from '../common/standard-options.js';

export const optionSpecs = {
  ...connectionOptionSpecs,
  redis: {
    type: 'string',
    description: 'Redis URL, for `alerts show` and `alerts ack` (they read and write the store directly)',
    check: (v: string) => checkRedisUrl(v),
  },
  keyPrefix: keyPrefixOption,
  state: {
    type: 'string',
    description: 'list: only alerts in this state (open, acknowledged, suppressed, resolved)',
  },
  rule: { type: 'string', description: 'list: only alerts of this rule id' },
  limit: { type: 'int', description: 'list: at most this many alerts (1..1000)', default: 100 },
  note: { type: 'string', description: 'ack: why (recorded in the alert history)' },
  who: { type: 'string', description: 'ack: who acknowledges (default: $USER)' },
  json: { type: 'boolean', description: 'print the answer as JSON', default: false },
} as const satisfies OptionSpecs;

type AlertsConfig = ConfigOf<typeof optionSpecs>;

const usageLines = [
  'usage: gpuwatch alerts list [--state open] [--rule RULE] [--limit N] [--json] [--collector host:port] [--admin-token-file F]',
  '       gpuwatch alerts show ID --redis URL [--key-prefix gpuwatch] [--json]',
  '       gpuwatch alerts ack ID --note TEXT [--who NAME] --redis URL [--key-prefix gpuwatch] [--json]',
  '',
  '`list` goes through the collector (Query.ListAlerts); `show` and `ack` use Redis directly,',
  'because the collector has no call that changes an alert.',
].join('\n');

function iso(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace('.000Z', 'Z') : '';
}

/** One row per alert, newest last_seen first (the order the store gives). */
export function formatAlertTable(alerts: readonly IAlert[]): string {
  const header = ['ID', 'RULE', 'SEVERITY', 'STATE', 'SCORE', 'LAST SEEN', 'ANCHOR', 'TENANTS'];
  const rows = alerts.map((a) => [
    a.alert_id ?? '',
    a.rule ?? '',
    a.severity ?? '',
    a.state ?? '',
    (a.score ?? 0).toFixed(2),
    iso(Number(a.last_seen_unix_ms ?? 0)),
    a.anchor_tenant_id ?? '',
    String((a.tenant_ids ?? []).length),
  ]);
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((cell, i) => (i === 4 || i === 7 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (rows.length === 0) out.push('(no alerts)');
  return out.join('\n');
}

function wireObject(alert: IAlert): Record<string, unknown> {
  const { evidence_json: evidenceJson, ...rest } = pb.Alert.toObject(pb.Alert.fromObject(alert), {
    defaults: true,
    arrays: true,
    longs: Number,
  }) as Record<string, unknown> & { evidence_json?: string };
  // Scripts get the evidence as an object, as in the webhook body (DESIGN §7).
  return { ...rest, evidence: JSON.parse(evidenceJson ?? '{}') as unknown };
}

async function list(config: AlertsConfig): Promise<number> {
  const query = { state: config.state ?? '', rule: config.rule ?? '', limit: config.limit };
  const problems = checkAlertQuery(query).map((p) => ({ ...p, field: `--${p.field}` }));
  if (query.limit < 1)
    problems.push({ field: '--limit', reason: `expected 1..1000, got ${quote(query.limit)}` });
  if (problems.length > 0) throw new ConfigError(problems);
  const client = CollectorClient.connect(config);
  try {
    const response = await client.listAlerts(query);
    const alerts = response.alerts ?? [];
    console.log(config.json ? JSON.stringify(alerts.map(wireObject), null, 2) : formatAlertTable(alerts));
    return 0;
  } catch (err: unknown) {
    if (err instanceof CallFailed) {
      console.error(`gpuwatch alerts: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    client.close();
  }
}

function formatShow(alert: StoredAlert, history: Awaited<ReturnType<RedisAlertStore['history']>>): string {
  const out = [
    `alert ${alert.alertId}`,
    `  rule:           ${alert.rule}`,
    `  severity:       ${alert.severity}${alert.informational ? ' (informational: never sent as a webhook)' : ''}`,
    `  state:          ${alert.state}`,
    `  score:          ${alert.score}`,
    `  cluster:        ${alert.clusterId}`,
    `  anchor tenant:  ${alert.anchorTenantId}`,
    `  tenants:        ${alert.tenantIds.join(', ')}`,
    `  first seen:     ${iso(alert.firstSeenMs)}`,
    `  last seen:      ${iso(alert.lastSeenMs)}`,
    `  policy version: ${alert.policyVersion}`,
    '  evidence:',
    ...JSON.stringify(alert.evidence, null, 2)
      .split('\n')
      .map((l) => `    ${l}`),
    '  history:',
    ...history.map(
      (h) => `    ${iso(h.atMs)}  ${h.action.padEnd(12)}  ${h.who}${h.note !== '' ? `: ${h.note}` : ''}`,
    ),
  ];
  return out.join('\n');
}

async function withStore(
  config: AlertsConfig,
  action: string,
  fn: (store: RedisAlertStore) => Promise<number>,
): Promise<number> {
  if (config.redis === undefined) {
    throw new ConfigError([
      {
        field: '--redis',
        reason: `alerts ${action} reads and writes the alert store in Redis: give its URL`,
      },
    ]);
  }
  const redis = connectRedis(config.redis, {
    name: 'gpuwatch-alerts',
    commandTimeoutMs: 10_000,
    maxRetriesPerRequest: 2,
  });
  redis.on('error', () => undefined); // the failing command reports it
  try {
    return await fn(
      new RedisAlertStore({ redis, keys: new RedisKeys(config.keyPrefix), clock: systemClock }),
    );
  } finally {
    redis.disconnect();
  }
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLines, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const [action, id, ...extra] = positionals;
  if (action === 'list' && id === undefined) return list(config);
  if ((action !== 'show' && action !== 'ack') || id === undefined || extra.length > 0) {
    console.error(usageLines);
    return 2;
  }
  if (action === 'ack' && (config.note === undefined || config.note.trim() === '')) {
    throw new ConfigError([{ field: '--note', reason: 'alerts ack records why: give --note TEXT' }]);
  }
  return withStore(config, action, async (store) => {
    try {
      if (action === 'show') {
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
      }
      const who = config.who ?? env.USER ?? 'cli';
      const alert = await store.ack(id, who, config.note ?? '', systemClock.nowMs());
      console.log(
        config.json
          ? JSON.stringify(wireObject(toWireAlert(alert)), null, 2)
          : `acknowledged ${alert.alertId} (${alert.rule}, anchor ${alert.anchorTenantId}) by ${who}`,
      );
      return 0;
    } catch (err: unknown) {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')) {
        console.error(`gpuwatch alerts: ${err.message}`);
        return 1;
      }
      throw err;
    }
  });
}
