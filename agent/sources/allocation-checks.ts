/**
 * The agent checks each allocation with the collector's rules before it becomes segments
 * (common/field-checks.ts, with the default sizes of common/wire-limits.ts), so that nothing it
 * sends is refused for a reason it could have seen — and nothing is lost unseen:
 *
 * - a tenant or allocation id the collector would refuse (empty, too long, control or invisible
 *   format characters, braces) makes the allocation unattributable: no segments, a warning that
 *   names the workload and the bad value (logged once while it lasts), and its GPU-seconds
 *   counted in `gpuwatch_agent_unattributed_gpu_seconds_total{reason="invalid_id"}`;
 * - a label or workload fingerprint the collector would refuse is context, not the usage: it is
 *   left out of the segments with a warning, and the time is still attributed.
 */
import { quote } from '../../common/errors.js';
import { checkId, checkText } from '../../common/field-checks.js';
import { wireLimitDefaults } from '../../common/wire-limits.js';
import type { UnattributedReason } from '../agent-metrics.js';
import type { Allocation } from './allocation.js';

/** An allocation the agent will not send, and why. */
export interface RefusedAllocation {
  readonly allocation: Allocation;
  /** `tenant_id` or `allocation_id`. */
  readonly field: 'tenant_id' | 'allocation_id';
  /** One sentence for the log: the workload, the field, the value and the rule. */
  readonly message: string;
}

/** What checkAllocations returns. */
export interface CheckedAllocations {
  /** The allocations to build segments from (labels and fingerprint cleaned where needed). */
  readonly allocations: readonly Allocation[];
  readonly refused: readonly RefusedAllocation[];
  /** Labels or fingerprints left out, one sentence each. */
  readonly warnings: readonly string[];
}

/** Label keys that name the workload to an operator, most telling first. */
const workloadLabels = [
  'docker_container',
  'k8s_pod',
  'container_name',
  'pod',
  'slurm_job_id',
  'lease_id',
] as const;

/** "docker container \"abc…\" (container_name \"train\")": what an operator greps for. */
export function describeWorkload(a: Allocation): string {
  const named = workloadLabels.find((k) => a.labels[k] !== undefined && a.labels[k] !== a.allocation_id);
  const extra = named === undefined ? '' : ` (${named} ${quote(a.labels[named])})`;
  return `${a.via} allocation ${quote(a.allocation_id)}${extra}`;
}

/** Applies the rules of the module comment. Pure. */
export function checkAllocations(allocations: readonly Allocation[]): CheckedAllocations {
  const limits = wireLimitDefaults;
  const kept: Allocation[] = [];
  const refused: RefusedAllocation[] = [];
  const warnings: string[] = [];
  for (const a of allocations) {
    const idProblem = (['tenant_id', 'allocation_id'] as const)
      .map((field) => ({ field, problem: checkId(a[field], limits.maxIdChars) }))
      .find((p) => p.problem !== undefined);
    if (idProblem !== undefined) {
      refused.push({
        allocation: a,
        field: idProblem.field,
        message:
          `${describeWorkload(a)} holds ${a.gpu_uuids.length} GPU(s) but its ${idProblem.field} ${quote(a[idProblem.field])} is refused by the collector's rules: ${idProblem.problem ?? ''}; ` +
          'its GPU time is not attributed (counted in gpuwatch_agent_unattributed_gpu_seconds_total{reason="invalid_id"}) until the id is fixed at the source',
      });
      continue;
    }
    let labels = a.labels;
    const entries = Object.entries(a.labels).sort(([x], [y]) => x.localeCompare(y));
    const good = entries.filter(([key, value]) => {
      const problem =
        key === ''
          ? 'expected a non-empty key, got ""'
          : (checkText(key, limits.maxLabelKeyChars) ?? checkText(value, limits.maxLabelValueChars));
      if (problem !== undefined)
        warnings.push(`${describeWorkload(a)}: label ${quote(key)} left out: ${problem}`);
      return problem === undefined;
    });
    if (good.length > limits.maxLabels) {
      warnings.push(
        `${describeWorkload(a)}: ${good.length} labels, the collector takes at most ${limits.maxLabels}; kept the first ${limits.maxLabels} by key`,
      );
      good.length = limits.maxLabels;
    }
    if (good.length !== entries.length) labels = Object.fromEntries(good);
    let fingerprint = a.workload_fingerprint;
    const fingerprintProblem = checkText(fingerprint, limits.maxTextChars);
    if (fingerprintProblem !== undefined) {
      warnings.push(`${describeWorkload(a)}: workload fingerprint left out: ${fingerprintProblem}`);
      fingerprint = '';
    }
    kept.push(
      labels === a.labels && fingerprint === a.workload_fingerprint
        ? a
        : { ...a, labels, workload_fingerprint: fingerprint },
    );
  }
  return { allocations: kept, refused, warnings };
}

/**
 * Counts the GPU time that no segment attributes, per reason, without counting a span twice: each
 * key (reason + allocation) is charged from where it was last charged (or from when it was first
 * seen) to now. Keys not charged in a cycle are forgotten, so a workload that comes back starts
 * afresh.
 */
export class UnattributedTime {
  private last = new Map<string, number>();
  private seen = new Set<string>();

  /**
   * GPU-seconds to add for `gpus` GPUs held by `key` up to `nowMs`. On first sight the span
   * starts at `sinceMs` when given (not before `floorMs`), else nothing is charged yet.
   */
  charge(
    reason: UnattributedReason,
    key: string,
    gpus: number,
    nowMs: number,
    sinceMs?: number,
    floorMs = 0,
  ): number {
    const k = `${reason}\u001f${key}`;
    this.seen.add(k);
    const from = this.last.get(k) ?? (sinceMs !== undefined ? Math.max(sinceMs, floorMs) : nowMs);
    this.last.set(k, Math.max(from, nowMs));
    return nowMs > from ? (gpus * (nowMs - from)) / 1000 : 0;
  }

  /** Ends a cycle: forgets the keys that were not charged in it. */
  endCycle(): void {
    for (const k of this.last.keys()) if (!this.seen.has(k)) this.last.delete(k);
    this.seen = new Set();
  }
}
