/**
 * The collector's storage in Redis (docs/design.md §4, §5): segments stored exactly once per
 * (agent, allocation, start), aggregates per tenant × chip model × hour and × day, the audit
 * stream, current allocations, and a durability barrier before each batch is acked.
 *
 * Exactly-once rests on a per-(agent, allocation) watermark — the end of the last stored segment
 * — instead of a dedup key per segment (which would cost ~100 bytes per segment for 400 days).
 * That needs this agent contract: **one agent sends the segments of one allocation in start
 * order, and they do not overlap.** A segment starting before the watermark is then a replay.
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
 */
import { crossSlotPipeline, type RedisClient } from '../../common/redis.js';
import type { ControlClass } from '../../common/chips/chips.js';
import { AppError, ConfigError, quote, ValidationError, type Problem } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { ITenantUsageResponse } from '../../common/proto.js';
import { FleetWatermark } from '../../common/usage/fleet-watermark.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { dayMs, dayStartMs, hourMs } from '../../common/usage/usage-time.js';
import {
  normalizeWorkloadFingerprint,
  workloadFingerprintDigest,
} from '../../common/tenants/workload-fingerprints.js';
import { encodeSegmentFrame } from './audit-record.js';
import { DurabilityBarrier, type DurabilityMode, type DurabilityReport } from './durability.js';
import {
  addClassMs,
  allocationField,
  classSeconds,
  computeTenantUsage,
  segmentUsage,
  type AggregateHash,
  type AggregateSource,
} from './usage-aggregates.js';
import {
  defineUsageScripts,
  StoreSegmentsEncoder,
  type StoreSegmentsField,
  type StoreSegmentsKey,
  type UsageScriptCommands,
  type UsageScriptPipeline,
} from './usage-script.js';
import type { AgentContext, HelloInfo, StoreBatchResult, UsageStore, ValidSegment } from './usage-store.js';

/** Options of RedisUsageStore; every duration in milliseconds. */
export interface RedisUsageStoreOptions {
  /** Client to use; the store registers its scripts on it. Share one per process. */
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Default: silent. */
  readonly logger?: Logger;
  /**
   * How long raw segments stay in a tenant's audit stream (trimmed with `XTRIM MINID ~` on
   * write). Ignored when `archiveEnabled`. Default 7 days.
   */
  readonly auditRetentionMs?: number;
  /**
   * `gpuwatch archive` drains the audit streams: the store then never trims or expires them (the
   * archiver trims what it has archived). Default false.
   */
  readonly archiveEnabled?: boolean;
  /** TTL of a day's hourly aggregate hash after its last write. Default 120 days. */
  readonly hourlyRetentionMs?: number;
  /** TTL of a month's daily aggregate hash (and of the usage-days index). Default 6 × 366 days. */
  readonly dailyRetentionMs?: number;
  /**
   * TTL of a tenant's watermark and allocation hashes after their last write, and the age past
   * which pruneTenant drops single fields. Must be ≥ the collector's oldest accepted segment
   * (400 days), or replays of old segments would count again. Default 400 days.
   */
  readonly watermarkRetentionMs?: number;
  /** How acks are made durable; see DurabilityMode. Default `auto`. */
  readonly durability?: DurabilityMode;
  /** How long WAITAOF may wait for the fsync before the batch fails. Default 5000 ms. */
  readonly waitAofTimeoutMs?: number;
  /**
   * How often, per tenant and process, the store refreshes the TTLs of the tenant's keys and
   * trims its audit stream (a new aggregate key gets its TTL at once). Between refreshes a TTL
   * may be this much short of "retention after the last write". 0 = on every write. Default
   * 60 000 ms.
   */
  readonly maintenanceIntervalMs?: number;
  /** Clock that paces the maintenance above. Default: the system clock. */
  readonly clock?: Clock;
}

/** RedisUsageStoreOptions resolved with defaults, frozen. */
export interface RedisUsageStoreConfig {
  readonly auditRetentionMs: number;
  readonly archiveEnabled: boolean;
  readonly hourlyRetentionMs: number;
  readonly dailyRetentionMs: number;
  readonly watermarkRetentionMs: number;
  readonly durability: DurabilityMode;
  readonly waitAofTimeoutMs: number;
  readonly maintenanceIntervalMs: number;
}

/** Beyond this many tenants the maintenance memo starts over (it costs only extra EXPIREs). */
const maxMaintainedTenants = 200_000;

const day = 86_400_000;

export const redisUsageStoreDefaults: RedisUsageStoreConfig = Object.freeze({
  auditRetentionMs: 7 * day,
  archiveEnabled: false,
  hourlyRetentionMs: 120 * day,
  dailyRetentionMs: 6 * 366 * day,
  watermarkRetentionMs: 400 * day,
  durability: 'auto',
  waitAofTimeoutMs: 5000,
  maintenanceIntervalMs: 60_000,
});

function resolveConfig(options: RedisUsageStoreOptions): RedisUsageStoreConfig {
  const config: RedisUsageStoreConfig = {
    auditRetentionMs: options.auditRetentionMs ?? redisUsageStoreDefaults.auditRetentionMs,
    archiveEnabled: options.archiveEnabled ?? redisUsageStoreDefaults.archiveEnabled,
    hourlyRetentionMs: options.hourlyRetentionMs ?? redisUsageStoreDefaults.hourlyRetentionMs,
    dailyRetentionMs: options.dailyRetentionMs ?? redisUsageStoreDefaults.dailyRetentionMs,
    watermarkRetentionMs: options.watermarkRetentionMs ?? redisUsageStoreDefaults.watermarkRetentionMs,
    durability: options.durability ?? redisUsageStoreDefaults.durability,
    waitAofTimeoutMs: options.waitAofTimeoutMs ?? redisUsageStoreDefaults.waitAofTimeoutMs,
    maintenanceIntervalMs: options.maintenanceIntervalMs ?? redisUsageStoreDefaults.maintenanceIntervalMs,
  };
  const problems: Problem[] = [];
  for (const field of [
    'auditRetentionMs',
    'hourlyRetentionMs',
    'dailyRetentionMs',
    'watermarkRetentionMs',
    'waitAofTimeoutMs',
  ] as const) {
    const v = config[field];
    if (!Number.isSafeInteger(v) || v < 1000) {
      problems.push({ field, reason: `expected an integer number of ms ≥ 1000, got ${quote(v)}` });
    }
  }
  if (!Number.isSafeInteger(config.maintenanceIntervalMs) || config.maintenanceIntervalMs < 0) {
    problems.push({
      field: 'maintenanceIntervalMs',
      reason: `expected an integer number of ms ≥ 0, got ${quote(config.maintenanceIntervalMs)}`,
    });
  }
  if (!['auto', 'waitaof', 'none'].includes(config.durability)) {
    problems.push({
      field: 'durability',
      reason: `expected "auto", "waitaof" or "none", got ${quote(config.durability)}`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

const ttlSeconds = (ms: number): number => Math.ceil(ms / 1000);

// Number-to-text is slow and the same timestamps recur across a batch (segments close together).
const numberText = new Map<number, string>();
function jsonNumber(n: number): string {
  let text = numberText.get(n);
  if (text === undefined) {
    text = Number.isFinite(n) ? String(n) : 'null';
    if (numberText.size >= 4096) numberText.clear();
    numberText.set(n, text);
  }
  return text;
}

/** One tenant's part of a batch, encoded for the script, and what is needed to read its reply. */
interface PreparedGroup {
  readonly agent: AgentContext;
  readonly tenantId: string;
  readonly keys: readonly string[];
  readonly call: Buffer;
  readonly refresh: boolean;
  readonly nowMs: number;
  readonly segments: readonly ValidSegment[];
  /** GPU-ms by class of all the segments, as if every one is stored. */
  readonly classMs: ReadonlyMap<ControlClass, number>;
  /** Distinct normalized workload fingerprints of the call ([] when none). */
  readonly workloads: readonly string[];
  /** Per fingerprint, the latest segment end of the call that ran it. */
  readonly workloadEnds: readonly number[];
  /** Per fingerprint, its entry in the workload memo (made now when there was none). */
  readonly workloadMemos: readonly WorkloadMemo[];
}

/** What this process last wrote for one (tenant, workload fingerprint). */
interface WorkloadMemo {
  readonly key: string;
  /** Start of the hour of the last-seen time written; -1: none yet. */
  recordedHourMs: number;
  /** Until when the identity-index entry counts as written; 0: not yet. */
  indexedUntilMs: number;
}

interface GroupResult {
  /** Workload fingerprints of the stored segments, … */
  readonly workloads: readonly string[];
  /** … the latest end of a stored segment that ran each, … */
  readonly workloadEnds: readonly number[];
  /** … and their memo entries. */
  readonly workloadMemos: readonly WorkloadMemo[];
  readonly accepted: number;
  readonly duplicates: number;
  readonly gpuMsByClass: Map<ControlClass, number>;
}

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
  private readonly maintenance = new Map<string, { untilMs: number; keys: Set<string> }>();
  /** `<tenant>\x1f<fingerprint>` → what this process wrote for it (saves writes, never needed). */
  private readonly workloadMemo = new Map<string, WorkloadMemo>();
  /** `<tenant>\x1f<agent>` → the hour end this process last recorded for the pair. */
  private readonly nodeMemo = new Map<string, number>();
  /** Normalized fingerprint → its digest (the same images recur in every batch). */
  private readonly workloadDigests = new Map<string, string>();
  private readonly fleetWatermark: FleetWatermark;
  private readonly hourlyTtl: number;
  private readonly dailyTtl: number;
  private readonly stateTtl: number;

  constructor(options: RedisUsageStoreOptions) {
    this.config = resolveConfig(options);
    this.clock = options.clock ?? systemClock;
    this.hourlyTtl = ttlSeconds(this.config.hourlyRetentionMs);
    this.dailyTtl = ttlSeconds(this.config.dailyRetentionMs);
    this.stateTtl = ttlSeconds(this.config.watermarkRetentionMs);
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
      // The original may still be on its way to disk (another batch's barrier): wait for it too.
      await this.barrier.wait();
      return {
        duplicateBatch: true,
        accepted: 0,
        duplicates: segments.length,
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
      this.prepareTenantGroup(agent, tenantId, groups.get(tenantId) ?? []),
    );
    const pipeline = crossSlotPipeline(this.redis) as UsageScriptPipeline;
    for (const p of prepared) pipeline.gpuwatchStoreSegments(p.keys.length, p.keys, p.call, agent.agentId);
    const replies = (await pipeline.exec()) ?? [];
    const results = prepared.map((p, i) => {
      const [err, flags] = replies[i] ?? [new Error('no reply'), undefined];
      if (err) throw err;
      return this.finishTenantGroup(p, flags);
    });

    let accepted = 0;
    let duplicates = 0;
    const byClass = new Map<ControlClass, number>();
    const changedTenants: string[] = [];
    results.forEach((r, i) => {
      accepted += r.accepted;
      duplicates += r.duplicates;
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
      changedTenants,
      gpuSecondsByClass: classSeconds(byClass),
    };
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
          .expire(key, this.hourlyTtl)
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

  /** Encodes one tenant's part of a batch as a storeSegments call (see usage-script.ts). */
  private prepareTenantGroup(
    agent: AgentContext,
    tenantId: string,
    segments: readonly ValidSegment[],
  ): PreparedGroup {
    const keys = this.keys;
    const config = this.config;
    const nowMs = this.clock.nowMs();
    const known = this.maintenance.get(tenantId);
    // Once per tenant per interval: refresh the TTLs of its state and trim its audit stream.
    const refresh = known === undefined || nowMs >= known.untilMs;
    const needsTouch = (key: string): boolean => refresh || !(known?.keys.has(key) ?? false);

    const keyList: string[] = [
      keys.watermarks(tenantId),
      keys.audit(tenantId),
      keys.allocations(tenantId),
      keys.usageDays(tenantId),
      keys.workloads(tenantId),
    ];
    const aggregates: StoreSegmentsKey[] = [];
    const addKey = (key: string, ttlSeconds: number, day: string): number => {
      keyList.push(key);
      const touch = needsTouch(key);
      aggregates.push({ ttlSeconds: touch ? ttlSeconds : 0, markDay: touch && day !== '', day });
      return aggregates.length;
    };
    const hourlyNos = new Map<string, number>();
    const dailyNos = new Map<string, number>();
    // Per key number: field → total number.
    const totalNos: Map<string, number>[] = [];
    const totals: { keyNo: number; field: string; gpuMs: number }[] = [];
    const totalNo = (k: number, field: string, gpuMs: number): number => {
      let byField = totalNos[k];
      if (byField === undefined) {
        byField = new Map();
        totalNos[k] = byField;
      }
      let no = byField.get(field);
      if (no === undefined) {
        totals.push({ keyNo: k, field, gpuMs });
        no = totals.length;
        byField.set(field, no);
      } else {
        const total = totals[no - 1];
        if (total !== undefined) total.gpuMs += gpuMs;
      }
      return no;
    };

    // The agent is the same for the whole call: allocations are told apart by their id alone.
    const fieldIndex = new Map<string, number>();
    const lastOfField: ValidSegment[] = [];
    const agentIdJson = JSON.stringify(agent.agentId);
    const encoder = new StoreSegmentsEncoder(segments.length * 200);
    const classMs = new Map<ControlClass, number>();
    // Fingerprint as sent → its number (0: none); a call usually names one or two.
    let workloadNoOf: Map<string, number> | undefined;
    let lastSent = '';
    let lastNo = 0;
    const workloads: string[] = [];
    const workloadEnds: number[] = [];
    for (const s of segments) {
      const sent = s.workloadFingerprint;
      let workloadNo = 0;
      if (sent === lastSent) workloadNo = lastNo;
      else if (sent !== '') {
        workloadNoOf ??= new Map();
        const known = workloadNoOf.get(sent);
        if (known !== undefined) workloadNo = known;
        else {
          const normalized = normalizeWorkloadFingerprint(sent);
          if (normalized !== '') {
            workloadNo = workloads.indexOf(normalized) + 1;
            if (workloadNo === 0) {
              workloadNo = workloads.push(normalized);
              workloadEnds.push(s.endMs);
            }
          }
          workloadNoOf.set(sent, workloadNo);
        }
        lastSent = sent;
        lastNo = workloadNo;
      }
      if (workloadNo > 0 && s.endMs > (workloadEnds[workloadNo - 1] ?? 0))
        workloadEnds[workloadNo - 1] = s.endMs;
      const usage = segmentUsage(s.startMs, s.endMs, s.gpuUuids, agent.inventory, classMs);
      let fieldNo = fieldIndex.get(s.allocationId);
      if (fieldNo === undefined) {
        lastOfField.push(s);
        fieldNo = lastOfField.length;
        fieldIndex.set(s.allocationId, fieldNo);
      } else {
        // The last segment of an allocation is its current state.
        lastOfField[fieldNo - 1] = s;
      }
      const increments = usage.increments;
      encoder.segment(fieldNo, workloadNo, s.startMs, s.endMs, encodeSegmentFrame(s), 2 * increments.length);
      for (const inc of increments) {
        let h = hourlyNos.get(inc.day);
        if (h === undefined) {
          h = addKey(keys.hourly(tenantId, inc.day), this.hourlyTtl, inc.day);
          hourlyNos.set(inc.day, h);
        }
        let d = dailyNos.get(inc.month);
        if (d === undefined) {
          d = addKey(keys.daily(tenantId, inc.month), this.dailyTtl, '');
          dailyNos.set(inc.month, d);
        }
        encoder.share(totalNo(h, inc.hourField, inc.gpuMs), inc.gpuMs);
        encoder.share(totalNo(d, inc.dayField, inc.gpuMs), inc.gpuMs);
      }
    }

    const fields: StoreSegmentsField[] = lastOfField.map((last) => ({
      name: allocationField(agent.agentId, last.allocationId),
      // {agent, gpu_uuids, start, end}, as JSON.stringify would write it.
      allocationJson: `{"agent":${agentIdJson},"gpu_uuids":${JSON.stringify(last.gpuUuids)},"start":${jsonNumber(last.startMs)},"end":${jsonNumber(last.endMs)}}`,
    }));
    const workloadMemos = workloads.map((name) => {
      const key = `${tenantId}\x1f${name}`;
      return this.workloadMemo.get(key) ?? { key, recordedHourMs: -1, indexedUntilMs: 0 };
    });
    const call = encoder.finish({
      auditTrimMs: refresh && !config.archiveEnabled ? config.auditRetentionMs : 0,
      stateTtlSeconds: refresh ? this.stateTtl : 0,
      daysTtlSeconds: refresh ? this.dailyTtl : 0,
      auditTtlSeconds: refresh && !config.archiveEnabled ? ttlSeconds(config.auditRetentionMs) : 0,
      keys: aggregates,
      fields,
      totals,
      workloads: workloads.map((name, i) => ({
        name,
        // Written already for this hour (or later) by this process: the script may skip it.
        record:
          (workloadMemos[i]?.recordedHourMs ?? -1) < Math.floor((workloadEnds[i] ?? 0) / hourMs) * hourMs,
      })),
    });
    return {
      agent,
      tenantId,
      keys: keyList,
      call,
      refresh,
      nowMs,
      segments,
      classMs,
      workloads,
      workloadEnds,
      workloadMemos,
    };
  }

  /** Reads a storeSegments reply: what was stored, and which keys the script maintained. */
  private finishTenantGroup(p: PreparedGroup, flags: unknown): GroupResult {
    const n = p.segments.length;
    if (typeof flags !== 'string' || flags.length !== n) {
      throw new AppError(
        'INTERNAL',
        `usage script for tenant ${quote(p.tenantId)}: expected ${n} flags, got ${quote(flags)}`,
      );
    }
    let accepted = 0;
    for (let i = 0; i < n; i++) if (flags.charCodeAt(i) === 49 /* "1" */) accepted++;
    if (accepted === n) {
      // The common case: everything new, so every aggregate key was written.
      this.rememberMaintained(p.tenantId, p.refresh, p.nowMs, new Set(p.keys.slice(5)));
      return {
        workloads: p.workloads,
        workloadEnds: p.workloadEnds,
        workloadMemos: p.workloadMemos,
        accepted,
        duplicates: 0,
        gpuMsByClass: new Map(p.classMs),
      };
    }
    // Which fingerprints the stored segments ran, and their latest ends (rare: recomputed here).
    const workloadEnds = p.workloads.map(() => -1);
    // Replays among them: count again what was stored (rare, so not kept from prepare).
    const gpuMsByClass = new Map<ControlClass, number>();
    const done = new Set<string>();
    p.segments.forEach((s, i) => {
      if (flags.charCodeAt(i) !== 49) return;
      const w =
        s.workloadFingerprint === ''
          ? -1
          : p.workloads.indexOf(normalizeWorkloadFingerprint(s.workloadFingerprint));
      if (w >= 0 && s.endMs > (workloadEnds[w] ?? -1)) workloadEnds[w] = s.endMs;
      const usage = segmentUsage(s.startMs, s.endMs, s.gpuUuids, p.agent.inventory, gpuMsByClass);
      for (const inc of usage.increments) {
        done.add(this.keys.hourly(p.tenantId, inc.day));
        done.add(this.keys.daily(p.tenantId, inc.month));
      }
    });
    // The script maintained only what it wrote: remember exactly that.
    if (accepted > 0) this.rememberMaintained(p.tenantId, p.refresh, p.nowMs, done);
    const stored = p.workloads.flatMap((_, w) => ((workloadEnds[w] ?? -1) >= 0 ? [w] : []));
    return {
      workloads: stored.map((w) => p.workloads[w] ?? ''),
      workloadEnds: stored.map((w) => workloadEnds[w] ?? 0),
      workloadMemos: stored.flatMap((w) => p.workloadMemos[w] ?? []),
      accepted,
      duplicates: n - accepted,
      gpuMsByClass,
    };
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
   * Drops state that can no longer matter: watermark and allocation fields whose last segment
   * ended more than `watermarkRetentionMs` before `nowMs` (segments that old are refused by
   * validation, so forgetting their watermark cannot count anything twice), workload
   * fingerprints last run that long ago (and the tenant's identity-index entry for each), and usage-day
   * entries older than `dailyRetentionMs`. Whole keys expire by themselves; this trims the
   * fields of tenants that stay active for years. Run it from a periodic sweep.
   * @returns the number of fields removed
   */
  async pruneTenant(tenantId: string, nowMs: number): Promise<number> {
    const stateCutoff = nowMs - this.config.watermarkRetentionMs;
    // A hash emptied here is gone; the next write must give the new one its TTL again.
    this.maintenance.delete(tenantId);
    let removed = 0;
    removed += await this.pruneHash(this.keys.watermarks(tenantId), (v) => Number(v) < stateCutoff);
    removed += await this.pruneHash(this.keys.allocations(tenantId), (v) => {
      try {
        const end = (JSON.parse(v) as { end?: unknown }).end;
        return typeof end === 'number' && end < stateCutoff;
      } catch {
        return false;
      }
    });
    const gone: string[] = [];
    removed += await this.pruneHash(this.keys.workloads(tenantId), (v, field) => {
      const stale = Number(v) < stateCutoff;
      if (stale) gone.push(field);
      return stale;
    });
    // The index entries of fingerprints the tenant no longer has (not one slot: one by one).
    await Promise.all(
      gone.map((fingerprint) =>
        this.redis.srem(
          this.keys.identity('workload_fingerprint', this.workloadDigest(fingerprint)),
          tenantId,
        ),
      ),
    );
    for (const fingerprint of gone) this.workloadMemo.delete(`${tenantId}\x1f${fingerprint}`);
    const dayCutoff = nowMs - this.config.dailyRetentionMs;
    removed += await this.pruneHash(
      this.keys.usageDays(tenantId),
      (_v, field) => dayStartMs(field) + dayMs < dayCutoff,
    );
    return removed;
  }

  private async pruneHash(key: string, stale: (value: string, field: string) => boolean): Promise<number> {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'COUNT', 1000);
      cursor = next;
      const fields: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const field = flat[i] ?? '';
        if (stale(flat[i + 1] ?? '', field)) fields.push(field);
      }
      if (fields.length > 0) removed += await this.redis.hdel(key, ...fields);
    } while (cursor !== '0');
    return removed;
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
