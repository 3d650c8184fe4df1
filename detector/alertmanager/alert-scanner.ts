/**
 * Reads every stored alert once per forwarding round. `RedisAlertStore.list()` is made for
 * listings (newest first, at most 1000, one filter at a time); the forwarder needs every open and
 * acknowledged alert however many, plus those resolved or suppressed lately, so it walks the
 * store's by-seen index itself (keys from RedisKeys, the record format of common/alerts/alert-store.ts and alert-model.ts),
 * read-only. Alerts are few — at most one live alert per (rule, linked cluster) — so one pass a
 * minute is cheap.
 */
import type { RedisClient } from '../../common/redis.js';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import type { RedisKeys } from '../../common/redis-keys.js';

/** What the forwarder reads. */
export interface AlertScanner {
  /** Calls `keep` on every stored alert; returns those it kept, and how many records were unreadable. */
  scan(keep: (alert: StoredAlert) => boolean): Promise<{ alerts: StoredAlert[]; unreadable: number }>;
}

export interface RedisAlertScannerOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Index entries read per ZSCAN step (and alerts per pipelined read). Default 500. */
  readonly pageSize?: number;
}

export class RedisAlertScanner implements AlertScanner {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;
  private readonly pageSize: number;

  constructor(options: RedisAlertScannerOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.pageSize = options.pageSize ?? 500;
  }

  async scan(keep: (alert: StoredAlert) => boolean): Promise<{ alerts: StoredAlert[]; unreadable: number }> {
    // ZSCAN, not ZRANGE by rank: alerts written during the walk shift ranks, and a rank walk could
    // skip one; ZSCAN returns every member present for the whole walk (perhaps twice: `seen`).
    const seen = new Set<string>();
    const alerts: StoredAlert[] = [];
    let unreadable = 0;
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.zscan(this.keys.alertsBySeen(), cursor, 'COUNT', this.pageSize);
      cursor = next;
      const ids: string[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const id = flat[i];
        if (id !== undefined && !seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      }
      if (ids.length === 0) continue;
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hget(this.keys.alert(id), 'alert');
      const results = (await pipeline.exec()) ?? [];
      for (const [err, json] of results) {
        if (err !== null) throw err;
        if (typeof json !== 'string') continue; // indexed but gone: nothing to send
        const alert = parseAlert(json);
        if (alert === undefined) unreadable++;
        else if (keep(alert)) alerts.push(alert);
      }
    } while (cursor !== '0');
    return { alerts, unreadable };
  }
}

/** A stored alert, or undefined when the record lacks what the forwarder needs. */
function parseAlert(json: string): StoredAlert | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const a = value as Partial<StoredAlert>;
  const ok =
    typeof a.alertId === 'string' &&
    typeof a.rule === 'string' &&
    typeof a.severity === 'string' &&
    typeof a.state === 'string' &&
    typeof a.firstSeenMs === 'number' &&
    typeof a.lastSeenMs === 'number' &&
    typeof a.updatedAtMs === 'number' &&
    Array.isArray(a.tenantIds);
  return ok ? (value as StoredAlert) : undefined;
}
