/**
 * The collector's storage in Redis (docs/design.md §4, §5): segments stored exactly once per
 * (agent, allocation, start), aggregates per tenant × chip model × hour and × day, the audit
 * stream, current allocations, and a durability barrier before each batch is acked.
 *
 * Exactly-once rests on a per-(agent, allocation) watermark — the end of the last stored segment
 * — instead of a dedup key per segment kept as long as the data (~100 bytes per segment for 400
 * days). The contract (proto/gpuwatch/v1/telemetry.proto): **the segments of one allocation tile
 * time in start order, one segment listing all the allocation's GPUs, and seq strictly increases
 * per spool.** A segment starting before the watermark is a replay if it is byte-identical to a
 * stored one — known by a 12-byte digest kept for the replay window (segment-replay.ts) — and is
 * otherwise rejected with a reason naming the stored end; nothing is dropped silently. A batch
 * whose seq is not above the spool's stored seq is only looked up: replays are duplicates, the
 * rest is rejected.
 *
 * A batch is grouped by tenant; each group is one Lua call in that tenant's hash slot (all keys
 * in KEYS, one hash tag), so the script works on a Redis Cluster, where no script or MULTI may
 * span tenants. The calls of a batch go out in one ioredis pipeline (one socket write, no
 * MULTI); a Cluster client would need one pipeline per node, the calls stay the same.
 *
 * Costs, per segment: one XADD and a share of its tenant's call; per tenant call: one HMGET of
 * the watermarks, one HSET each of watermarks and allocations, one HINCRBY per (hour or day,
 * chip model), one HMGET + HSET of the workload fingerprints when a call reaches a new hour for
 * one, and — once per tenant per maintenance interval, or when an aggregate key is new — EXPIREs
 * and an XTRIM.
 *
 * Workload fingerprints (linkage evidence, common/tenants/workload-fingerprints.ts): the script keeps per
 * tenant the fingerprints of stored segments with the latest end that ran each, to the hour (a
 * process asks for a write only when a call reaches a later hour than it last wrote); the tenant joins
 * the identity index set of each (another slot, so a plain SADD after the script, at most once
 * per tenant, fingerprint and maintenance interval per process).
 *
 * This file is the store itself. Beside it: the options and their defaults
 * (redis-usage-store-config.ts), the pure builder of each tenant's script call and reader of its
 * reply (store-segments-call.ts), the scripts (usage-script.ts) and pruning (usage-pruning.ts).
 */
import { crossSlotPipeline, type RedisClient } from '../../common/redis.js';
import type { ControlClass } from '../../common/chips/chips.js';
import { quote, ValidationError } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { ITenantUsageResponse } from '../../common/proto.js';
import { FleetWatermark } from '../../common/usage/fleet-watermark.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { hourMs } from '../../common/usage/usage-time.js';
import { workloadFingerprintDigest } from '../../common/tenants/workload-fingerprints.js';
import { DurabilityBarrier, type DurabilityReport } from './durability.js';
import {
  resolveRedisUsageStoreConfig,
  type RedisUsageStoreConfig,
  type RedisUsageStoreOptions,
} from './redis-usage-store-config.js';
import {
  prepareStoreSegmentsCall,
  readStoreSegmentsReply,
  type GroupResult,
  type Maintenance,
  type StoreCallTtls,
  type WorkloadMemo,
} from './store-segments-call.js';
import {
  addClassMs,
  classSeconds,
  computeTenantUsage,
  type AggregateHash,
  type AggregateSource,
} from './usage-aggregates.js';
import { pruneTenantState } from './usage-pruning.js';
import { encodeSegmentFrame } from './audit-record.js';
import {
  agentDigestSeed,
  digestsInclude,
  replayBucketStartMs,
  segmentDigest,
  staleSeqRejection,
} from './segment-replay.js';
import { defineUsageScripts, type UsageScriptCommands, type UsageScriptPipeline } from './usage-script.js';
import type {
  AgentContext,
  HelloInfo,
  StoreBatchResult,
  StoreRejection,
  UsageStore,
  ValidSegment,
} from './usage-store.js';

/** Beyond this many tenants the maintenance memo starts over (it costs only extra EXPIREs). */
const maxMaintainedTenants = 200_000;

const ttlSeconds = (ms: number): number => Math.ceil(ms / 1000);

function toAggregate(hash: Record<string, string>): AggregateHash {
  const out: Record<string, number> = {};
  for (const [field, value] of Object.entries(hash)) out[field] = Number(value);
  return out;
}

export class RedisUsageStore implements UsageStore {
  readonly config: RedisUsageStoreConfig;
  private readonly redis: RedisClient & UsageScriptCommands;
  private readonly keys: RedisKeys;
  private readonly logger: Logger;
  private readonly barrier: DurabilityBarrier;
  private readonly source: AggregateSource;
  private readonly clock: Clock;
  /** Per tenant: until when its TTLs count as fresh, and the aggregate keys given one since. */
  private readonly maintenance = new Map<string, Maintenance & { readonly keys: Set<string> }>();
  /** `<tenant>\x1f<fingerprint>` → what this process wrote for it (saves writes, never needed). */
  private readonly workloadMemo = new Map<string, WorkloadMemo>();
  /** `<tenant>\x1f<agent>` → the hour end this process last recorded for the pair. */
  private readonly nodeMemo = new Map<string, number>();
  /** Normalized fingerprint → its digest (the same images recur in every batch). */
  private readonly workloadDigests = new Map<string, string>();
  private readonly fleetWatermark: FleetWatermark;
  private readonly ttls: StoreCallTtls;

  constructor(options: RedisUsageStoreOptions) {
    this.config = resolveRedisUsageStoreConfig(options);
    this.clock = options.clock ?? systemClock;
    const { archiveEnabled, auditRetentionMs } = this.config;
    this.ttls = Object.freeze({
      hourlySeconds: ttlSeconds(this.config.hourlyRetentionMs),
      dailySeconds: ttlSeconds(this.config.dailyRetentionMs),
      stateSeconds: ttlSeconds(this.config.watermarkRetentionMs),
      auditSeconds: archiveEnabled ? 0 : ttlSeconds(auditRetentionMs),
      auditTrimMs: archiveEnabled ? 0 : auditRetentionMs,
      replaySeconds: ttlSeconds(this.config.replayWindowMs),
    });
    this.redis = defineUsageScripts(options.redis);
    this.keys = options.keys;
    this.fleetWatermark = new FleetWatermark({ redis: options.redis, key: options.keys.fleetWatermark() });
    this.logger = options.logger ?? silentLogger;
    this.barrier = new DurabilityBarrier({
      redis: options.redis,
      mode: this.config.durability,
      waitAofTimeoutMs: this.config.waitAofTimeoutMs,
      logger: this.logger,
    });
    this.source = {
      usageDays: (tenantId) => this.redis.hkeys(this.keys.usageDays(tenantId)),
      hourly: (tenantId, days) =>
        this.readHashes(
          days,
          days.map((d) => this.keys.hourly(tenantId, d)),
        ),
      daily: (tenantId, months) =>
        this.readHashes(
          months,
          months.map((m) => this.keys.daily(tenantId, m)),
        ),
    };
  }

  /** How acks are made durable, as last detected (`unchecked` before the first batch). */
  durabilityReport(): DurabilityReport {
    return this.barrier.report();
  }

  /** Detects the server's persistence now (the collector calls it at startup to log and serve it). */
  checkDurability(): Promise<DurabilityReport> {
    return this.barrier.detect();
  }

  async recordHello(agent: AgentContext, hello: HelloInfo, nowMs: number): Promise<void> {
    await Promise.all([
      this.redis.hset(this.keys.node(agent.agentId), {
        cluster: hello.cluster,
        site: hello.site,
        agent_version: hello.agentVersion,
        spool_id: agent.spoolId,
        gpus: JSON.stringify(hello.gpus),
        last_hello_ms: String(nowMs),
      }),
      this.redis.sadd(this.keys.agents(), agent.agentId),
    ]);
  }

  async storeBatch(
    agent: AgentContext,
    seq: number,
    segments: readonly ValidSegment[],
    _nowMs: number,
  ): Promise<StoreBatchResult> {
    if (!Number.isSafeInteger(seq) || seq < 1) {
      throw new ValidationError([{ field: 'seq', reason: `expected a positive integer, got ${quote(seq)}` }]);
    }
    const seqKey = this.keys.batchSeq(agent.agentId);
    const storedSeq = await this.redis.hget(seqKey, agent.spoolId);
    if (storedSeq !== null && Number(storedSeq) >= seq) {
      const verdicts = await this.lookUpReplays(agent, segments);
      // The original may still be on its way to disk (another batch's barrier): wait for it too.
      await this.barrier.wait();
      const rejected: StoreRejection[] = [];
      segments.forEach((s, i) => {
        if (!verdicts[i]) rejected.push(staleSeqRejection(s, seq, Number(storedSeq), agent.spoolId));
      });
      return {
        duplicateBatch: true,
        accepted: 0,
        duplicates: segments.length - rejected.length,
        rejected,
        changedTenants: [],
        gpuSecondsByClass: {},
      };
    }

    const groups = new Map<string, ValidSegment[]>();
    for (const s of segments) {
      const group = groups.get(s.tenantId);
      if (group === undefined) groups.set(s.tenantId, [s]);
      else group.push(s);
    }
    // One script call per tenant (its own hash slot), all written to the socket at once (in a
    // Cluster, to the socket of each tenant's node).
    const tenants = [...groups.keys()];
    const prepared = tenants.map((tenantId) =>
      prepareStoreSegmentsCall({
        agent,
        tenantId,
        segments: groups.get(tenantId) ?? [],
        keys: this.keys,
        ttls: this.ttls,
        nowMs: this.clock.nowMs(),
        maintenance: this.maintenance.get(tenantId),
        workloadMemos: this.workloadMemo,
      }),
    );
    const pipeline = crossSlotPipeline(this.redis) as UsageScriptPipeline;
    for (const p of prepared) pipeline.gpuwatchStoreSegments(p.keys.length, p.keys, p.call, agent.agentId);
    const replies = (await pipeline.exec()) ?? [];
    const results = prepared.map((p, i) => {
      const [err, flags] = replies[i] ?? [new Error('no reply'), undefined];
      if (err) throw err;
      const result = readStoreSegmentsReply(p, flags, this.keys);
      if (result.maintainedKeys !== undefined) {
        this.rememberMaintained(p.tenantId, p.refresh, p.nowMs, result.maintainedKeys);
      }
      return result;
    });

    let accepted = 0;
    let duplicates = 0;
    const rejected: StoreRejection[] = [];
    const byClass = new Map<ControlClass, number>();
    const changedTenants: string[] = [];
    results.forEach((r, i) => {
      accepted += r.accepted;
      duplicates += r.duplicates;
      rejected.push(...r.rejected);
      addClassMs(byClass, r.gpuMsByClass);
      const tenantId = tenants[i];
      if (r.accepted > 0 && tenantId !== undefined) changedTenants.push(tenantId);
    });

    // Which allocation holds each GPU: the latest segment per uuid of this batch.
    const latest = new Map<string, ValidSegment>();
    let batchEndMs = 0;
    const tenantEnds = new Map<string, number>();
    for (const s of segments) {
      if (s.endMs > batchEndMs) batchEndMs = s.endMs;
      if (s.endMs > (tenantEnds.get(s.tenantId) ?? 0)) tenantEnds.set(s.tenantId, s.endMs);
      for (const uuid of s.gpuUuids) {
        const cur = latest.get(uuid);
        if (cur === undefined || s.endMs > cur.endMs) latest.set(uuid, s);
      }
    }
    const finishArgs: (string | number)[] = [seqKey, this.keys.nodeGpus(agent.agentId), agent.spoolId, seq];
    for (const [uuid, s] of latest) {
      finishArgs.push(
        uuid,
        s.endMs,
        JSON.stringify({ tenant_id: s.tenantId, allocation_id: s.allocationId, end: s.endMs }),
      );
    }
    await Promise.all([
      this.redis.gpuwatchFinishBatch(2, finishArgs),
      changedTenants.length > 0 ? this.redis.sadd(this.keys.tenants(), changedTenants) : undefined,
      ...this.indexWorkloads(tenants, results),
      ...this.recordNodes(agent.agentId, tenantEnds),
      this.fleetWatermark.advance(batchEndMs),
    ]);
    await this.barrier.wait();
    return {
      duplicateBatch: false,
      accepted,
      duplicates,
      rejected: rejected.sort((a, b) => a.index - b.index),
      changedTenants,
      gpuSecondsByClass: classSeconds(byClass),
    };
  }

  /**
   * For a batch with an old seq: whether each segment is a byte-identical replay of a stored one
   * (its digest in its hour's digest string). Reads only.
   */
  private async lookUpReplays(agent: AgentContext, segments: readonly ValidSegment[]): Promise<boolean[]> {
    const keyOf = segments.map((s) => this.keys.segmentDigests(s.tenantId, replayBucketStartMs(s.startMs)));
    const distinct = [...new Set(keyOf)];
    const pipeline = crossSlotPipeline(this.redis);
    for (const key of distinct) pipeline.getBuffer(key);
    const replies = (await pipeline.exec()) ?? [];
    const texts = new Map<string, Buffer | null>();
    distinct.forEach((key, i) => {
      const [err, text] = replies[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      texts.set(key, Buffer.isBuffer(text) ? text : null);
    });
    const agentSeed = agentDigestSeed(agent.agentId);
    return segments.map((s, i) =>
      digestsInclude(texts.get(keyOf[i] ?? ''), segmentDigest(agentSeed, s.startMs, encodeSegmentFrame(s))),
    );
  }

  /**
   * Records on which node (agent) each tenant of the batch held GPUs, at hour granularity: one
   * HSET per (tenant, node) and hour at most, remembered in this process (a node reports every
   * minute, the same tenants for hours on end).
   */
  private recordNodes(agentId: string, tenantEnds: ReadonlyMap<string, number>): Promise<unknown>[] {
    const writes: Promise<unknown>[] = [];
    for (const [tenantId, endMs] of tenantEnds) {
      const hourEndMs = Math.ceil(endMs / hourMs) * hourMs;
      const memoKey = `${tenantId}\u001f${agentId}`;
      if ((this.nodeMemo.get(memoKey) ?? 0) >= hourEndMs) continue;
      if (this.nodeMemo.size >= maxMaintainedTenants) this.nodeMemo.clear();
      this.nodeMemo.set(memoKey, hourEndMs);
      const key = this.keys.tenantNodes(tenantId);
      // Kept as long as the hourly aggregates: the rules never look further back.
      writes.push(
        this.redis
          .multi()
          .hset(key, agentId, hourEndMs)
          .expire(key, this.ttls.hourlySeconds)
          .exec()
          .then(() => undefined),
      );
    }
    return writes;
  }

  /**
   * Adds each tenant to the identity index set of the workload fingerprints it stored segments
   * for, skipping pairs this process indexed within the maintenance interval (SADD is idempotent,
   * so the memo only saves commands).
   */
  private indexWorkloads(tenants: readonly string[], results: readonly GroupResult[]): Promise<number>[] {
    const writes: Promise<number>[] = [];
    const nowMs = this.clock.nowMs();
    results.forEach((r, i) => {
      const tenantId = tenants[i];
      if (tenantId === undefined) return;
      r.workloads.forEach((fingerprint, w) => {
        const memo = r.workloadMemos[w];
        if (memo === undefined) return;
        if (this.workloadMemo.get(memo.key) !== memo) {
          if (this.workloadMemo.size >= maxMaintainedTenants) this.workloadMemo.clear();
          this.workloadMemo.set(memo.key, memo);
        }
        const hourStart = Math.floor((r.workloadEnds[w] ?? 0) / hourMs) * hourMs;
        if (hourStart > memo.recordedHourMs) memo.recordedHourMs = hourStart;
        if (memo.indexedUntilMs > nowMs) return;
        memo.indexedUntilMs = nowMs + this.config.maintenanceIntervalMs;
        writes.push(
          this.redis.sadd(
            this.keys.identity('workload_fingerprint', this.workloadDigest(fingerprint)),
            tenantId,
          ),
        );
      });
    });
    return writes;
  }

  private workloadDigest(fingerprint: string): string {
    let d = this.workloadDigests.get(fingerprint);
    if (d === undefined) {
      d = workloadFingerprintDigest(fingerprint);
      if (this.workloadDigests.size >= 4096) this.workloadDigests.clear();
      this.workloadDigests.set(fingerprint, d);
    }
    return d;
  }

  private rememberMaintained(tenantId: string, refreshed: boolean, nowMs: number, keys: Set<string>): void {
    const known = this.maintenance.get(tenantId);
    if (refreshed || known === undefined) {
      if (this.maintenance.size >= maxMaintainedTenants) this.maintenance.clear();
      this.maintenance.set(tenantId, { untilMs: nowMs + this.config.maintenanceIntervalMs, keys });
    } else {
      for (const key of keys) known.keys.add(key);
    }
  }

  tenantUsage(tenantId: string, fromMs: number, toMs: number, nowMs: number): Promise<ITenantUsageResponse> {
    return computeTenantUsage(this.source, tenantId, fromMs, toMs, nowMs);
  }

  /**
   * Drops state that can no longer matter (see usage-pruning.ts): watermark, allocation and
   * workload fields older than `watermarkRetentionMs`, usage-day entries older than
   * `dailyRetentionMs`. Run it from a periodic sweep.
   * @returns the number of fields removed
   */
  pruneTenant(tenantId: string, nowMs: number): Promise<number> {
    // A hash emptied here is gone; the next write must give the new one its TTL again.
    this.maintenance.delete(tenantId);
    return pruneTenantState(
      {
        redis: this.redis,
        keys: this.keys,
        watermarkRetentionMs: this.config.watermarkRetentionMs,
        dailyRetentionMs: this.config.dailyRetentionMs,
        workloadDigest: (fingerprint) => this.workloadDigest(fingerprint),
        onWorkloadsGone: (tenant, fingerprints) => {
          for (const fingerprint of fingerprints) this.workloadMemo.delete(`${tenant}\x1f${fingerprint}`);
        },
      },
      tenantId,
      nowMs,
    );
  }

  private async readHashes(
    names: readonly string[],
    redisKeys: readonly string[],
  ): Promise<ReadonlyMap<string, AggregateHash>> {
    const pipeline = this.redis.pipeline();
    for (const key of redisKeys) pipeline.hgetall(key);
    const replies = (await pipeline.exec()) ?? [];
    const out = new Map<string, AggregateHash>();
    replies.forEach(([err, hash], i) => {
      if (err) throw err;
      const name = names[i];
      if (name !== undefined && hash !== null && typeof hash === 'object' && Object.keys(hash).length > 0) {
        out.set(name, toAggregate(hash as Record<string, string>));
      }
    });
    return out;
  }
}
