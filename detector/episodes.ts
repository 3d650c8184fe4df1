/**
 * Episodes (docs/design.md §6, §7; docs/decisions.md D-episodes): a rule's result for a cluster
 * is the set of event-time periods during which its condition held, each with the evidence at
 * the time. Derived from the cluster's whole stored history, never from when or in what order the
 * records arrived, so the same records give the same episodes.
 *
 * Windowed rules (effective ownership, structuring, frontier compute) are judged at successive
 * event-time instants — every UTC day end from the cluster's first hour of usage up to its
 * watermark, and the watermark itself — and contiguous holds merge into one episode. A prefix
 * sum over the history's hours answers each instant's mean (or compute) in O(1), so the full rule
 * runs only at instants where that necessary condition is met: most clusters never meet it, and
 * the sweep costs one pass over the hours per cluster, as before.
 *
 * Rules that state facts about the past (new-account burst, shell ring, succession, screening)
 * give one finding over the whole history; its first and last seen are the episode.
 */
import type { AlertEpisode } from '../common/alerts/alert-model.js';
import { isControlled } from '../common/chips/chips.js';
import type { TenantUsage } from '../common/usage/tenant-usage.js';
import { dayMs, hourMs } from '../common/usage/usage-time.js';
import type { Finding } from './model.js';
import { atLeast, usageWindow } from './rules/usage-metrics.js';

/** The severities, lowest first, for "the worst of an episode". */
const severityRank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;

/**
 * The event-time instants a windowed rule is judged at for a cluster whose usage starts at
 * `firstHourMs` and whose watermark is `watermarkMs`: each UTC day end after the first hour and
 * before the watermark, then the watermark. Empty when there is no usage.
 */
export function judgeInstants(firstHourMs: number, watermarkMs: number): number[] {
  if (!(firstHourMs > 0) || !(watermarkMs > firstHourMs)) return [];
  const out: number[] = [];
  for (let t = Math.floor(firstHourMs / dayMs) * dayMs + dayMs; t < watermarkMs; t += dayMs) out.push(t);
  out.push(watermarkMs);
  return out;
}

/** The start of the earliest hour with usage of any of `usages`; 0 when none. */
export function firstUsageHourMs(usages: readonly TenantUsage[]): number {
  let first = Infinity;
  for (const u of usages) {
    const h = u.hours[0];
    if (h !== undefined && h.hourStartMs < first) first = h.hourStartMs;
  }
  return first === Infinity ? 0 : first;
}

/**
 * Hourly sums over a cluster's history as prefix sums: `sumBefore(ms)` is the total of every hour
 * starting before `ms`, so a window's total is one subtraction.
 */
export class HourlyPrefix {
  private readonly startMs: number;
  private readonly cum: Float64Array;

  /** `valueOf` gives each hour's contribution (0 to leave it out). */
  constructor(
    usages: readonly TenantUsage[],
    endMs: number,
    valueOf: (h: TenantUsage['hours'][number]) => number,
  ) {
    this.startMs = firstUsageHourMs(usages);
    const hours = this.startMs > 0 ? Math.max(0, Math.ceil((endMs - this.startMs) / hourMs)) : 0;
    const slots = new Float64Array(hours);
    for (const u of usages) {
      for (const h of u.hours) {
        const slot = Math.floor((h.hourStartMs - this.startMs) / hourMs);
        if (slot < 0 || slot >= hours) continue;
        slots[slot] = (slots[slot] ?? 0) + valueOf(h);
      }
    }
    this.cum = new Float64Array(hours + 1);
    for (let i = 0; i < hours; i++) this.cum[i + 1] = (this.cum[i] ?? 0) + (slots[i] ?? 0);
  }

  sumBefore(ms: number): number {
    const slot = Math.floor((ms - this.startMs) / hourMs);
    if (slot <= 0) return 0;
    return this.cum[Math.min(slot, this.cum.length - 1)] ?? 0;
  }

  /** Total over the hours starting in `[fromMs, toMs)`. */
  sum(fromMs: number, toMs: number): number {
    return this.sumBefore(toMs) - this.sumBefore(fromMs);
  }
}

/** Controlled GPU-hours per hour, for the mean-concurrency screen of the ownership rules. */
export function controlledGpuHours(h: TenantUsage['hours'][number]): number {
  return isControlled(h.controlClass) && h.gpuSeconds > 0 ? h.gpuSeconds / 3600 : 0;
}

/** Dense peak FLOP per hour (every class), for the frontier-compute screen. */
export function peakFlopOf(h: TenantUsage['hours'][number]): number {
  return h.gpuSeconds > 0 && h.peakFlop > 0 ? h.peakFlop : 0;
}

/**
 * True when the mean of `prefix` over the `days` window ending at `atMs` may reach `threshold`
 * (the necessary condition; the rule itself decides). Tolerates the rounding atLeast tolerates.
 */
export function windowMeanMayReach(
  prefix: HourlyPrefix,
  atMs: number,
  days: number,
  threshold: number,
): boolean {
  const w = usageWindow(atMs, days);
  const mean = prefix.sum(w.startMs, w.endMs) / w.hours;
  return mean > 0 && atLeast(mean * (1 + 1e-9), threshold);
}

/** One finding as an episode under `policyVersion`. */
export function episodeOf(finding: Finding, policyVersion: string): AlertEpisode {
  return {
    startMs: finding.firstSeenMs,
    endMs: finding.lastSeenMs,
    severity: finding.severity,
    score: finding.score,
    tenantIds: [...finding.tenantIds],
    policyVersion,
    evidence: finding.evidence,
  };
}

/** A windowed rule's result at one instant (undefined: its condition did not hold). */
export interface HeldAt {
  readonly atMs: number;
  readonly finding: Finding | undefined;
}

/**
 * The episodes of a windowed rule from its results at successive instants: each run of holds is
 * one episode from the first hold's first seen to the latest last seen, with the worst severity
 * and the evidence of its last hold; episodes that touch or overlap merge. Also the latest
 * finding (the one the alert shows), undefined when the rule never held.
 */
export function episodesOf(
  results: readonly HeldAt[],
  policyVersion: string,
): { episodes: AlertEpisode[]; latest: Finding | undefined } {
  const episodes: AlertEpisode[] = [];
  let latest: Finding | undefined;
  let open = false;
  for (const { finding } of results) {
    if (finding === undefined) {
      open = false;
      continue;
    }
    latest = finding;
    const prev = episodes[episodes.length - 1];
    const next = episodeOf(finding, policyVersion);
    if (prev !== undefined && (open || next.startMs <= prev.endMs)) {
      episodes[episodes.length - 1] = {
        ...next,
        startMs: Math.min(prev.startMs, next.startMs),
        endMs: Math.max(prev.endMs, next.endMs),
        severity: severityRank[prev.severity] > severityRank[next.severity] ? prev.severity : next.severity,
      };
    } else {
      episodes.push(next);
    }
    open = true;
  }
  return { episodes, latest };
}
