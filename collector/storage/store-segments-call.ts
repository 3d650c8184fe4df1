/**
 * The pure half of RedisUsageStore.storeBatch: one tenant's part of a batch encoded as a
 * storeSegments call (usage-script.ts), and the script's reply read back. No I/O here; the store
 * keeps the memos this reads (which keys it maintained, which workload fingerprints it wrote)
 * and updates them from what readStoreSegmentsReply returns.
 *
 * Hot path: this runs for every segment the collector stores. Field names, numbers and date
 * strings come from caches (usage-aggregates.ts, jsonNumber below); keep it free of per-segment
 * allocations beyond the encoder's buffer.
 */
import type { ControlClass } from '../../common/chips/chips.js';
import { AppError, quote } from '../../common/errors.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { normalizeWorkloadFingerprint } from '../../common/tenants/workload-fingerprints.js';
import { hourMs } from '../../common/usage/usage-time.js';
import { encodeSegmentFrame } from './audit-record.js';
import { allocationField, segmentUsage } from './usage-aggregates.js';
import { agentDigestSeed, overlapRejection, replayBucketStartMs, segmentChecksum } from './segment-replay.js';
import { StoreSegmentsEncoder, type StoreSegmentsField, type StoreSegmentsKey } from './usage-script.js';
import type { AgentContext, StoreRejection, ValidSegment } from './usage-store.js';

/** The TTLs a call sets when it maintains a tenant's keys (RedisUsageStoreConfig in seconds). */
export interface StoreCallTtls {
  /** A day's hourly aggregate hash, seconds. */
  readonly hourlySeconds: number;
  /** A month's daily aggregate hash and the usage-days index, seconds. */
  readonly dailySeconds: number;
  /** Watermarks, allocations and workload fingerprints, seconds. */
  readonly stateSeconds: number;
  /** The audit stream, seconds; 0 when archiving (the archiver trims it). */
  readonly auditSeconds: number;
  /** Age the audit stream is trimmed to, ms; 0 when archiving. */
  readonly auditTrimMs: number;
  /** The segment-digest strings (the replay window), seconds. */
  readonly replaySeconds: number;
}

/** What this process last wrote for one (tenant, workload fingerprint). */
export interface WorkloadMemo {
  readonly key: string;
  /** Start of the hour of the last-seen time written; -1: none yet. */
  recordedHourMs: number;
  /** Until when the identity-index entry counts as written; 0: not yet. */
  indexedUntilMs: number;
}

/** Until when a tenant's TTLs count as fresh in this process, and the aggregate keys given one since. */
export interface Maintenance {
  readonly untilMs: number;
  readonly keys: ReadonlySet<string>;
}

/** What prepareStoreSegmentsCall needs for one tenant's part of a batch. */
export interface StoreCallInput {
  readonly agent: AgentContext;
  readonly tenantId: string;
  readonly segments: readonly ValidSegment[];
  readonly keys: RedisKeys;
  readonly ttls: StoreCallTtls;
  /** The store's clock now, ms. */
  readonly nowMs: number;
  /** The tenant's maintenance in this process; undefined: none yet. */
  readonly maintenance: Maintenance | undefined;
  /** `<tenant>\x1f<fingerprint>` → what this process wrote for it. */
  readonly workloadMemos: ReadonlyMap<string, WorkloadMemo>;
}

/** One tenant's part of a batch, encoded for the script, and what is needed to read its reply. */
export interface PreparedGroup {
  readonly agent: AgentContext;
  readonly tenantId: string;
  readonly keys: readonly string[];
  /** Number of KEYS before the aggregate hashes (the fixed ones and the digest strings). */
  readonly aggregateKeysFrom: number;
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

/** What a storeSegments call stored. */
export interface GroupResult {
  /** Workload fingerprints of the stored segments, … */
  readonly workloads: readonly string[];
  /** … the latest end of a stored segment that ran each, … */
  readonly workloadEnds: readonly number[];
  /** … and their memo entries. */
  readonly workloadMemos: readonly WorkloadMemo[];
  readonly accepted: number;
  readonly duplicates: number;
  /** Segments that overlap stored usage without being replays, in batch order. */
  readonly rejected: readonly StoreRejection[];
  readonly gpuMsByClass: Map<ControlClass, number>;
  /** The aggregate keys the script maintained (gave their TTL); undefined when it stored nothing. */
  readonly maintainedKeys: Set<string> | undefined;
}

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

/** Encodes one tenant's part of a batch as a storeSegments call (see usage-script.ts). */
export function prepareStoreSegmentsCall(input: StoreCallInput): PreparedGroup {
  const { agent, tenantId, segments, keys, ttls, nowMs } = input;
  const known = input.maintenance;
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
  // The digest strings of the segments' start hours come next (a call usually spans one or two).
  const bucketNos = new Map<number, number>();
  const bucketOf: number[] = [];
  for (const s of segments) {
    const hourStartMs = replayBucketStartMs(s.startMs);
    let b = bucketNos.get(hourStartMs);
    if (b === undefined) {
      keyList.push(keys.segmentDigests(tenantId, hourStartMs));
      b = bucketNos.size + 1;
      bucketNos.set(hourStartMs, b);
    }
    bucketOf.push(b);
  }
  const aggregateKeysFrom = keyList.length;
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
  const agentSeed = agentDigestSeed(agent.agentId);
  const encoder = new StoreSegmentsEncoder(segments.length * 200);
  const classMs = new Map<ControlClass, number>();
  // Fingerprint as sent → its number (0: none); a call usually names one or two.
  let workloadNoOf: Map<string, number> | undefined;
  let lastSent = '';
  let lastNo = 0;
  const workloads: string[] = [];
  const workloadEnds: number[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as ValidSegment;
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
    const usage = segmentUsage(s.startMs, s.endMs, s.gpuUuids, agent.inventory, classMs, s.gpuShares);
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
    const frame = encodeSegmentFrame(s);
    encoder.segment(
      fieldNo,
      workloadNo,
      bucketOf[i] ?? 1,
      segmentChecksum(agentSeed, frame),
      s.startMs,
      s.endMs,
      frame,
      2 * increments.length,
    );
    for (const inc of increments) {
      let h = hourlyNos.get(inc.day);
      if (h === undefined) {
        h = addKey(keys.hourly(tenantId, inc.day), ttls.hourlySeconds, inc.day);
        hourlyNos.set(inc.day, h);
      }
      let d = dailyNos.get(inc.month);
      if (d === undefined) {
        d = addKey(keys.daily(tenantId, inc.month), ttls.dailySeconds, '');
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
    return input.workloadMemos.get(key) ?? { key, recordedHourMs: -1, indexedUntilMs: 0 };
  });
  const call = encoder.finish({
    auditTrimMs: refresh ? ttls.auditTrimMs : 0,
    stateTtlSeconds: refresh ? ttls.stateSeconds : 0,
    daysTtlSeconds: refresh ? ttls.dailySeconds : 0,
    auditTtlSeconds: refresh ? ttls.auditSeconds : 0,
    replayTtlSeconds: ttls.replaySeconds,
    digestKeyCount: bucketNos.size,
    keys: aggregates,
    fields,
    totals,
    workloads: workloads.map((name, i) => ({
      name,
      // Written already for this hour (or later) by this process: the script may skip it.
      record: (workloadMemos[i]?.recordedHourMs ?? -1) < Math.floor((workloadEnds[i] ?? 0) / hourMs) * hourMs,
    })),
  });
  return {
    agent,
    tenantId,
    keys: keyList,
    aggregateKeysFrom,
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
export function readStoreSegmentsReply(p: PreparedGroup, reply: unknown, keys: RedisKeys): GroupResult {
  const n = p.segments.length;
  // A string of flags, or [flags, the watermark each rejected segment met…].
  const flags: unknown = Array.isArray(reply) ? reply[0] : reply;
  if (typeof flags !== 'string' || flags.length !== n) {
    throw new AppError(
      'INTERNAL',
      `usage script for tenant ${quote(p.tenantId)}: expected ${n} flags, got ${quote(flags)}`,
    );
  }
  let accepted = 0;
  const rejected: StoreRejection[] = [];
  for (let i = 0; i < n; i++) {
    const flag = flags.charCodeAt(i);
    if (flag === 49 /* "1" */) accepted++;
    else if (flag === 50 /* "2" */) {
      const storedEndMs = Number((reply as unknown[])[rejected.length + 1]);
      const s = p.segments[i];
      if (s !== undefined) rejected.push(overlapRejection(s, storedEndMs));
    }
  }
  if (accepted === n) {
    // The common case: everything new, so every aggregate key was written.
    return {
      workloads: p.workloads,
      workloadEnds: p.workloadEnds,
      workloadMemos: p.workloadMemos,
      accepted,
      duplicates: 0,
      rejected,
      gpuMsByClass: new Map(p.classMs),
      maintainedKeys: new Set(p.keys.slice(p.aggregateKeysFrom)),
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
    const usage = segmentUsage(s.startMs, s.endMs, s.gpuUuids, p.agent.inventory, gpuMsByClass, s.gpuShares);
    for (const inc of usage.increments) {
      done.add(keys.hourly(p.tenantId, inc.day));
      done.add(keys.daily(p.tenantId, inc.month));
    }
  });
  const stored = p.workloads.flatMap((_, w) => ((workloadEnds[w] ?? -1) >= 0 ? [w] : []));
  return {
    workloads: stored.map((w) => p.workloads[w] ?? ''),
    workloadEnds: stored.map((w) => workloadEnds[w] ?? 0),
    workloadMemos: stored.flatMap((w) => p.workloadMemos[w] ?? []),
    accepted,
    duplicates: n - accepted - rejected.length,
    rejected,
    gpuMsByClass,
    // The script maintained only what it wrote: exactly that.
    maintainedKeys: accepted > 0 ? done : undefined,
  };
}
