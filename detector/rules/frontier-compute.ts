/**
 * Frontier-scale compute (docs/design.md §6.9): the cluster used enough compute in the window to train a
 * frontier model.
 *
 * Estimated training compute = Σ peakFlop (GPU-seconds × dense peak FLOP/s, every chip class —
 * compute is compute, controlled or not) over the members' hours in the frontierCompute window
 * ending at the last complete hour, × utilization. ≥ infoFlop → severity info, ≥ highFlop → high.
 * Hours whose chip's peak FLOP/s is unknown carry peakFlop 0 and add nothing; their GPU-hours
 * are listed in the evidence so an analyst sees what the estimate leaves out.
 */
import type { ControlClass } from '../../common/chips/chips.js';
import type { Finding } from '../model.js';
import type { Policy } from '../policy.js';
import { usageOf, type ClusterInputs } from './rule-inputs.js';
import { hourMs } from '../../common/usage/usage-time.js';
import { atLeast, firstHourAtOrAfter, usageWindow } from './usage-metrics.js';

export type FrontierComputeInputs = ClusterInputs;

/** Rule 9 for one cluster at watermark `nowMs`; undefined below infoFlop. */
export function frontierCompute(
  inputs: FrontierComputeInputs,
  policy: Policy,
  nowMs: number,
): Finding | undefined {
  const fc = policy.frontierCompute;
  const window = usageWindow(nowMs, fc.windowDays);
  let peakFlop = 0;
  let gpuHoursWithoutFlop = 0;
  let firstMs = Infinity;
  let lastEndMs = 0;
  const flopByClass: Partial<Record<ControlClass, number>> = {};
  for (const usage of usageOf(inputs)) {
    const hours = usage.hours;
    for (let i = firstHourAtOrAfter(usage, window.startMs); i < hours.length; i++) {
      const h = hours[i];
      if (h === undefined || h.hourStartMs >= window.endMs) break;
      if (h.gpuSeconds <= 0) continue;
      if (h.peakFlop <= 0) {
        gpuHoursWithoutFlop += h.gpuSeconds / 3600;
        continue;
      }
      peakFlop += h.peakFlop;
      flopByClass[h.controlClass] = (flopByClass[h.controlClass] ?? 0) + h.peakFlop * fc.utilization;
      if (h.hourStartMs < firstMs) firstMs = h.hourStartMs;
      if (h.hourStartMs + hourMs > lastEndMs) lastEndMs = h.hourStartMs + hourMs;
    }
  }
  const estimatedFlop = peakFlop * fc.utilization;
  if (!atLeast(estimatedFlop, fc.infoFlop)) return undefined;
  return {
    rule: 'frontier_compute',
    severity: atLeast(estimatedFlop, fc.highFlop) ? 'high' : 'info',
    score: estimatedFlop,
    tenantIds: inputs.cluster.tenantIds,
    anchorTenantId: inputs.cluster.anchorTenantId,
    firstSeenMs: firstMs,
    lastSeenMs: lastEndMs,
    informational: false,
    evidence: {
      windowStartMs: window.startMs,
      windowEndMs: window.endMs,
      estimatedTrainingFlop: estimatedFlop,
      utilization: fc.utilization,
      peakFlop,
      estimatedFlopByClass: flopByClass,
      gpuHoursWithoutKnownFlop: gpuHoursWithoutFlop,
    },
  };
}
