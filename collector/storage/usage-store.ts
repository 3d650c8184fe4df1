/**
 * What the collector needs from storage. RedisUsageStore is the real one; InMemoryUsageStore
 * (same semantics, no durability) serves unit tests of the stream protocol.
 */
import type { ControlClass } from '../../common/chips/chips.js';
import type { ITenantUsageResponse } from '../../common/proto.js';

/** One GPU of an agent's inventory, classified once at hello. */
export interface InventoryGpu {
  readonly uuid: string;
  /** Canonical chip model, or the reported name when unknown. */
  readonly chipModel: string;
  readonly controlClass: ControlClass;
  /** Share of a whole GPU: 1, or a MIG instance's slice fraction (3g → 3/7). */
  readonly weight: number;
}

/** The agent a stream speaks for, fixed by its hello. */
export interface AgentContext {
  readonly agentId: string;
  readonly spoolId: string;
  /** uuid → GPU. A segment naming a uuid not here counts as chip "unknown", unclassified, weight 1. */
  readonly inventory: ReadonlyMap<string, InventoryGpu>;
}

/** A segment that passed validation (docs/design.md §3 limits), in the batch's order. */
export interface ValidSegment {
  /** Position in the batch, for rejections and logs. */
  readonly index: number;
  readonly tenantId: string;
  readonly allocationId: string;
  readonly gpuUuids: readonly string[];
  /**
   * The share of each GPU held, one per `gpuUuids` entry, each in (0, 1]; empty or absent: every
   * GPU whole. GPU-ms = duration × share × the GPU's weight.
   */
  readonly gpuShares?: readonly number[];
  readonly startMs: number;
  readonly endMs: number;
  readonly gpuUtilization: number | undefined;
  readonly memoryUsedBytes: number | undefined;
  readonly source: string;
  readonly workloadFingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The segment exactly as the agent encoded it, framed as field 2 of a UsageBatch (see
   * SizedAgentMessage.segmentFrames): the audit log keeps these bytes. When absent the store
   * encodes the fields above.
   */
  readonly encoded?: Uint8Array;
}

/** A segment the store refused (it overlaps stored usage or comes in a batch with an old seq). */
export interface StoreRejection {
  /** ValidSegment.index: the segment's position in the batch. */
  readonly index: number;
  readonly field: string;
  readonly reason: string;
}

export interface StoreBatchResult {
  /**
   * The batch's seq was not above the one stored for the spool: nothing was written; its
   * segments are replays (`duplicates`) or `rejected`.
   */
  readonly duplicateBatch: boolean;
  /** Segments newly stored. */
  readonly accepted: number;
  /** Segments that are byte-identical replays of stored ones: counted once, not again. */
  readonly duplicates: number;
  /**
   * Segments refused, in batch order: a segment that starts before the end of its allocation's
   * stored usage without being a replay, or new content in a batch whose seq is not above the
   * spool's stored seq (docs/design.md §3).
   */
  readonly rejected: readonly StoreRejection[];
  /** Tenants whose usage changed: the ones to evaluate. */
  readonly changedTenants: readonly string[];
  /** GPU-seconds newly stored, by control class (for the collector's metric). */
  readonly gpuSecondsByClass: Readonly<Partial<Record<ControlClass, number>>>;
}

export interface UsageStore {
  /** Records an agent's hello: node inventory, site, version, last seen. */
  recordHello(agent: AgentContext, hello: HelloInfo, nowMs: number): Promise<void>;
  /**
   * Stores the valid segments of batch `seq`, each exactly once, and resolves only when all
   * of it is durable. Safe to call again with the same or re-batched segments: a byte-identical
   * replay of a stored segment counts as a duplicate (within the replay window); any other
   * segment that starts before its allocation's stored end is rejected, never dropped.
   */
  storeBatch(
    agent: AgentContext,
    seq: number,
    segments: readonly ValidSegment[],
    nowMs: number,
  ): Promise<StoreBatchResult>;
  /** Usage of one tenant in `[fromMs, toMs)`; 0 = unbounded. Rounded to whole hours. */
  tenantUsage(tenantId: string, fromMs: number, toMs: number, nowMs: number): Promise<ITenantUsageResponse>;
}

export interface HelloInfo {
  readonly cluster: string;
  readonly site: string;
  readonly agentVersion: string;
  /** The inventory as the agent sent it (proto field names), stored as JSON. */
  readonly gpus: readonly Readonly<Record<string, unknown>>[];
}
