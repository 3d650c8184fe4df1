/**
 * The pure part of usage storage, shared by RedisUsageStore and InMemoryUsageStore so both count
 * the same: how a segment turns into GPU-millisecond increments per hour and day, when a segment
 * is new or a replay, and how a tenant's usage is answered from the aggregates.
 *
 * Aggregates are integers (GPU-milliseconds): per UTC day a hash `<chip model>|<HH>` (hourly)
 * and per UTC month a hash `<chip model>|<DD>` (daily), their fields built and parsed by
 * common/usage/aggregate-fields.ts. Each hour piece of each GPU is rounded
 * on its own (`Math.round(weight × ms)`), so whole GPUs are exact and the daily sums equal the
 * hourly sums.
 */
import { chipByModel, type ControlClass } from '../../common/chips/chips.js';
import type { ITenantUsageResponse, IUsageRow } from '../../common/proto.js';
import {
  dailyField,
  hourlyField,
  parseDailyField,
  parseHourlyField,
} from '../../common/usage/aggregate-fields.js';
import { dayMs, dayStartMs, hourMs, utcDay } from '../../common/usage/usage-time.js';
import type { InventoryGpu } from './usage-store.js';

/** What a uuid missing from the agent's inventory counts as. */
export const unknownGpu: InventoryGpu = Object.freeze({
  uuid: '',
  chipModel: 'unknown',
  controlClass: 'unclassified',
  weight: 1,
});

/** GPU-milliseconds of one chip model in one UTC hour, with the names of its aggregate fields. */
export interface UsageIncrement {
  /** UTC day "YYYY-MM-DD": names the hourly hash. */
  readonly day: string;
  /** UTC month "YYYY-MM": names the daily hash. */
  readonly month: string;
  /** Field of the hourly hash: `<chip model>|<HH>`. */
  readonly hourField: string;
  /** Field of the daily hash: `<chip model>|<DD>`. */
  readonly dayField: string;
  /** Integer GPU-milliseconds. */
  readonly gpuMs: number;
}

export interface SegmentUsage {
  readonly increments: readonly UsageIncrement[];
  /** Integer GPU-milliseconds by control class (for the collector's GPU-seconds metric). */
  readonly gpuMsByClass: ReadonlyMap<ControlClass, number>;
}

interface HourCalendar {
  readonly day: string;
  readonly month: string;
  readonly hourOfDay: number;
  readonly dayOfMonth: number;
  /** Chip model → its hourly and daily field names in this hour (built once, reused). */
  readonly fields: Map<string, { readonly hourField: string; readonly dayField: string }>;
}

// Date formatting is the slow part of splitting a segment; the same few hours recur in every batch.
const calendarCache = new Map<number, HourCalendar>();

function hourCalendar(hourStartMs: number): HourCalendar {
  let cal = calendarCache.get(hourStartMs);
  if (cal === undefined) {
    const day = utcDay(hourStartMs);
    const hour = Math.floor((hourStartMs - Math.floor(hourStartMs / dayMs) * dayMs) / hourMs);
    cal = {
      day,
      month: day.slice(0, 7),
      hourOfDay: hour,
      dayOfMonth: Number(day.slice(8, 10)),
      fields: new Map(),
    };
    if (calendarCache.size >= 4096) calendarCache.clear();
    calendarCache.set(hourStartMs, cal);
  }
  return cal;
}

/**
 * Splits `[startMs, endMs)` at UTC hour edges and counts, per hour and chip model, each listed GPU
 * (a uuid listed twice counts once) as `Math.round(weight × share × ms)`: `weight` the GPU's own
 * (1, or a MIG slice's fraction), `share` the segment's gpu_shares entry for it (1 when none).
 */
export function segmentUsage(
  startMs: number,
  endMs: number,
  gpuUuids: readonly string[],
  inventory: ReadonlyMap<string, InventoryGpu>,
  /** Adds the segment's GPU-ms by class here (and returns it) instead of in a new map. */
  gpuMsByClass: Map<ControlClass, number> = new Map(),
  /** The share of each listed GPU, in the order of `gpuUuids`; empty or undefined: every one whole. */
  gpuShares?: readonly number[],
): SegmentUsage {
  const gpus: InventoryGpu[] = [];
  const weights: number[] = [];
  const shared = gpuShares !== undefined && gpuShares.length > 0;
  for (let i = 0; i < gpuUuids.length; i++) {
    const uuid = gpuUuids[i] ?? '';
    // Lists are short (GPUs of one node): a scan beats building a Set.
    if (gpuUuids.indexOf(uuid) < i) continue;
    const gpu = inventory.get(uuid) ?? unknownGpu;
    gpus.push(gpu);
    weights.push(shared ? gpu.weight * (gpuShares[i] ?? 1) : gpu.weight);
  }
  const increments: UsageIncrement[] = [];
  const models: string[] = [];
  const modelMs: number[] = [];
  // splitByHour, without building the list: this runs for every segment.
  for (let cursor = startMs; cursor < endMs;) {
    const hourStartMs = Math.floor(cursor / hourMs) * hourMs;
    const next = Math.min(hourStartMs + hourMs, endMs);
    const pieceMs = next - cursor;
    cursor = next;
    const cal = hourCalendar(hourStartMs);
    models.length = 0;
    modelMs.length = 0;
    for (let g = 0; g < gpus.length; g++) {
      const gpu = gpus[g] ?? unknownGpu;
      const ms = Math.round((weights[g] ?? 1) * pieceMs);
      if (ms <= 0) continue;
      const m = models.indexOf(gpu.chipModel);
      if (m < 0) {
        models.push(gpu.chipModel);
        modelMs.push(ms);
      } else {
        modelMs[m] = (modelMs[m] ?? 0) + ms;
      }
      gpuMsByClass.set(gpu.controlClass, (gpuMsByClass.get(gpu.controlClass) ?? 0) + ms);
    }
    for (let m = 0; m < models.length; m++) {
      const model = models[m] ?? '';
      let names = cal.fields.get(model);
      if (names === undefined) {
        names = {
          hourField: hourlyField(model, cal.hourOfDay),
          dayField: dailyField(model, cal.dayOfMonth),
        };
        cal.fields.set(model, names);
      }
      increments.push({
        day: cal.day,
        month: cal.month,
        hourField: names.hourField,
        dayField: names.dayField,
        gpuMs: modelMs[m] ?? 0,
      });
    }
  }
  return { increments, gpuMsByClass };
}

/**
 * The exactly-once test. Agent contract: one agent sends the segments of one allocation in start
 * order, and they do not overlap; so the end of the last stored segment (the watermark) divides
 * what is stored from what is new. A segment starting before the watermark is a replay. An empty
 * segment exactly at the watermark is treated as a replay too, so that replaying it cannot store
 * it twice. The Lua script in usage-script.ts applies the same test (a test holds both to one
 * table of cases).
 *
 * @param watermarkMs end of the last stored segment of this (agent, allocation); undefined if none
 */
export function isNewSegment(startMs: number, endMs: number, watermarkMs: number | undefined): boolean {
  return watermarkMs === undefined || (startMs >= watermarkMs && endMs > watermarkMs);
}

/** Hash field naming one allocation of one agent (watermarks, allocations). */
export function allocationField(agentId: string, allocationId: string): string {
  return `${agentId}\x1f${allocationId}`;
}

/** Adds GPU-ms by class into `into`; returns it. */
export function addClassMs(
  into: Map<ControlClass, number>,
  from: ReadonlyMap<ControlClass, number>,
): Map<ControlClass, number> {
  for (const [cls, ms] of from) into.set(cls, (into.get(cls) ?? 0) + ms);
  return into;
}

/** GPU-ms by class → GPU-seconds by class, as StoreBatchResult carries them. */
export function classSeconds(
  byClass: ReadonlyMap<ControlClass, number>,
): Readonly<Partial<Record<ControlClass, number>>> {
  const out: Partial<Record<ControlClass, number>> = {};
  for (const [cls, ms] of byClass) out[cls] = ms / 1000;
  return out;
}

/** A hash of aggregates: field → integer GPU-ms. */
export type AggregateHash = Readonly<Record<string, number>>;

/** Where computeTenantUsage reads a tenant's aggregates from (Redis or memory). */
export interface AggregateSource {
  /** Every UTC day the tenant has usage on ("YYYY-MM-DD"), in any order. */
  usageDays(tenantId: string): Promise<readonly string[]>;
  /** The hourly hashes of these days; a day whose hash is gone (expired) is absent. */
  hourly(tenantId: string, days: readonly string[]): Promise<ReadonlyMap<string, AggregateHash>>;
  /** The daily hashes of these months ("YYYY-MM"); a month with none is absent. */
  daily(tenantId: string, months: readonly string[]): Promise<ReadonlyMap<string, AggregateHash>>;
}

/** The range a usage query answers after rounding: whole hours, `toMs` 0 meaning now. */
export function effectiveRange(
  fromMs: number,
  toMs: number,
  nowMs: number,
): { readonly fromMs: number; readonly toMs: number } {
  const from = fromMs > 0 ? Math.floor(fromMs / hourMs) * hourMs : 0;
  const to = Math.ceil((toMs > 0 ? toMs : nowMs) / hourMs) * hourMs;
  return { fromMs: from, toMs: to };
}

/**
 * A tenant's usage in `[fromMs, toMs)`, rounded outwards to whole hours (`fromMs` 0 = from the
 * beginning, `toMs` 0 = up to now); the range answered is reported as effective_from/to. Each
 * day is read from its hourly hash while that exists (120 days by default), else from the daily
 * hash — but only when the whole day lies inside the range, since a daily value cannot be cut.
 * Rows: one per (UTC day, chip model), sorted by day then model.
 */
export async function computeTenantUsage(
  source: AggregateSource,
  tenantId: string,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<ITenantUsageResponse> {
  const range = effectiveRange(fromMs, toMs, nowMs);
  const days = (await source.usageDays(tenantId))
    .filter((day) => {
      const start = dayStartMs(day);
      return Number.isFinite(start) && start + dayMs > range.fromMs && start < range.toMs;
    })
    .sort();
  const hourly = days.length > 0 ? await source.hourly(tenantId, days) : new Map<string, AggregateHash>();
  const wholeDaysWithoutHourly = days.filter((day) => {
    const start = dayStartMs(day);
    return !hourly.has(day) && start >= range.fromMs && start + dayMs <= range.toMs;
  });
  const months = [...new Set(wholeDaysWithoutHourly.map((day) => day.slice(0, 7)))];
  const daily = months.length > 0 ? await source.daily(tenantId, months) : new Map<string, AggregateHash>();

  // day → model → GPU-ms; days are already in order.
  const perDay = new Map<string, Map<string, number>>();
  const add = (day: string, model: string, ms: number): void => {
    let models = perDay.get(day);
    if (models === undefined) {
      models = new Map();
      perDay.set(day, models);
    }
    models.set(model, (models.get(model) ?? 0) + ms);
  };
  for (const day of days) {
    const hours = hourly.get(day);
    if (hours !== undefined) {
      const dayStart = dayStartMs(day);
      for (const [field, ms] of Object.entries(hours)) {
        const f = parseHourlyField(field);
        if (f === undefined) continue;
        const hourStart = dayStart + f.hourOfDay * hourMs;
        if (hourStart >= range.fromMs && hourStart < range.toMs) add(day, f.chipModel, ms);
      }
    }
  }
  for (const day of wholeDaysWithoutHourly) {
    const dayOfMonth = Number(day.slice(8, 10));
    for (const [field, ms] of Object.entries(daily.get(day.slice(0, 7)) ?? {})) {
      const f = parseDailyField(field);
      if (f !== undefined && f.dayOfMonth === dayOfMonth) add(day, f.chipModel, ms);
    }
  }

  const rows: IUsageRow[] = [];
  let totalMs = 0;
  for (const day of [...perDay.keys()].sort()) {
    const models = perDay.get(day) ?? new Map<string, number>();
    for (const model of [...models.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const ms = models.get(model) ?? 0;
      if (ms === 0) continue;
      totalMs += ms;
      const chip = chipByModel(model);
      rows.push({
        day,
        chip_model: model,
        control_class: chip.controlClass,
        gpu_seconds: ms / 1000,
        h100e_seconds: (ms / 1000) * chip.h100e,
      });
    }
  }
  return {
    tenant_id: tenantId,
    total_gpu_seconds: totalMs / 1000,
    rows,
    effective_from_unix_ms: range.fromMs,
    effective_to_unix_ms: range.toMs,
  };
}
