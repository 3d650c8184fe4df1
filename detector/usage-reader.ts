/**
 * The detector's usage reader (docs/design.md §5, §6): a tenant's hourly aggregates from Redis as the
 * rules take them (detector/model.ts TenantUsage), and the event-time watermark derived from them.
 *
 * Layout read (written by the collector, see common/redis-keys.ts): per tenant a hash of the UTC
 * days it has usage on (`usageDays`), and per day a hash `<chip model>|<HH>` → integer
 * GPU-milliseconds (`hourly`). Only days listed in usageDays are read; a listed day whose hourly
 * hash has expired (kept 120 days) simply contributes nothing. Daily hashes are not read: the
 * rules need hours, and their windows (≤ 90 days by default) lie inside the hourly retention.
 *
 * Each (hour, chip model) becomes one HourlyUsage, classified by the canonical model with
 * common/chips/chips.ts chipByModel: a model not in the chip table (including the collector's
 * "unknown" for a uuid missing from the inventory) is `unclassified`, 1 H100e per GPU, and
 * peakFlop 0 (its compute is not estimated). MIG slices are already weighted in the stored
 * GPU-milliseconds (3g.40gb → 3/7 of the interval), so they need nothing here.
 *
 * Cost: one round trip for the usage-days hashes of a whole batch of tenants and one for all
 * their day hashes (pipelined); manyTenantUsage runs up to `concurrency` such batches at once.
 */
import { crossSlotPipeline, type RedisClient } from '../common/redis.js';
import { chipByModel, type ControlClass } from '../common/chips/chips.js';
import type { RedisKeys } from '../common/redis-keys.js';
import { dayMs, dayStartMs, hourMs } from '../common/usage/usage-time.js';
import type { HourlyUsage, TenantUsage } from './model.js';

export interface RedisUsageReaderOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Tenants per pipelined batch in manyTenantUsage. Default 500. */
  readonly batchSize?: number;
  /** Batches in flight at once in manyTenantUsage. Default 4. */
  readonly concurrency?: number;
}

interface ChipFacts {
  readonly controlClass: ControlClass;
  readonly h100e: number;
  /** Dense peak FLOP/s of one GPU; 0 when unknown. */
  readonly densePeakFlops: number;
}

const chipFacts = new Map<string, ChipFacts>();

/** What the rules need of a chip model, memoized (chipByModel scans the chip table). */
function factsOf(model: string): ChipFacts {
  let facts = chipFacts.get(model);
  if (facts === undefined) {
    const c = chipByModel(model);
    facts = { controlClass: c.controlClass, h100e: c.h100e, densePeakFlops: c.densePeakFlops ?? 0 };
    // Models are few; a hostile stream of made-up names cannot grow this without bound.
    if (chipFacts.size >= 10_000) chipFacts.clear();
    chipFacts.set(model, facts);
  }
  return facts;
}

/** One hourly aggregate field as the rules see it. */
export function hourlyUsage(hourStartMs: number, chipModel: string, gpuMs: number): HourlyUsage {
  const facts = factsOf(chipModel);
  const gpuSeconds = gpuMs / 1000;
  return {
    hourStartMs,
    chipModel,
    controlClass: facts.controlClass,
    gpuSeconds,
    h100eSeconds: gpuSeconds * facts.h100e,
    peakFlop: gpuSeconds * facts.densePeakFlops,
  };
}

function byHourThenModel(a: HourlyUsage, b: HourlyUsage): number {
  if (a.hourStartMs !== b.hourStartMs) return a.hourStartMs - b.hourStartMs;
  return a.chipModel < b.chipModel ? -1 : a.chipModel > b.chipModel ? 1 : 0;
}

/** The UTC days of `days` ("YYYY-MM-DD") overlapping `[fromMs, toMs)`, ascending, with their start. */
function daysInRange(
  days: readonly string[],
  fromMs: number,
  toMs: number,
): { day: string; startMs: number }[] {
  const out: { day: string; startMs: number }[] = [];
  for (const day of days) {
    const startMs = dayStartMs(day);
    if (Number.isFinite(startMs) && startMs + dayMs > fromMs && startMs < toMs) out.push({ day, startMs });
  }
  out.sort((a, b) => a.startMs - b.startMs);
  return out;
}

/**
 * Appends the hours of one day hash that overlap `[fromMs, toMs)`. Fields that are not
 * `<model>|<HH>` with HH in 00–23, and values that are not positive numbers, are skipped.
 */
function addDay(
  out: HourlyUsage[],
  dayStart: number,
  hash: Readonly<Record<string, string>>,
  fromMs: number,
  toMs: number,
): void {
  for (const field in hash) {
    const bar = field.lastIndexOf('|');
    if (bar <= 0 || field.length - bar !== 3) continue;
    const hh = Number(field.slice(bar + 1));
    if (!Number.isInteger(hh) || hh < 0 || hh > 23) continue;
    const hourStartMs = dayStart + hh * hourMs;
    if (hourStartMs + hourMs <= fromMs || hourStartMs >= toMs) continue;
    const gpuMs = Number(hash[field]);
    if (!(gpuMs > 0)) continue;
    out.push(hourlyUsage(hourStartMs, field.slice(0, bar), gpuMs));
  }
}

type PipelineReply = [Error | null, unknown][] | null;

function replyAt(replies: PipelineReply, i: number): unknown {
  const entry = replies?.[i];
  if (entry === undefined)
    throw new Error('usage reader: Redis pipeline returned fewer replies than commands');
  if (entry[0] !== null) throw entry[0];
  return entry[1];
}

/**
 * The event-time watermark the rules take as `nowMs`: the end of the latest hour with usage in
 * `usages` (its start + 1 h), 0 when there is none.
 *
 * Why the end of that hour: aggregates keep hours, not segment ends, so the exact latest segment
 * end is not known from them; the end of its hour is the closest bound that makes the rules'
 * windows (usageWindow: hours before the watermark's hour) include that latest hour. A sweep
 * takes the maximum over every tenant read (fleet-wide event time), so one quiet tenant is still
 * judged at the fleet's "now"; cap it with the wall clock plus the allowed skew (docs/design.md §2)
 * before use, since a hostile or broken agent can report future hours.
 */
export function latestUsageEndMs(usages: Iterable<TenantUsage>): number {
  let latest = 0;
  for (const u of usages) {
    const last = u.hours[u.hours.length - 1];
    if (last !== undefined && last.hourStartMs + hourMs > latest) latest = last.hourStartMs + hourMs;
  }
  return latest;
}

export class RedisUsageReader {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(options: RedisUsageReaderOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = options.concurrency ?? 4;
    for (const [name, v] of [
      ['batchSize', this.batchSize],
      ['concurrency', this.concurrency],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 1) {
        throw new RangeError(`RedisUsageReader: ${name} must be a positive integer, got ${String(v)}`);
      }
    }
  }

  /**
   * The nodes (agent ids) each tenant's allocations landed on within the hourly retention, as the
   * collector records them (`RedisKeys.tenantNodes`); one concurrent HKEYS per tenant.
   */
  async tenantNodes(tenantIds: readonly string[]): Promise<Map<string, readonly string[]>> {
    const nodes = await Promise.all(tenantIds.map((id) => this.redis.hkeys(this.keys.tenantNodes(id))));
    return new Map(tenantIds.map((id, i) => [id, nodes[i] ?? []]));
  }

  /**
   * One tenant's usage in hours overlapping `[fromMs, toMs)` (Unix ms), sorted by hour then chip
   * model; a tenant without usage has no hours.
   */
  async tenantUsage(tenantId: string, fromMs: number, toMs: number): Promise<TenantUsage> {
    const [usage] = await this.readBatch([tenantId], fromMs, toMs);
    return usage ?? { tenantId, hours: [] };
  }

  /**
   * The usage of each tenant of `tenantIds` (same order, one entry per id, duplicates allowed),
   * as tenantUsage, read in pipelined batches of `batchSize` with at most `concurrency` batches
   * in flight.
   */
  async manyTenantUsage(tenantIds: readonly string[], fromMs: number, toMs: number): Promise<TenantUsage[]> {
    const out: TenantUsage[] = new Array<TenantUsage>(tenantIds.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < tenantIds.length) {
        const start = next;
        next = Math.min(next + this.batchSize, tenantIds.length);
        const batch = await this.readBatch(tenantIds.slice(start, next), fromMs, toMs);
        for (let i = 0; i < batch.length; i++) out[start + i] = batch[i] as TenantUsage;
      }
    };
    const workers = Math.min(this.concurrency, Math.ceil(tenantIds.length / this.batchSize));
    await Promise.all(Array.from({ length: workers }, worker));
    return out;
  }

  private async readBatch(
    tenantIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<TenantUsage[]> {
    if (tenantIds.length === 0 || !(toMs > fromMs))
      return tenantIds.map((tenantId) => ({ tenantId, hours: [] }));
    const daysPipe = crossSlotPipeline(this.redis);
    for (const id of tenantIds) daysPipe.hkeys(this.keys.usageDays(id));
    const daysReplies = await daysPipe.exec();
    const wanted = tenantIds.map((_, i) => daysInRange(replyAt(daysReplies, i) as string[], fromMs, toMs));

    const hourPipe = crossSlotPipeline(this.redis);
    tenantIds.forEach((id, i) => {
      for (const d of wanted[i] ?? []) hourPipe.hgetall(this.keys.hourly(id, d.day));
    });
    const hourReplies = hourPipe.length > 0 ? await hourPipe.exec() : [];
    let r = 0;
    return tenantIds.map((tenantId, i) => {
      const hours: HourlyUsage[] = [];
      for (const d of wanted[i] ?? []) {
        addDay(hours, d.startMs, replyAt(hourReplies, r++) as Record<string, string>, fromMs, toMs);
      }
      hours.sort(byHourThenModel);
      return { tenantId, hours };
    });
  }
}
