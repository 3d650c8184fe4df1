/**
 * The Lua scripts behind RedisUsageStore, registered with ioredis `defineCommand` (EVALSHA, with
 * EVAL on the first use per connection and after NOSCRIPT, so a restarted Redis needs nothing).
 *
 * Every key a script touches is passed in KEYS, and the keys of one call share one hash tag
 * (`{t:<tenant>}` or `{a:<agent>}`), so the scripts run unchanged on a Redis Cluster.
 */
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../../common/redis.js';

/**
 * Stores one tenant's segments of a batch atomically (docs/design.md §4), each exactly once.
 *
 * KEYS: 1 watermarks, 2 audit stream, 3 allocations, 4 usage days, 5 workloads, 6…5+nb the
 * segment-digest strings of the replay window (one per UTC hour of the segments' starts), then the
 * aggregate hashes (hourly ones per day, daily ones per month). ARGV: 1 the call, encoded by
 * StoreSegmentsEncoder; 2 the agent id. Returns one character per segment — "1" stored, "0"
 * replay, "2" overlap (rejected) — as a string when nothing was rejected, else as the first item
 * of an array followed by the watermark each rejected segment met, in order.
 *
 * A segment is new when it starts at or after its allocation's watermark (and ends after it).
 * Otherwise it is a replay when its digest (segment-replay.ts: agent, start, encoded bytes) is in the
 * digest string of its start hour or was stored earlier in this call, else an overlap. Digests of
 * stored segments are appended to their hour's string (one APPEND per hour per call) with the
 * replay window as TTL; the strings are read only for a segment that is not new (rare: resends).
 *
 * The audit log gets one stream entry per call holding the stored segments: field `a` the agent
 * id, field `p` the segments exactly as the agent encoded them, concatenated — which is itself
 * a UsageBatch encoding (segments only). One XADD per tenant and batch instead of one per
 * segment, and no re-encoding: the evidence is the bytes that arrived.
 *
 * Built for throughput (Redis runs one script at a time, so its cost per segment caps the whole
 * fleet): the call travels as one binary argument read with Lua's `struct` (hundreds of ARGV
 * strings cost more, in Redis and in ioredis), written in one pass by StoreSegmentsEncoder
 * (header, segments, then the keys, allocations and totals they refer to); Node sends the group's increments already
 * summed per (key, field), each segment listing its share, so a stored segment costs a
 * watermark test and an XADD, and only a replay makes the script subtract its share. Every
 * (key, field) gets one HINCRBY, every hash one HSET. TTLs and trimming are done when the
 * caller asks (RedisUsageStore: once per tenant per maintenance interval, and when it first
 * writes an aggregate key), never per segment.
 *
 * Workload fingerprints: each segment names its fingerprint by number (0: none); for the stored
 * ones whose fingerprint is marked `record`, the script writes the latest end of a stored
 * segment that ran it into the workloads hash (never lowering it). Node sends each distinct
 * fingerprint once per call and marks it only when the call reaches a later hour than this
 * process last recorded, so most calls cost a number per segment and nothing more.
 *
 * The new-segment test is isNewSegment() of usage-aggregates.ts; keep the two the same
 * (test/collector/storage/usage-script.int.test.ts holds both to one table of cases).
 */
export const storeSegmentsLua = `
local wmKey, auditKey, allocKey, daysKey, wfKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local blob, agentId = ARGV[1], ARGV[2]
local get = struct.unpack
-- '%d' is exact for integers below 2^53 on 64-bit Redis builds, and twice as fast as '%.0f'.
local fmt = string.format
-- The segments follow the header (first is where it ends); the keys, allocations, totals and
-- workload fingerprints follow the segments, from tail on.
local trimMs, stateTtl, daysTtl, auditTtl, replayTtl, m, nb, nf, nt, nw, n, tail, first =
  get('<dI4I4I4I4HHHHHI4I4', blob, 1)
local aggBase = 5 + nb
local p = tail
local keyTtl, keyMark, keyDay = {}, {}, {}
for k = 1, m do
  keyTtl[k], keyMark[k], keyDay[k], p = get('<I4BI4c0', blob, p)
end
local fields, allocs = {}, {}
for i = 1, nf do
  fields[i], allocs[i], p = get('<I4c0I4c0', blob, p)
end
local totKey, totField, totMs = {}, {}, {}
for t = 1, nt do
  totKey[t], totField[t], totMs[t], p = get('<HI4c0d', blob, p)
end
local wfName, wfRecord, wfEnd = {}, {}, {}
for w = 1, nw do
  wfName[w], wfRecord[w], p = get('<I4c0B', blob, p)
end
local wm = {}
for i = 1, nf, 4000 do
  local last = math.min(i + 3999, nf)
  local got = redis.call('HMGET', wmKey, unpack(fields, i, last))
  for j = i, last do
    local v = got[j - i + 1]
    if v then wm[j] = tonumber(v) else wm[j] = -1 end
  end
end
local changed = {}
local flags = {}
local stored = {}
local accepted = 0
-- Digests stored by this call (a set) and per digest string (lists to append); digest strings read.
local seenNow, newDigests, digestText = {}, {}, {}
local out = nil
p = first
for i = 1, n do
  -- The digest is the record's checksum and start, as they lie in the argument.
  local dg = string.sub(blob, p + 6, p + 17)
  local fi, wf, bk, s, e, ni, len
  fi, wf, bk, s, e, ni, len, p = get('<HHHxxxxddBI4', blob, p)
  local audit = p
  p = p + len
  local cur = wm[fi]
  if s >= cur and e > cur then
    accepted = accepted + 1
    flags[i] = '1'
    wm[fi] = e
    changed[fi] = true
    stored[#stored + 1] = string.sub(blob, audit, p - 1)
    p = p + 10 * ni
    if wf > 0 and (wfEnd[wf] == nil or e > wfEnd[wf]) then wfEnd[wf] = e end
    seenNow[dg] = true
    local list = newDigests[bk]
    if list == nil then
      newDigests[bk] = { dg }
    else
      list[#list + 1] = dg
    end
  else
    local replay = seenNow[dg] == true
    if not replay then
      local text = digestText[bk]
      if text == nil then
        text = redis.call('GET', KEYS[5 + bk]) or ''
        digestText[bk] = text
      end
      local from = 1
      while true do
        local at = string.find(text, dg, from, true)
        if not at then break end
        if at % 12 == 1 then
          replay = true
          break
        end
        from = at + 1
      end
    end
    if replay then
      flags[i] = '0'
    else
      flags[i] = '2'
      if out == nil then out = { '' } end
      out[#out + 1] = fmt('%d', cur)
    end
    for _ = 1, ni do
      local t, ms
      t, ms, p = get('<Hd', blob, p)
      totMs[t] = totMs[t] - ms
    end
  end
end
if accepted > 0 then
  redis.call('XADD', auditKey, '*', 'a', agentId, 'p', table.concat(stored))
  for b = 1, nb do
    local list = newDigests[b]
    if list then
      redis.call('APPEND', KEYS[5 + b], table.concat(list))
      if replayTtl > 0 then redis.call('EXPIRE', KEYS[5 + b], replayTtl) end
    end
  end
  local wmArgs, allocArgs = {}, {}
  for fi = 1, nf do
    if changed[fi] then
      wmArgs[#wmArgs + 1] = fields[fi]
      wmArgs[#wmArgs + 1] = fmt('%d', wm[fi])
      allocArgs[#allocArgs + 1] = fields[fi]
      allocArgs[#allocArgs + 1] = allocs[fi]
    end
  end
  for i = 1, #wmArgs, 4000 do
    local last = math.min(i + 3999, #wmArgs)
    redis.call('HSET', wmKey, unpack(wmArgs, i, last))
    redis.call('HSET', allocKey, unpack(allocArgs, i, last))
  end
  if stateTtl > 0 then
    redis.call('EXPIRE', wmKey, stateTtl)
    redis.call('EXPIRE', allocKey, stateTtl)
  end
  if nw > 0 then
    local names, ends = {}, {}
    for w = 1, nw do
      if wfEnd[w] and wfRecord[w] == 1 then
        names[#names + 1] = wfName[w]
        ends[#ends + 1] = wfEnd[w]
      end
    end
    for i = 1, #names, 2000 do
      local last = math.min(i + 1999, #names)
      local old = redis.call('HMGET', wfKey, unpack(names, i, last))
      local wfArgs = {}
      for j = i, last do
        local was = old[j - i + 1]
        if not was or tonumber(was) < ends[j] then
          wfArgs[#wfArgs + 1] = names[j]
          wfArgs[#wfArgs + 1] = fmt('%d', ends[j])
        end
      end
      if #wfArgs > 0 then redis.call('HSET', wfKey, unpack(wfArgs)) end
    end
    if #names > 0 and stateTtl > 0 then redis.call('EXPIRE', wfKey, stateTtl) end
  end
  local written = {}
  for t = 1, nt do
    if totMs[t] > 0 then
      local k = totKey[t]
      redis.call('HINCRBY', KEYS[aggBase + k], totField[t], fmt('%d', totMs[t]))
      written[k] = true
    end
  end
  local days = {}
  for k = 1, m do
    if written[k] then
      if keyTtl[k] > 0 then redis.call('EXPIRE', KEYS[aggBase + k], keyTtl[k]) end
      if keyMark[k] == 1 then
        days[#days + 1] = keyDay[k]
        days[#days + 1] = '1'
      end
    end
  end
  if #days > 0 then redis.call('HSET', daysKey, unpack(days)) end
  if daysTtl > 0 then redis.call('EXPIRE', daysKey, daysTtl) end
  if trimMs > 0 then
    -- Stream ids are the server's clock, so the cut-off is too.
    local t = redis.call('TIME')
    local minId = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - trimMs
    redis.call('XTRIM', auditKey, 'MINID', '~', fmt('%d', minId))
  end
  if auditTtl > 0 then redis.call('EXPIRE', auditKey, auditTtl) end
end
if out == nil then return table.concat(flags) end
out[1] = table.concat(flags)
return out
`;

/** One aggregate hash of a storeSegments call (its key is KEYS[5 + digest strings + its number]). */
export interface StoreSegmentsKey {
  /** TTL to set now, seconds, if the call adds to it; 0 leaves the key's TTL alone. */
  readonly ttlSeconds: number;
  /** Record `day` in the usage-days hash if the call adds to this key (hourly keys). */
  readonly markDay: boolean;
  /** For an hourly key: its day "YYYY-MM-DD"; "" for a daily key. */
  readonly day: string;
}

/** One allocation of a storeSegments call. */
export interface StoreSegmentsField {
  /** Watermark / allocation hash field: `<agent>\x1f<allocation>`. */
  readonly name: string;
  /** Allocation JSON of the allocation's last segment in the call. */
  readonly allocationJson: string;
}

/** One (aggregate key, field) of a storeSegments call with the GPU-ms of all its segments. */
export interface StoreSegmentsTotal {
  /** 1-based number of the aggregate key in `keys`. */
  readonly keyNo: number;
  /** `<model>|<HH>` (hourly key) or `<model>|<DD>` (daily key). */
  readonly field: string;
  /** Integer GPU-milliseconds, summed over every segment of the call. */
  readonly gpuMs: number;
}

/** What a storeSegments call needs besides its KEYS and its segments. */
export interface StoreSegmentsCall {
  /** Trim the audit stream to this age now, ms; 0: not now (or never: archiving). */
  readonly auditTrimMs: number;
  /** TTL to set now on watermarks and allocations, seconds; 0: leave. */
  readonly stateTtlSeconds: number;
  /** TTL to set now on usage days, seconds; 0: leave. */
  readonly daysTtlSeconds: number;
  /** TTL to set now on the audit stream, seconds; 0: leave (or none: archiving). */
  readonly auditTtlSeconds: number;
  /** TTL of the digest strings it appends to (the replay window), seconds; 0: none. */
  readonly replayTtlSeconds: number;
  /** Number of digest strings among the KEYS (segment() `bucketNo` n is the n-th). */
  readonly digestKeyCount: number;
  readonly keys: readonly StoreSegmentsKey[];
  readonly fields: readonly StoreSegmentsField[];
  readonly totals: readonly StoreSegmentsTotal[];
  /**
   * The distinct workload fingerprints the segments name (segment() `workloadNo` n is the n-th),
   * normalized and non-empty.
   */
  readonly workloads: readonly StoreSegmentsWorkload[];
}

/** One workload fingerprint of a storeSegments call. */
export interface StoreSegmentsWorkload {
  /** The fingerprint, normalized: the workloads hash field. */
  readonly name: string;
  /** Write its last-seen time if a stored segment ran it; false: known recent enough. */
  readonly record: boolean;
}

/** A growing little-endian buffer. */
class BlobWriter {
  private buf: Buffer;
  private offset = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(256, capacity));
  }
  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.offset + bytes));
    this.buf.copy(next, 0, 0, this.offset);
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.offset = this.buf.writeUInt8(v, this.offset);
  }
  u16(v: number): void {
    this.ensure(2);
    this.offset = this.buf.writeUInt16LE(v, this.offset);
  }
  u32(v: number): void {
    this.ensure(4);
    this.offset = this.buf.writeUInt32LE(v, this.offset);
  }
  f64(v: number): void {
    this.ensure(8);
    this.offset = this.buf.writeDoubleLE(v, this.offset);
  }
  /** u32 byte length, then the bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(4 + b.length);
    this.offset = this.buf.writeUInt32LE(b.length, this.offset);
    this.buf.set(b, this.offset);
    this.offset += b.length;
  }
  /** u32 byte length, then the UTF-8 bytes. */
  str(s: string): void {
    // Room for the worst case (3 bytes per UTF-16 unit) without measuring, else measure.
    if (this.offset + 4 + 3 * s.length > this.buf.length) this.ensure(4 + Buffer.byteLength(s));
    const n = this.buf.write(s, this.offset + 4, 'utf8');
    this.buf.writeUInt32LE(n, this.offset);
    this.offset += 4 + n;
  }
  get position(): number {
    return this.offset;
  }
  /** Writes at `at` (already written space), for a header completed last. */
  patch(at: number, write: (buf: Buffer, at: number) => void): void {
    write(this.buf, at);
  }
  finish(): Buffer {
    return this.buf.subarray(0, this.offset);
  }
}

function checkCount(what: string, n: number, max: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) {
    throw new RangeError(`storeSegments: expected at most ${max} ${what}, got ${n}`);
  }
}

/** Bytes of the header ('<dI4I4I4I4HHHHHI4I4'); the segments start right after it. */
const headerBytes = 8 + 4 * 4 + 5 * 2 + 2 * 4;

/**
 * Writes the argument of one storeSegments call in one pass: segments as they come, then the
 * keys, allocations and totals they refer to, then the header (see storeSegmentsLua).
 */
export class StoreSegmentsEncoder {
  private readonly w: BlobWriter;
  private segments = 0;
  private sharesLeft = 0;

  /** @param estimateBytes expected size (the sum of the audit JSON lengths is a good guess) */
  constructor(estimateBytes: number) {
    this.w = new BlobWriter(headerBytes + estimateBytes);
    for (let i = 0; i < headerBytes; i++) this.w.u8(0);
  }

  /**
   * Starts a segment; `shareCount` calls of share() must follow: its GPU-ms in each total it
   * adds to.
   * @param fieldNo 1-based number of its allocation in the `fields` given to finish()
   * @param workloadNo 1-based number of its fingerprint in the `workloads` given to finish(); 0: none
   * @param bucketNo 1-based number of the digest string of its start hour (`digestKeyCount`)
   * @param checksum its segmentChecksum (segment-replay.ts); with the start it makes the digest
   */
  segment(
    fieldNo: number,
    workloadNo: number,
    bucketNo: number,
    checksum: number,
    startMs: number,
    endMs: number,
    encoded: Uint8Array,
    shareCount: number,
  ): void {
    if (this.sharesLeft !== 0) throw new Error(`storeSegments: ${this.sharesLeft} shares missing`);
    checkCount('shares per segment', shareCount, 0xff);
    this.w.u16(fieldNo);
    this.w.u16(workloadNo);
    this.w.u16(bucketNo);
    // checksum + start: segmentDigest's layout, read by the script as one 12-byte string.
    this.w.u32(checksum);
    this.w.f64(startMs);
    this.w.f64(endMs);
    this.w.u8(shareCount);
    this.w.bytes(encoded);
    this.sharesLeft = shareCount;
    this.segments++;
  }

  /** @param totalNo 1-based number of the total in the `totals` given to finish() */
  share(totalNo: number, gpuMs: number): void {
    if (this.sharesLeft-- <= 0) throw new Error('storeSegments: more shares than announced');
    this.w.u16(totalNo);
    this.w.f64(gpuMs);
  }

  /** Appends what the segments refer to and the header; returns the argument. */
  finish(call: StoreSegmentsCall): Buffer {
    if (this.sharesLeft !== 0) throw new Error(`storeSegments: ${this.sharesLeft} shares missing`);
    checkCount('aggregate keys', call.keys.length, 0xffff);
    checkCount('allocations', call.fields.length, 0xffff);
    checkCount('totals', call.totals.length, 0xffff);
    checkCount('workload fingerprints', call.workloads.length, 0xffff);
    checkCount('digest strings', call.digestKeyCount, 0xffff);
    const w = this.w;
    const tail = w.position;
    for (const k of call.keys) {
      w.u32(k.ttlSeconds);
      w.u8(k.markDay ? 1 : 0);
      w.str(k.day);
    }
    for (const f of call.fields) {
      w.str(f.name);
      w.str(f.allocationJson);
    }
    for (const t of call.totals) {
      w.u16(t.keyNo);
      w.str(t.field);
      w.f64(t.gpuMs);
    }
    for (const workload of call.workloads) {
      w.str(workload.name);
      w.u8(workload.record ? 1 : 0);
    }
    const segments = this.segments;
    w.patch(0, (buf) => {
      let at = buf.writeDoubleLE(call.auditTrimMs, 0);
      at = buf.writeUInt32LE(call.stateTtlSeconds, at);
      at = buf.writeUInt32LE(call.daysTtlSeconds, at);
      at = buf.writeUInt32LE(call.auditTtlSeconds, at);
      at = buf.writeUInt32LE(call.replayTtlSeconds, at);
      at = buf.writeUInt16LE(call.keys.length, at);
      at = buf.writeUInt16LE(call.digestKeyCount, at);
      at = buf.writeUInt16LE(call.fields.length, at);
      at = buf.writeUInt16LE(call.totals.length, at);
      at = buf.writeUInt16LE(call.workloads.length, at);
      at = buf.writeUInt32LE(segments, at);
      // Lua positions are 1-based.
      buf.writeUInt32LE(tail + 1, at);
    });
    return w.finish();
  }
}

/**
 * After a batch's tenant groups are stored: records its seq for the agent's spool (never lowering
 * it), and updates the node's GPU → allocation map where the new segment ends later.
 *
 * KEYS: 1 batch seq hash, 2 node GPUs hash. ARGV: 1 spool id, 2 seq, then triples
 * (GPU uuid, end ms, JSON {tenant_id, allocation_id, end}). Returns the number of GPUs updated.
 */
export const finishBatchLua = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') or 0
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
local updates = {}
for i = 3, #ARGV, 3 do
  local old = redis.call('HGET', KEYS[2], ARGV[i])
  local oldEnd = -1
  if old then
    local ok, v = pcall(cjson.decode, old)
    if ok and type(v) == 'table' and tonumber(v['end']) then oldEnd = tonumber(v['end']) end
  end
  if tonumber(ARGV[i + 1]) > oldEnd then
    updates[#updates + 1] = ARGV[i]
    updates[#updates + 1] = ARGV[i + 2]
  end
end
for i = 1, #updates, 2000 do
  redis.call('HSET', KEYS[2], unpack(updates, i, math.min(i + 1999, #updates)))
end
return #updates / 2
`;

/** The commands defineUsageScripts adds to a client. */
export interface UsageScriptCommands {
  /** See storeSegmentsLua: KEYS, then the call from StoreSegmentsEncoder and the agent id. */
  gpuwatchStoreSegments(
    numKeys: number,
    keys: readonly string[],
    call: Buffer,
    agentId: string,
  ): Promise<string | string[]>;
  /** See finishBatchLua; `args` are KEYS then ARGV. */
  gpuwatchFinishBatch(numKeys: number, args: readonly (string | number)[]): Promise<number>;
}

/** A pipeline of a client that defineUsageScripts has prepared. */
export type UsageScriptPipeline = ChainableCommander & {
  gpuwatchStoreSegments(
    numKeys: number,
    keys: readonly string[],
    call: Buffer,
    agentId: string,
  ): UsageScriptPipeline;
};

/** Registers the scripts on `redis` (idempotent) and returns it typed with them. */
export function defineUsageScripts(redis: RedisClient): RedisClient & UsageScriptCommands {
  const typed = redis as RedisClient & Partial<UsageScriptCommands>;
  if (typed.gpuwatchStoreSegments === undefined) {
    redis.defineCommand('gpuwatchStoreSegments', { lua: storeSegmentsLua });
  }
  if (typed.gpuwatchFinishBatch === undefined) {
    redis.defineCommand('gpuwatchFinishBatch', { lua: finishBatchLua });
  }
  return redis as RedisClient & UsageScriptCommands;
}
