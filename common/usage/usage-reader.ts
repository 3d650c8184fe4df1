/**
 * The one reader of tenant usage in Redis (docs/design.md §5, §6), shared by the analyst
 * programs: the detector's rules read hours (TenantUsage) and the event-time watermark derived
 * from them; `gpuwatch report` reads days (TenantDailyUsage).
 *
 * Layout read (written by the collector, see common/redis-keys.ts; fields per
 * common/usage/aggregate-fields.ts): per tenant a hash of the UTC days it has usage on
 * (`usageDays`), per day a hash `<chip model>|<HH>` → integer GPU-milliseconds (`hourly`, kept
 * 120 days), and per month a hash `<chip model>|<DD>` (`daily`, kept about 6 years).
 *
 * Hours: only days listed in usageDays are read; a listed day whose hourly hash has expired
 * simply contributes nothing. The rules need hours, and their windows (≤ 90 days by default) lie
 * inside the hourly retention, so they never need the daily hashes.
 *
 * Days: the daily hashes of every month the range touches are read (usageDays does not reach
 * that far back), so a report reaches as far back as the records do.
 *
 * Each (hour, chip model) becomes one HourlyUsage, classified by the canonical model with
 * common/chips/chips.ts chipByModel: a model not in the chip table (including the collector's
 * "unknown" for a uuid missing from the inventory) is `unclassified`, 1 H100e per GPU, and
 * peakFlop 0 (its compute is not estimated). MIG slices are already weighted in the stored
 * GPU-milliseconds (3g.40gb → 3/7 of the interval), so they need nothing here.
 *
 * Cost: hours take one round trip for the usage-days hashes of a whole batch of tenants and one
 * for all their day hashes (pipelined); days take one round trip per batch for all the month
 * hashes. The `many…` methods run up to `concurrency` such batches at once.
 */
import { crossSlotPipeline, type RedisClient } from '../redis.js';
import { chipByModel, type ControlClass } from '../chips/chips.js';
import { ConfigError, quote, type Problem } from '../errors.js';
import type { RedisKeys } from '../redis-keys.js';
import { parseDailyField, parseHourlyField } from './aggregate-fields.js';
import type { DailyUsage, HourlyUsage, TenantDailyUsage, TenantUsage } from './tenant-usage.js';
import { dayMs, dayStartMs, hourMs, monthsOf } from './usage-time.js';

/** Options of RedisUsageReader. */
export interface RedisUsageReaderOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Tenants per pipelined batch in manyTenantUsage and manyTenantDailyUsage. Default 500. */
  readonly batchSize?: number;
  /** Batches in flight at once in manyTenantUsage and manyTenantDailyUsage. Default 4. */
  readonly concurrency?: number;
}

/** The batching of RedisUsageReader, resolved. */
export interface RedisUsageReaderConfig {
  readonly batchSize: number;
  readonly concurrency: number;
}

export const redisUsageReaderDefaults: RedisUsageReaderConfig = Object.freeze({
  batchSize: 500,
  concurrency: 4,
});

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
 * Appends the hours of one day hash that overlap `[fromMs, toMs)`. Fields that are not hourly
 * fields (parseHourlyField), and values that are not positive numbers, are skipped.
 */
function addDay(
  out: HourlyUsage[],
  dayStart: number,
  hash: Readonly<Record<string, string>>,
  fromMs: number,
  toMs: number,
): void {
  for (const name in hash) {
    const field = parseHourlyField(name);
    if (field === undefined) continue;
    const hourStartMs = dayStart + field.hourOfDay * hourMs;
    if (hourStartMs + hourMs <= fromMs || hourStartMs >= toMs) continue;
    const gpuMs = Number(hash[name]);
    if (!(gpuMs > 0)) continue;
    out.push(hourlyUsage(hourStartMs, field.chipModel, gpuMs));
  }
}

/**
 * Appends the days of one month hash ("YYYY-MM") that lie wholly inside `[fromMs, toMs)` (a
 * daily value cannot be cut). Fields that are not daily fields (parseDailyField), and values
 * that are not positive numbers, are skipped.
 */
function addMonth(
  out: DailyUsage[],
  month: string,
  hash: Readonly<Record<string, string>>,
  fromMs: number,
  toMs: number,
): void {
  const monthStart = dayStartMs(`${month}-01`);
  for (const name in hash) {
    const field = parseDailyField(name);
    if (field === undefined) continue;
    const dayStart = monthStart + (field.dayOfMonth - 1) * dayMs;
    if (dayStart < fromMs || dayStart + dayMs > toMs) continue;
    const gpuMs = Number(hash[name]);
    if (!(gpuMs > 0)) continue;
    out.push({
      day: `${month}-${String(field.dayOfMonth).padStart(2, '0')}`,
      chipModel: field.chipModel,
      gpuMs,
    });
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

function resolveConfig(options: RedisUsageReaderOptions): RedisUsageReaderConfig {
  const config: RedisUsageReaderConfig = {
    batchSize: options.batchSize ?? redisUsageReaderDefaults.batchSize,
    concurrency: options.concurrency ?? redisUsageReaderDefaults.concurrency,
  };
  const problems: Problem[] = [];
  for (const field of ['batchSize', 'concurrency'] as const) {
    const v = config[field];
    if (!Number.isSafeInteger(v) || v < 1) {
      problems.push({ field, reason: `expected a positive integer, got ${quote(v)}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Reads tenants' usage from the collector's aggregates; see the module comment. */
export class RedisUsageReader {
  readonly config: RedisUsageReaderConfig;
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;

  constructor(options: RedisUsageReaderOptions) {
    this.config = resolveConfig(options);
    this.redis = options.redis;
    this.keys = options.keys;
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
  manyTenantUsage(tenantIds: readonly string[], fromMs: number, toMs: number): Promise<TenantUsage[]> {
    return this.inBatches(tenantIds, (batch) => this.readBatch(batch, fromMs, toMs));
  }

  /**
   * The daily usage of each tenant of `tenantIds` (same order, one entry per id) on the UTC days
   * that lie wholly inside `[fromMs, toMs)`, from the daily aggregates (so further back than the
   * hourly retention); read in pipelined batches as manyTenantUsage.
   */
  manyTenantDailyUsage(
    tenantIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<TenantDailyUsage[]> {
    return this.inBatches(tenantIds, (batch) => this.readDailyBatch(batch, fromMs, toMs));
  }

  /** Runs `read` on batches of `batchSize` ids, `concurrency` at once; results in id order. */
  private async inBatches<T>(
    tenantIds: readonly string[],
    read: (batch: readonly string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const { batchSize, concurrency } = this.config;
    const out: T[] = new Array<T>(tenantIds.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < tenantIds.length) {
        const start = next;
        next = Math.min(next + batchSize, tenantIds.length);
        const batch = await read(tenantIds.slice(start, next));
        for (let i = 0; i < batch.length; i++) out[start + i] = batch[i] as T;
      }
    };
    const workers = Math.min(concurrency, Math.ceil(tenantIds.length / batchSize));
    await Promise.all(Array.from({ length: workers }, worker));
    return out;
  }

  private async readDailyBatch(
    tenantIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<TenantDailyUsage[]> {
    const months = toMs > fromMs ? monthsOf(fromMs, toMs) : [];
    if (tenantIds.length === 0 || months.length === 0)
      return tenantIds.map((tenantId) => ({ tenantId, days: [] }));
    const pipe = crossSlotPipeline(this.redis);
    for (const id of tenantIds) for (const month of months) pipe.hgetall(this.keys.daily(id, month));
    const replies = await pipe.exec();
    let r = 0;
    return tenantIds.map((tenantId) => {
      const days: DailyUsage[] = [];
      for (const month of months) {
        addMonth(days, month, replyAt(replies, r++) as Record<string, string>, fromMs, toMs);
      }
      return { tenantId, days };
    });
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
