/**
 * A tenant's usage as the analyst programs read it (docs/design.md §5, §6): the detector's rules
 * take hours, `gpuwatch report` takes days. Read from the collector's aggregates by
 * common/usage/usage-reader.ts.
 */
import type { ControlClass } from '../chips/chips.js';

/** GPU-seconds of one tenant in one UTC hour on one chip model. */
export interface HourlyUsage {
  /** Start of the UTC hour, Unix ms. */
  readonly hourStartMs: number;
  readonly chipModel: string;
  readonly controlClass: ControlClass;
  readonly gpuSeconds: number;
  /** gpuSeconds × the chip's H100-equivalents. */
  readonly h100eSeconds: number;
  /** gpuSeconds × the chip's dense peak FLOP/s × 1 (utilization is applied by the rule); 0 when unknown. */
  readonly peakFlop: number;
}

/** Usage of one tenant over the evaluated window, hours sorted ascending. */
export interface TenantUsage {
  readonly tenantId: string;
  readonly hours: readonly HourlyUsage[];
}

/** GPU-milliseconds of one tenant on one chip model on one UTC day (the daily aggregates). */
export interface DailyUsage {
  /** The UTC day, "YYYY-MM-DD". */
  readonly day: string;
  readonly chipModel: string;
  /** Integer GPU-milliseconds, exact as stored. */
  readonly gpuMs: number;
}

/** Daily usage of one tenant over a range of whole days, ordered by month. */
export interface TenantDailyUsage {
  readonly tenantId: string;
  readonly days: readonly DailyUsage[];
}
