/**
 * The usage arithmetic the rules share: concurrency per hour, mean, peak, occupancy, tenure and
 * H100-equivalents of controlled-chip usage, in event time. Hours arrive sorted ascending (several
 * chip models may share an hour); everything runs in flat loops over them, with one reused
 * per-hour buffer, because a sweep evaluates 100 000 tenants × 90 days of hours.
 */
import { controlClasses, isControlled, type ControlClass } from '../../common/chips/chips.js';
import { dayMs, hourMs } from '../../common/usage/usage-time.js';
import type { Severity } from '../model.js';
import type { TenantUsage } from '../../common/usage/tenant-usage.js';
import type { SeverityBands } from './severity-bands.js';

/**
 * Comparison at a threshold that tolerates the rounding of summed floating-point usage
 * (1e-12 relative): a mean that is 8 on paper is not refused for being 7.999999999999999.
 */
export function atLeast(value: number, threshold: number): boolean {
  return value >= threshold - Math.abs(threshold) * 1e-12;
}

/** The severity band `value` reaches; below medium → low. */
export function severityFor(value: number, bands: SeverityBands): Severity {
  if (atLeast(value, bands.critical)) return 'critical';
  if (atLeast(value, bands.high)) return 'high';
  if (atLeast(value, bands.medium)) return 'medium';
  return 'low';
}

/** `ms` plus whole calendar months, UTC (the 31st clamps to the month's last day). */
export function addUtcMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** Whole hours `[startMs, endMs)` of an evaluation window. */
export interface UsageWindow {
  /** Unix ms, on an hour edge. */
  readonly startMs: number;
  /** Unix ms, on an hour edge: the end of the last complete hour at the watermark. */
  readonly endMs: number;
  readonly hours: number;
}

/**
 * The `days`-long window ending at the last complete UTC hour at or before `nowMs` (the hour the
 * watermark falls in is still filling and is left out).
 */
export function usageWindow(nowMs: number, days: number): UsageWindow {
  const endMs = Math.floor(nowMs / hourMs) * hourMs;
  const hours = Math.round(days * 24);
  return { startMs: endMs - hours * hourMs, endMs, hours };
}

/** Index of the first hour at or after `ms` (binary search over sorted hours). */
export function firstHourAtOrAfter(usage: TenantUsage, ms: number): number {
  const hours = usage.hours;
  let lo = 0;
  let hi = hours.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hours[mid]?.hourStartMs ?? Infinity) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Controlled-chip usage of one or more tenants (summed) over a window. */
export interface WindowStats {
  /** Σ controlled GPU-seconds ÷ 3600 ÷ window hours: mean concurrent GPUs. */
  readonly meanGpus: number;
  /** Highest concurrent controlled GPUs in any hour. */
  readonly peakGpus: number;
  /** Share of the window's hours holding ≥ fraction × meanGpus; 0 when there is no usage. */
  readonly occupancy: number;
  /** Hours holding ≥ fraction × meanGpus. */
  readonly hoursAtFloor: number;
  /** Mean concurrent H100-equivalents held (Σ h100eSeconds ÷ 3600 ÷ window hours). */
  readonly meanH100e: number;
  /** GPU-hours per control class, controlled classes only. */
  readonly gpuHoursByClass: Readonly<Partial<Record<ControlClass, number>>>;
  /** Start of the first and end of the last hour with controlled usage; 0 when none. */
  readonly firstUsageMs: number;
  readonly lastUsageEndMs: number;
  readonly window: UsageWindow;
}

let series = new Float64Array(0);

/** Position of each class in controlClasses: a property read per hour instead of a search. */
const classIndex = Object.fromEntries(controlClasses.map((c, i) => [c, i])) as Readonly<
  Record<ControlClass, number>
>;

/**
 * Sums the controlled usage of `usages` per hour of `window` and derives mean, peak and
 * occupancy (share of hours at or above `occupancyFractionOfMean` × mean).
 */
export function windowStats(
  usages: readonly TenantUsage[],
  window: UsageWindow,
  occupancyFractionOfMean: number,
): WindowStats {
  if (series.length < window.hours) series = new Float64Array(window.hours);
  series.fill(0, 0, window.hours);
  let gpuSeconds = 0;
  let h100eSeconds = 0;
  let firstUsageMs = Infinity;
  let lastUsageEndMs = 0;
  const byClass = new Float64Array(controlClasses.length);
  for (const usage of usages) {
    const hours = usage.hours;
    for (let i = firstHourAtOrAfter(usage, window.startMs); i < hours.length; i++) {
      const h = hours[i];
      if (h === undefined || h.hourStartMs >= window.endMs) break;
      if (!isControlled(h.controlClass) || h.gpuSeconds <= 0) continue;
      const slot = Math.floor((h.hourStartMs - window.startMs) / hourMs);
      series[slot] = (series[slot] ?? 0) + h.gpuSeconds / 3600;
      gpuSeconds += h.gpuSeconds;
      h100eSeconds += h.h100eSeconds;
      const c = classIndex[h.controlClass];
      byClass[c] = (byClass[c] ?? 0) + h.gpuSeconds / 3600;
      if (h.hourStartMs < firstUsageMs) firstUsageMs = h.hourStartMs;
      if (h.hourStartMs + hourMs > lastUsageEndMs) lastUsageEndMs = h.hourStartMs + hourMs;
    }
  }
  const meanGpus = gpuSeconds / 3600 / window.hours;
  const floor = occupancyFractionOfMean * meanGpus;
  let peakGpus = 0;
  let hoursAtFloor = 0;
  for (let i = 0; i < window.hours; i++) {
    const v = series[i] ?? 0;
    if (v > peakGpus) peakGpus = v;
    if (meanGpus > 0 && atLeast(v, floor)) hoursAtFloor++;
  }
  const gpuHoursByClass: Partial<Record<ControlClass, number>> = {};
  controlClasses.forEach((cls, i) => {
    const v = byClass[i] ?? 0;
    if (v > 0) gpuHoursByClass[cls] = v;
  });
  return {
    meanGpus,
    peakGpus,
    occupancy: hoursAtFloor / window.hours,
    hoursAtFloor,
    meanH100e: h100eSeconds / 3600 / window.hours,
    gpuHoursByClass,
    firstUsageMs: firstUsageMs === Infinity ? 0 : firstUsageMs,
    lastUsageEndMs,
    window,
  };
}

/** An unbroken run of UTC days with controlled usage that reaches the watermark. */
export interface Tenure {
  /** Days from the run's first day to the window's last day, inclusive; 0 when there is no run. */
  readonly days: number;
  /** 00:00 UTC of the run's first day; 0 when there is no run. */
  readonly startMs: number;
}

/** Descending distinct UTC day numbers (ms ÷ dayMs) with controlled usage in hours before `endMs`. */
function activeDaysDescending(usage: TenantUsage, endMs: number, out: number[]): void {
  const hours = usage.hours;
  let last = NaN;
  for (let i = firstHourAtOrAfter(usage, endMs) - 1; i >= 0; i--) {
    const h = hours[i];
    if (h === undefined || !isControlled(h.controlClass) || h.gpuSeconds <= 0) continue;
    const day = Math.floor(h.hourStartMs / dayMs);
    if (day !== last) out.push(day);
    last = day;
  }
}

/**
 * Tenure at `endMs` (the window's end): the run of UTC days with controlled usage (any member,
 * any GPU count) that reaches the day of the last complete hour. A gap of up to
 * `gapToleranceDays` whole idle days inside the run — or between its last active day and the
 * window's last day — does not break it and counts in its length; a longer gap ends it. The
 * length is counted in calendar days from the run's first day to the window's last day, so
 * usage on each of the last 90 days is a tenure of 90. History before the usage given is not
 * seen: tenure is at most the span of the hours passed in.
 */
export function tenure(usages: readonly TenantUsage[], endMs: number, gapToleranceDays: number): Tenure {
  const days: number[] = [];
  for (const usage of usages) activeDaysDescending(usage, endMs, days);
  if (usages.length > 1) days.sort((a, b) => b - a);
  const lastDay = Math.floor((endMs - 1) / dayMs);
  let previous = lastDay + 1;
  let first = NaN;
  for (const day of days) {
    if (day === previous) continue;
    // Idle days between this active day and the later active one (or past the window's last day).
    if (previous - day - 1 > gapToleranceDays) break;
    first = day;
    previous = day;
  }
  if (Number.isNaN(first)) return { days: 0, startMs: 0 };
  return { days: lastDay - first + 1, startMs: first * dayMs };
}

/** Peak concurrent controlled GPUs in any hour of `[fromMs, toMs)`. */
export function peakControlledGpus(usage: TenantUsage, fromMs: number, toMs: number): number {
  const hours = usage.hours;
  let peak = 0;
  let hourStart = NaN;
  let sum = 0;
  for (let i = firstHourAtOrAfter(usage, fromMs); i < hours.length; i++) {
    const h = hours[i];
    if (h === undefined || h.hourStartMs >= toMs) break;
    if (h.hourStartMs !== hourStart) {
      hourStart = h.hourStartMs;
      sum = 0;
    }
    if (isControlled(h.controlClass)) sum += h.gpuSeconds / 3600;
    if (sum > peak) peak = sum;
  }
  return peak;
}

/** One tenant's controlled usage from its first to its last hour with any. */
export interface ActiveSpan {
  /** Start of the first hour with controlled usage. */
  readonly startMs: number;
  /** End of the last hour with controlled usage. */
  readonly endMs: number;
  /** Controlled GPU-hours ÷ span hours: mean concurrent GPUs while active. */
  readonly meanGpus: number;
  /** The controlled class with the most GPU-hours. */
  readonly dominantClass: ControlClass;
  readonly gpuHours: number;
}

/** The active span of controlled usage in hours before `endMs`; undefined when there is none. */
export function activeSpan(usage: TenantUsage, endMs: number): ActiveSpan | undefined {
  const byClass = new Float64Array(controlClasses.length);
  let startMs = Infinity;
  let lastEndMs = 0;
  let gpuHours = 0;
  for (const h of usage.hours) {
    if (h.hourStartMs >= endMs) break;
    if (!isControlled(h.controlClass) || h.gpuSeconds <= 0) continue;
    if (h.hourStartMs < startMs) startMs = h.hourStartMs;
    lastEndMs = h.hourStartMs + hourMs;
    gpuHours += h.gpuSeconds / 3600;
    const c = classIndex[h.controlClass];
    byClass[c] = (byClass[c] ?? 0) + h.gpuSeconds / 3600;
  }
  if (startMs === Infinity) return undefined;
  let dominant = 0;
  for (let i = 1; i < byClass.length; i++) if ((byClass[i] ?? 0) > (byClass[dominant] ?? 0)) dominant = i;
  return {
    startMs,
    endMs: lastEndMs,
    meanGpus: gpuHours / ((lastEndMs - startMs) / hourMs),
    dominantClass: controlClasses[dominant] ?? 'unclassified',
    gpuHours,
  };
}
