/**
 * UsageStore in memory, with the semantics of RedisUsageStore (watermarks, replays and overlaps,
 * batch seq, hour splitting, tenantUsage; the counting and the verdicts are shared code in
 * usage-aggregates.ts and segment-replay.ts) and no durability and no retention (the replay
 * window never closes). For unit tests of the stream protocol and for the demo.
 */
import type { ControlClass } from '../../common/chips/chips.js';
import type { ITenantUsageResponse } from '../../common/proto.js';
import {
  normalizeWorkloadFingerprint,
  workloadFingerprintDigest,
} from '../../common/tenants/workload-fingerprints.js';
import {
  addClassMs,
  allocationField,
  classSeconds,
  computeTenantUsage,
  isNewSegment,
  segmentUsage,
  type AggregateHash,
  type AggregateSource,
} from './usage-aggregates.js';
import { encodeSegmentFrame } from './audit-record.js';
import {
  agentDigestSeed,
  overlapRejection,
  segmentDigest,
  staleSeqRejection,
  verdictOf,
} from './segment-replay.js';
import type {
  AgentContext,
  HelloInfo,
  StoreBatchResult,
  StoreRejection,
  UsageStore,
  ValidSegment,
} from './usage-store.js';

/** A stored segment as the audit stream of RedisUsageStore would hold it. */
export interface InMemoryAuditEntry {
  readonly agentId: string;
  readonly segment: ValidSegment;
}

/** The last hello of an agent. */
export interface InMemoryNode extends HelloInfo {
  readonly spoolId: string;
  readonly lastHelloMs: number;
}

interface TenantState {
  readonly watermarks: Map<string, number>;
  /** segmentDigest (hex) of every stored segment: the replay window, never closed here. */
  readonly digests: Set<string>;
  /** day → field `<model>|<HH>` → GPU-ms */
  readonly hourly: Map<string, Map<string, number>>;
  /** month → field `<model>|<DD>` → GPU-ms */
  readonly daily: Map<string, Map<string, number>>;
  readonly audit: InMemoryAuditEntry[];
  /** Normalized workload fingerprint → latest end of a stored segment that ran it. */
  readonly workloads: Map<string, number>;
}

function bump(hashes: Map<string, Map<string, number>>, key: string, field: string, ms: number): void {
  let hash = hashes.get(key);
  if (hash === undefined) {
    hash = new Map();
    hashes.set(key, hash);
  }
  hash.set(field, (hash.get(field) ?? 0) + ms);
}

function toAggregates(
  hashes: Map<string, Map<string, number>> | undefined,
  names: readonly string[],
): ReadonlyMap<string, AggregateHash> {
  const out = new Map<string, AggregateHash>();
  for (const name of names) {
    const hash = hashes?.get(name);
    if (hash !== undefined && hash.size > 0) out.set(name, Object.fromEntries(hash));
  }
  return out;
}

export class InMemoryUsageStore implements UsageStore {
  private readonly tenants = new Map<string, TenantState>();
  /** agent → spool → highest stored seq */
  private readonly batchSeqs = new Map<string, Map<string, number>>();
  private readonly nodes = new Map<string, InMemoryNode>();
  /** Workload fingerprint digest → tenants (the identity index of RedisUsageStore). */
  private readonly workloadIndex = new Map<string, Set<string>>();
  private readonly source: AggregateSource = {
    usageDays: (tenantId) => Promise.resolve([...(this.tenants.get(tenantId)?.hourly.keys() ?? [])]),
    hourly: (tenantId, days) => Promise.resolve(toAggregates(this.tenants.get(tenantId)?.hourly, days)),
    daily: (tenantId, months) => Promise.resolve(toAggregates(this.tenants.get(tenantId)?.daily, months)),
  };

  recordHello(agent: AgentContext, hello: HelloInfo, nowMs: number): Promise<void> {
    this.nodes.set(agent.agentId, { ...hello, spoolId: agent.spoolId, lastHelloMs: nowMs });
    return Promise.resolve();
  }

  storeBatch(
    agent: AgentContext,
    seq: number,
    segments: readonly ValidSegment[],
    _nowMs: number,
  ): Promise<StoreBatchResult> {
    let spools = this.batchSeqs.get(agent.agentId);
    if (spools === undefined) {
      spools = new Map();
      this.batchSeqs.set(agent.agentId, spools);
    }
    const storedSeq = spools.get(agent.spoolId);
    const agentSeed = agentDigestSeed(agent.agentId);
    const digestOf = (s: ValidSegment): string =>
      segmentDigest(agentSeed, s.startMs, encodeSegmentFrame(s)).toString('hex');
    if (storedSeq !== undefined && storedSeq >= seq) {
      const rejected = segments
        .filter((s) => !(this.tenants.get(s.tenantId)?.digests.has(digestOf(s)) ?? false))
        .map((s) => staleSeqRejection(s, seq, storedSeq, agent.spoolId));
      return Promise.resolve({
        duplicateBatch: true,
        accepted: 0,
        duplicates: segments.length - rejected.length,
        rejected,
        changedTenants: [],
        gpuSecondsByClass: {},
      });
    }
    let accepted = 0;
    const rejected: StoreRejection[] = [];
    const changed = new Set<string>();
    const byClass = new Map<ControlClass, number>();
    for (const s of segments) {
      const state = this.tenant(s.tenantId);
      const field = allocationField(agent.agentId, s.allocationId);
      const watermark = state.watermarks.get(field);
      const digest = digestOf(s);
      const isNew = isNewSegment(s.startMs, s.endMs, watermark);
      const verdict = verdictOf(isNew, !isNew && state.digests.has(digest));
      if (verdict === 'overlap') rejected.push(overlapRejection(s, watermark ?? 0));
      if (verdict !== 'new') continue;
      state.digests.add(digest);
      state.watermarks.set(field, s.endMs);
      state.audit.push({ agentId: agent.agentId, segment: s });
      const usage = segmentUsage(s.startMs, s.endMs, s.gpuUuids, agent.inventory, undefined, s.gpuShares);
      for (const inc of usage.increments) {
        bump(state.hourly, inc.day, inc.hourField, inc.gpuMs);
        bump(state.daily, inc.month, inc.dayField, inc.gpuMs);
      }
      addClassMs(byClass, usage.gpuMsByClass);
      const workload = normalizeWorkloadFingerprint(s.workloadFingerprint);
      if (workload !== '') {
        const seenUntil = state.workloads.get(workload);
        if (seenUntil === undefined || s.endMs > seenUntil) state.workloads.set(workload, s.endMs);
        const d = workloadFingerprintDigest(workload);
        let holders = this.workloadIndex.get(d);
        if (holders === undefined) {
          holders = new Set();
          this.workloadIndex.set(d, holders);
        }
        holders.add(s.tenantId);
      }
      accepted++;
      changed.add(s.tenantId);
    }
    spools.set(agent.spoolId, Math.max(storedSeq ?? 0, seq));
    return Promise.resolve({
      duplicateBatch: false,
      accepted,
      duplicates: segments.length - accepted - rejected.length,
      rejected,
      // In order of first appearance in the batch, as RedisUsageStore reports them.
      changedTenants: [...new Set(segments.map((s) => s.tenantId))].filter((t) => changed.has(t)),
      gpuSecondsByClass: classSeconds(byClass),
    });
  }

  tenantUsage(tenantId: string, fromMs: number, toMs: number, nowMs: number): Promise<ITenantUsageResponse> {
    return computeTenantUsage(this.source, tenantId, fromMs, toMs, nowMs);
  }

  /** The stored segments of a tenant, in the order they were stored (the audit stream). */
  audit(tenantId: string): readonly InMemoryAuditEntry[] {
    return this.tenants.get(tenantId)?.audit ?? [];
  }

  /**
   * The workload fingerprints a tenant ran → latest end ms of a stored segment that ran each
   * (exact; RedisUsageStore keeps it to the hour).
   */
  workloads(tenantId: string): ReadonlyMap<string, number> {
    return this.tenants.get(tenantId)?.workloads ?? new Map<string, number>();
  }

  /** The tenants that ran a workload (by workloadFingerprintDigest), sorted. */
  tenantsWithWorkload(fingerprintDigest: string): string[] {
    return [...(this.workloadIndex.get(fingerprintDigest) ?? [])].sort();
  }

  /** The last hello of an agent, if any. */
  node(agentId: string): InMemoryNode | undefined {
    return this.nodes.get(agentId);
  }

  private tenant(tenantId: string): TenantState {
    let state = this.tenants.get(tenantId);
    if (state === undefined) {
      state = {
        watermarks: new Map(),
        digests: new Set(),
        hourly: new Map(),
        daily: new Map(),
        audit: [],
        workloads: new Map(),
      };
      this.tenants.set(tenantId, state);
    }
    return state;
  }
}
