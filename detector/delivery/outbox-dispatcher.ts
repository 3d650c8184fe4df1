/**
 * Reads the alert outbox (common/alerts/alert-store.ts) through the consumer group `delivery` and turns
 * each event into one `deliver` job per endpoint that wants it. Every detector replica runs one
 * under its own consumer name; an entry is acked only after its jobs are enqueued, so a replica
 * that dies in between leaves it pending, and another claims it with XAUTOCLAIM once it has been
 * idle for `claimIdleMs`. Enqueueing twice is harmless: job ids are (endpoint, event id). Entries
 * every consumer has handed on are trimmed from the stream.
 */
import type { Queue } from 'bullmq';
import type { RedisClient } from '../../common/redis.js';
import { alertEventTypes, type AlertEventType } from '../../common/alerts/alert-events.js';
import { alertSeverities, latestEpisode, type StoredAlert } from '../../common/alerts/alert-model.js';
import { toWireAlert } from '../../common/alerts/alert-wire.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { deliverJobName, deliverJobOptions, deliveryIdFor, type DeliverJob } from './deliver-job.js';
import { deliveryDefaults } from './delivery-options.js';
import type { WebhookEndpoint, WebhookEndpoints } from './webhook-endpoints.js';

/** Consumer group of the outbox shared by every detector replica. */
export const outboxGroup = 'delivery';

/** One outbox entry, parsed. */
export interface OutboxEvent {
  /** Stream entry id. */
  readonly streamId: string;
  /** `<alertId>:<rev>`: the webhook-id. */
  readonly id: string;
  readonly type: AlertEventType;
  readonly alert: StoredAlert;
  /** Wall clock of the change, Unix ms: the body's `timestamp`. */
  readonly atMs: number;
}

export interface OutboxDispatcherOptions {
  /** Commands (XACK, XAUTOCLAIM, XTRIM). */
  readonly redis: RedisClient;
  /** A connection of its own for the blocking XREADGROUP. */
  readonly blockingRedis: RedisClient;
  readonly keys: RedisKeys;
  readonly queue: Queue<DeliverJob>;
  readonly endpoints: WebhookEndpoints;
  readonly logger: Logger;
  /** This replica's consumer name (unique per process). */
  readonly consumer: string;
  /** How long an entry stays pending with a consumer before another claims it, ms. Default 30 s. */
  readonly claimIdleMs?: number;
  /** XREADGROUP BLOCK, ms. Default 1000. */
  readonly blockMs?: number;
  /** Entries per read. Default 100. */
  readonly batchSize?: number;
}

/**
 * The Standard Webhooks body of docs/design.md §7: the wire Alert, with `evidence` as an object,
 * and `episode`: the episode that opened or changed it (its latest; event time, RFC 3339), when
 * the alert has episodes.
 */
export function webhookBody(type: AlertEventType, atMs: number, alert: StoredAlert): string {
  const { evidence_json: evidenceJson, ...wire } = toWireAlert(alert);
  const episode = latestEpisode(alert);
  return JSON.stringify({
    type,
    timestamp: new Date(atMs).toISOString(),
    data: {
      ...wire,
      evidence: JSON.parse(evidenceJson ?? '{}') as unknown,
      ...(episode === undefined
        ? {}
        : {
            episode: {
              start: new Date(episode.startMs).toISOString(),
              end: new Date(episode.endMs).toISOString(),
              severity: episode.severity,
              score: episode.score,
              tenant_ids: episode.tenantIds,
              policy_version: episode.policyVersion,
              evidence: episode.evidence,
            },
          }),
    },
  });
}

const rank = (s: string): number => (alertSeverities as readonly string[]).indexOf(s);

/**
 * Whether an endpoint's filters let an event through. An update or resolution of an alert that
 * became informational passes the severity filter: the receiver was told it was live.
 */
export function endpointWants(
  endpoint: WebhookEndpoint,
  event: Pick<OutboxEvent, 'type' | 'alert'>,
): boolean {
  if (endpoint.rules !== undefined && !endpoint.rules.includes(event.alert.rule)) return false;
  if (event.type !== 'alert.opened' && event.alert.informational) return true;
  return rank(event.alert.severity) >= rank(endpoint.minSeverity);
}

/** An outbox entry's fields as an event; undefined when it is malformed. */
export function parseOutboxEntry(streamId: string, fields: readonly string[]): OutboxEvent | undefined {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] ?? '', fields[i + 1] ?? '');
  const id = map.get('id');
  const type = map.get('type');
  const json = map.get('alert');
  const atMs = Number(map.get('at'));
  if (id === undefined || json === undefined || !(alertEventTypes as readonly unknown[]).includes(type))
    return undefined;
  try {
    return { streamId, id, type: type as AlertEventType, alert: JSON.parse(json) as StoredAlert, atMs };
  } catch {
    return undefined;
  }
}

type StreamEntries = [string, string[]][];

export class OutboxDispatcher {
  private readonly options: OutboxDispatcherOptions;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastClaimMs = 0;
  private lastTrimMs = 0;

  constructor(options: OutboxDispatcherOptions) {
    this.options = options;
  }

  /** Creates the consumer group (from the start of the stream) if it does not exist. */
  async ensureGroup(): Promise<void> {
    try {
      await this.options.redis.xgroup(
        'CREATE',
        this.options.keys.alertOutbox(),
        outboxGroup,
        '0',
        'MKSTREAM',
      );
    } catch (err: unknown) {
      if (!errorMessage(err).includes('BUSYGROUP')) throw err;
    }
  }

  async start(): Promise<void> {
    await this.ensureGroup();
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.stopped = true;
    // The blocking read returns within blockMs.
    await this.loop;
  }

  /**
   * Claims entries idle with dead consumers, reads new ones, enqueues and acks them. Returns the
   * number of events handled. `blockMs` 0 = do not block.
   */
  async dispatchOnce(blockMs = this.options.blockMs ?? 1000): Promise<number> {
    const { redis, blockingRedis, keys, consumer } = this.options;
    const count = this.options.batchSize ?? 100;
    const claimIdleMs = this.options.claimIdleMs ?? deliveryDefaults.claimIdleMs;
    let handled = 0;
    const now = Date.now();
    if (now - this.lastClaimMs >= Math.min(claimIdleMs / 2, 5000)) {
      this.lastClaimMs = now;
      let cursor = '0-0';
      do {
        const answer = (await redis.xautoclaim(
          keys.alertOutbox(),
          outboxGroup,
          consumer,
          claimIdleMs,
          cursor,
          'COUNT',
          count,
        )) as [string, StreamEntries, string[]?];
        cursor = answer[0];
        const entries = answer[1].filter((e) => e !== null && Array.isArray(e[1]));
        if (entries.length > 0) {
          this.options.logger.info('claimed outbox entries of a stopped consumer', { count: entries.length });
          handled += await this.handle(entries);
        }
      } while (cursor !== '0-0' && !this.stopped);
    }
    const read = (
      blockMs > 0
        ? await blockingRedis.xreadgroup(
            'GROUP',
            outboxGroup,
            consumer,
            'COUNT',
            count,
            'BLOCK',
            blockMs,
            'STREAMS',
            keys.alertOutbox(),
            '>',
          )
        : await redis.xreadgroup(
            'GROUP',
            outboxGroup,
            consumer,
            'COUNT',
            count,
            'STREAMS',
            keys.alertOutbox(),
            '>',
          )
    ) as [string, StreamEntries][] | null;
    const entries = read?.[0]?.[1] ?? [];
    if (entries.length > 0) handled += await this.handle(entries);
    if (Date.now() - this.lastTrimMs > 10_000) {
      this.lastTrimMs = Date.now();
      await this.trim();
    }
    return handled;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.dispatchOnce();
      } catch (err: unknown) {
        if (this.stopped) break;
        this.options.logger.warn('outbox not read: retrying', { error: errorMessage(err) });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async handle(entries: StreamEntries): Promise<number> {
    const { queue, endpoints, logger, redis, keys } = this.options;
    const jobs: { name: string; data: DeliverJob; opts: ReturnType<typeof deliverJobOptions> }[] = [];
    for (const [streamId, fields] of entries) {
      const event = parseOutboxEntry(streamId, fields);
      if (event === undefined) {
        logger.error('malformed outbox entry skipped', { streamId });
        continue;
      }
      // Informational alerts never announced make no events; this guards entries written otherwise.
      if (event.type === 'alert.opened' && event.alert.informational) continue;
      const body = webhookBody(event.type, event.atMs, event.alert);
      for (const endpoint of endpoints.all()) {
        if (!endpointWants(endpoint, event)) continue;
        const jobId = deliveryIdFor(endpoint.name, event.id);
        jobs.push({
          name: deliverJobName,
          data: {
            endpoint: endpoint.name,
            eventId: event.id,
            type: event.type,
            alertId: event.alert.alertId,
            body,
          },
          opts: deliverJobOptions(jobId),
        });
      }
    }
    if (jobs.length > 0) await queue.addBulk(jobs);
    await redis.xack(keys.alertOutbox(), outboxGroup, ...entries.map(([id]) => id));
    return entries.length;
  }

  /** Drops entries older than anything still pending or not yet read by the group. */
  private async trim(): Promise<void> {
    const { redis, keys } = this.options;
    const groups = (await redis.xinfo('GROUPS', keys.alertOutbox())) as unknown[][];
    let minId: string | undefined;
    for (const g of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      if (info.get('name') !== outboxGroup) continue;
      minId = String(info.get('last-delivered-id'));
    }
    if (minId === undefined || minId === '0-0') return;
    const pending = (await redis.xpending(keys.alertOutbox(), outboxGroup)) as [
      number,
      string | null,
      ...unknown[],
    ];
    if (pending[0] > 0 && pending[1] !== null) minId = pending[1];
    await redis.xtrim(keys.alertOutbox(), 'MINID', '~', minId);
  }
}
