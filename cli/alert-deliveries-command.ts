/**
 * `gpuwatch alerts deliveries [--dead]` and `gpuwatch alerts redeliver ID`: the webhook deliveries
 * (docs/design.md §7) as the detector keeps them in Redis. `deliveries` lists the dead letters (with
 * `--dead` only them) and otherwise also the deliver jobs pending, retrying, done or failed, and
 * the endpoints a 410 Gone disabled. `redeliver ID` sends a dead letter again with fresh attempts
 * and the same webhook-id, and re-enables its endpoint if a 410 had disabled it (the way to
 * re-enable one). A table by default, `--json` for scripts.
 */
import { Queue } from 'bullmq';
import { helpText, loadConfig, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { ConfigError, quote } from '../common/errors.js';
import { checkRedisUrl, connectRedis } from '../common/redis.js';
import { queueNames, RedisKeys } from '../common/redis-keys.js';
import { keyPrefixOption } from '../common/standard-options.js';
import { RedisDeadLetterStore, type DeadLetter } from '../detector/delivery/dead-letter-store.js';
import { redeliver, type DeliverJob } from '../detector/delivery/deliver-job.js';

/** Most rows of each kind one listing shows. */
const maxRows = 10_000;

export const optionSpecs = {
  redis: {
    type: 'string',
    description: 'Redis URL of the deployment (dead letters and the deliver queue live there)',
    check: (v: string) => checkRedisUrl(v),
  },
  keyPrefix: keyPrefixOption,
  dead: { type: 'boolean', description: 'deliveries: only the dead letters', default: false },
  limit: {
    type: 'int',
    description: `deliveries: at most this many rows of each kind (1..${maxRows})`,
    default: 100,
    range: { min: 1, max: maxRows },
  },
  json: { type: 'boolean', description: 'print the answer as JSON', default: false },
} as const satisfies OptionSpecs;

type Config = ConfigOf<typeof optionSpecs>;

const usageLines = [
  'usage: gpuwatch alerts deliveries [--dead] [--limit N] [--json] --redis URL [--key-prefix gpuwatch]',
  '       gpuwatch alerts redeliver ID --redis URL [--key-prefix gpuwatch] [--json]',
  '',
  '`redeliver` sends a dead letter again (fresh attempts, same webhook-id) and re-enables its',
  'endpoint when a 410 Gone had disabled it.',
].join('\n');

/** One row of the pending/recent listing. */
export interface DeliveryRow {
  readonly id: string;
  readonly state: string;
  readonly endpoint: string;
  readonly type: string;
  readonly webhookId: string;
  readonly attempts: number;
  readonly lastError: string;
  /** Wall clock of the last change, Unix ms. */
  readonly atMs: number;
}

function iso(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

function table(header: string[], rows: string[][], empty: string): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), ...(rows.length === 0 ? [empty] : [])].join('\n');
}

export function formatDeadLetters(letters: readonly DeadLetter[]): string {
  return table(
    ['ID', 'ENDPOINT', 'TYPE', 'ATTEMPTS', 'STATUS', 'REASON', 'AT', 'LAST ERROR'],
    letters.map((l) => [
      l.id,
      l.endpoint,
      l.type,
      String(l.attempts),
      l.lastStatus === undefined ? '-' : String(l.lastStatus),
      l.reason,
      iso(l.atMs),
      l.lastError.length > 60 ? `${l.lastError.slice(0, 59)}…` : l.lastError,
    ]),
    '(no dead letters)',
  );
}

export function formatDeliveries(rows: readonly DeliveryRow[]): string {
  return table(
    ['ID', 'STATE', 'ENDPOINT', 'TYPE', 'ATTEMPTS', 'AT', 'LAST ERROR'],
    rows.map((r) => [
      r.id,
      r.state,
      r.endpoint,
      r.type,
      String(r.attempts),
      iso(r.atMs),
      r.lastError.length > 60 ? `${r.lastError.slice(0, 59)}…` : r.lastError,
    ]),
    '(no deliveries)',
  );
}

async function deliveryRows(queue: Queue<DeliverJob>, limit: number): Promise<DeliveryRow[]> {
  const rows: DeliveryRow[] = [];
  // Pending first (what is still to happen), then the history, newest first.
  for (const state of ['active', 'wait', 'delayed', 'failed', 'completed'] as const) {
    for (const job of await queue.getJobs([state], 0, limit - 1)) {
      rows.push({
        id: job.id ?? '',
        state: state === 'delayed' ? 'retrying' : state === 'wait' ? 'waiting' : state,
        endpoint: job.data.endpoint,
        type: job.data.type,
        webhookId: job.data.eventId,
        attempts: job.attemptsMade,
        lastError: job.failedReason ?? '',
        atMs: job.finishedOn ?? job.processedOn ?? job.timestamp,
      });
    }
  }
  return rows.slice(0, limit * 5);
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLines, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const [action, id, ...extra] = positionals;
  const valid = (action === 'deliveries' && id === undefined) || (action === 'redeliver' && id !== undefined);
  if (!valid || extra.length > 0) {
    console.error(usageLines);
    return 2;
  }
  if (config.redis === undefined) {
    throw new ConfigError([
      { field: '--redis', reason: `alerts ${action} reads the delivery state in Redis: give its URL` },
    ]);
  }
  return withRedis(config, config.redis, async (deadLetters, queue) => {
    if (action === 'redeliver') {
      const done = await redeliver(queue, deadLetters, id ?? '');
      if (done === undefined) {
        console.error(`gpuwatch alerts: no dead letter ${quote(id)} (see gpuwatch alerts deliveries --dead)`);
        return 1;
      }
      const { letter, reEnabled } = done;
      console.log(
        config.json
          ? JSON.stringify({ id, endpoint: letter.endpoint, webhookId: letter.eventId, reEnabled }, null, 2)
          : `queued ${id} again (webhook-id ${letter.eventId}, endpoint ${letter.endpoint})${
              reEnabled ? `; endpoint ${letter.endpoint} re-enabled` : ''
            }`,
      );
      return 0;
    }
    const letters = await deadLetters.list(config.limit);
    const disabled = [...(await deadLetters.disabled())].map(([endpoint, d]) => ({ endpoint, ...d }));
    const rows = config.dead ? undefined : await deliveryRows(queue, config.limit);
    if (config.json) {
      console.log(
        JSON.stringify(
          {
            deadLetters: letters,
            disabledEndpoints: disabled,
            ...(rows === undefined ? {} : { deliveries: rows }),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const out: string[] = [];
    for (const d of disabled)
      out.push(
        `endpoint ${d.endpoint} disabled since ${iso(d.atMs)}: ${d.reason} (redeliver one of its dead letters to re-enable)`,
      );
    if (rows !== undefined) out.push('deliveries:', formatDeliveries(rows), '', 'dead letters:');
    out.push(formatDeadLetters(letters));
    console.log(out.join('\n'));
    return 0;
  });
}

async function withRedis(
  config: Config,
  url: string,
  fn: (deadLetters: RedisDeadLetterStore, queue: Queue<DeliverJob>) => Promise<number>,
): Promise<number> {
  const redis = connectRedis(url, {
    name: 'gpuwatch-alerts-deliveries',
    commandTimeoutMs: 10_000,
    maxRetriesPerRequest: 2,
  });
  redis.on('error', () => undefined); // the failing command reports it
  const keys = new RedisKeys(config.keyPrefix);
  const queue = new Queue<DeliverJob>(queueNames.deliver, { connection: redis, prefix: keys.queuePrefix });
  queue.on('error', () => undefined);
  try {
    return await fn(new RedisDeadLetterStore(redis, keys), queue);
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
}
