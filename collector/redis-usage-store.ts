/**
 * The collector's storage in Redis (DESIGN §4, §5): segments stored exactly once per
 * (agent, allocation, start), aggregates per tenant × chip model × hour and × day, the audit
 * stream, current allocations, and a durability barrier before each batch is acked.
 *
 * Exactly-once rests on a per-(agent, allocation) watermark — the end of the last stored segment
 * — instead of a dedup key per segment (which would cost ~100 bytes per segment for 400 days).
 * That needs this agent contract: **one agent sends the segments of one allocation in start
 * order, and they do not overlap.** A segment starting before the watermark is then a replay.
 *
 * A batch is grouped by tenant; each group is one Lua call in that tenant's hash slot (all keys
 * in KEYS, one hash tag), so the store works on a Redis Cluster, where no script or MULTI may
 * span tenants. The calls of a batch are sent together and pipeline on the socket.
 */
import type { Redis } from 'ioredis';
import type { ControlClass } from '../common/chips.js';
import { AppError, ConfigError, quote, ValidationError, type Problem } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { ITenantUsageResponse } from '../common/proto.js';
import type { RedisKeys } from '../common/redis-keys.js';
import { dayMs, dayStartMs } from '../common/usage-time.js';
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
import { defineUsageScripts, type UsageScriptCommands } from './usage-script.js';
import type { AgentContext, HelloInfo, StoreBatchResult, UsageStore, ValidSegment } from './usage-store.js';

/** Options of RedisUsageStore; every duration in milliseconds. */
export interface RedisUsageStoreOptions {
  /** Client to use; the store registers its scripts on it. Share one per process. */
  readonly redis: Redis;
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
}

const day = 86_400_000;

export const redisUsageStoreDefaults: RedisUsageStoreConfig = Object.freeze({
  auditRetentionMs: 7 * day,
  archiveEnabled: false,
  hourlyRetentionMs: 120 * day,
  dailyRetentionMs: 6 * 366 * day,
  watermarkRetentionMs: 400 * day,
  durability: 'auto',
  waitAofTimeoutMs: 5000,
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

/** The JSON of a segment in the audit stream: the proto field names plus agent_id. */
export function auditRecord(agentId: string, s: ValidSegment): string {
  const record: Record<string, unknown> = {
    tenant_id: s.tenantId,
    allocation_id: s.allocationId,
    gpu_uuids: s.gpuUuids,
    start_unix_ms: s.startMs,
    end_unix_ms: s.endMs,
  };
  if (s.gpuUtilization !== undefined) record.gpu_utilization = s.gpuUtilization;
  if (s.memoryUsedBytes !== undefined) record.memory_used_bytes = s.memoryUsedBytes;
  record.source = s.source;
  record.workload_fingerprint = s.workloadFingerprint;
  record.labels = s.labels;
  record.agent_id = agentId;
  return JSON.stringify(record);
}

interface GroupResult {
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
  private readonly redis: Redis & UsageScriptCommands;
  private readonly keys: RedisKeys;
  private readonly logger: Logger;
  private readonly barrier: DurabilityBarrier;
  private readonly source: AggregateSource;

  constructor(options: RedisUsageStoreOptions) {
    this.config = resolveConfig(options);
    this.redis = defineUsageScripts(options.redis);
    this.keys = options.keys;
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
    // Sent back to back without awaiting: they pipeline on the socket.
    const tenants = [...groups.keys()];
    const results = await Promise.all(
      tenants.map((tenantId) => this.storeTenantGroup(agent, tenantId, groups.get(tenantId) ?? [])),
    );

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
    for (const s of segments) {
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

  private async storeTenantGroup(
    agent: AgentContext,
    tenantId: string,
    segments: readonly ValidSegment[],
  ): Promise<GroupResult> {
    const keys = this.keys;
    const config = this.config;
    const keyList: string[] = [
      keys.watermarks(tenantId),
      keys.audit(tenantId),
      keys.allocations(tenantId),
      keys.usageDays(tenantId),
    ];
    const aggregateIndex = new Map<string, number>();
    const keyMeta: (string | number)[] = [];
    const hourlyTtl = ttlSeconds(config.hourlyRetentionMs);
    const dailyTtl = ttlSeconds(config.dailyRetentionMs);
    const indexOf = (key: string, ttl: number, dayLabel: string): number => {
      let index = aggregateIndex.get(key);
      if (index === undefined) {
        index = aggregateIndex.size + 1;
        aggregateIndex.set(key, index);
        keyList.push(key);
        keyMeta.push(ttl, dayLabel);
      }
      return index;
    };
    const hourlyKeyIndex = new Map<string, number>();
    const dailyKeyIndex = new Map<string, number>();

    const segmentArgs: (string | number)[] = [segments.length];
    const classMs: ReadonlyMap<ControlClass, number>[] = [];
    for (const s of segments) {
      const usage = segmentUsage(s.startMs, s.endMs, s.gpuUuids, agent.inventory);
      classMs.push(usage.gpuMsByClass);
      segmentArgs.push(
        allocationField(agent.agentId, s.allocationId),
        s.startMs,
        s.endMs,
        auditRecord(agent.agentId, s),
        JSON.stringify({ agent: agent.agentId, gpu_uuids: s.gpuUuids, start: s.startMs, end: s.endMs }),
        usage.increments.length * 2,
      );
      for (const inc of usage.increments) {
        let h = hourlyKeyIndex.get(inc.day);
        if (h === undefined) {
          h = indexOf(keys.hourly(tenantId, inc.day), hourlyTtl, inc.day);
          hourlyKeyIndex.set(inc.day, h);
        }
        let d = dailyKeyIndex.get(inc.month);
        if (d === undefined) {
          d = indexOf(keys.daily(tenantId, inc.month), dailyTtl, '');
          dailyKeyIndex.set(inc.month, d);
        }
        segmentArgs.push(h, inc.hourField, inc.gpuMs, d, inc.dayField, inc.gpuMs);
      }
    }

    const args: (string | number)[] = keyList.slice();
    args.push(
      config.archiveEnabled ? 0 : config.auditRetentionMs,
      ttlSeconds(config.watermarkRetentionMs),
      dailyTtl,
      config.archiveEnabled ? 0 : ttlSeconds(config.auditRetentionMs),
      aggregateIndex.size,
    );
    for (const m of keyMeta) args.push(m);
    for (const a of segmentArgs) args.push(a);

    const flags = await this.redis.gpuwatchStoreSegments(keyList.length, args);
    if (typeof flags !== 'string' || flags.length !== segments.length) {
      throw new AppError(
        'INTERNAL',
        `usage script for tenant ${quote(tenantId)}: expected ${segments.length} flags, got ${quote(flags)}`,
      );
    }
    let accepted = 0;
    const gpuMsByClass = new Map<ControlClass, number>();
    for (let i = 0; i < segments.length; i++) {
      if (flags.charCodeAt(i) === 49 /* "1" */) {
        accepted++;
        const ms = classMs[i];
        if (ms !== undefined) addClassMs(gpuMsByClass, ms);
      }
    }
    return { accepted, duplicates: segments.length - accepted, gpuMsByClass };
  }

  tenantUsage(tenantId: string, fromMs: number, toMs: number, nowMs: number): Promise<ITenantUsageResponse> {
    return computeTenantUsage(this.source, tenantId, fromMs, toMs, nowMs);
  }

  /**
   * Drops state that can no longer matter: watermark and allocation fields whose last segment
   * ended more than `watermarkRetentionMs` before `nowMs` (segments that old are refused by
   * validation, so forgetting their watermark cannot count anything twice), and usage-day
   * entries older than `dailyRetentionMs`. Whole keys expire by themselves; this trims the
   * fields of tenants that stay active for years. Run it from a periodic sweep.
   * @returns the number of fields removed
   */
  async pruneTenant(tenantId: string, nowMs: number): Promise<number> {
    const stateCutoff = nowMs - this.config.watermarkRetentionMs;
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
