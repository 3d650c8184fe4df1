/**
 * The Lua scripts behind RedisUsageStore, registered with ioredis `defineCommand` (EVALSHA, with
 * EVAL on the first use per connection and after NOSCRIPT, so a restarted Redis needs nothing).
 *
 * Every key a script touches is passed in KEYS, and the keys of one call share one hash tag
 * (`{t:<tenant>}` or `{a:<agent>}`), so the scripts run unchanged on a Redis Cluster.
 */
import type { Redis } from 'ioredis';

/**
 * Stores one tenant's segments of a batch atomically (DESIGN §4), each exactly once.
 *
 * KEYS: 1 watermarks, 2 audit stream, 3 allocations, 4 usage days, 5… aggregate hashes.
 * ARGV: 1 audit retention ms (0: never trim, the archiver does), 2 TTL s of watermarks and
 * allocations, 3 TTL s of usage days, 4 TTL s of the audit stream (0: none), 5 M = number of
 * aggregate keys, then M × (TTL s, day "YYYY-MM-DD" for an hourly key or "" for a daily one),
 * then N = number of segments, then per segment: allocation field, start ms, end ms, audit
 * JSON, allocation JSON, I, and I × (aggregate key number 1..M, field, GPU-ms).
 * Returns one character per segment: "1" stored, "0" replay.
 *
 * The new-segment test is isNewSegment() of usage-aggregates.ts; keep the two the same.
 * Increments are summed per (key, field) and written once each at the end; TTLs are set once
 * per key per call, never per segment.
 */
export const storeSegmentsLua = `
local wmKey, auditKey, allocKey, daysKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local auditRetentionMs = tonumber(ARGV[1])
local m = tonumber(ARGV[5])
local p = 6
local keyTtl, keyDay = {}, {}
for k = 1, m do
  keyTtl[k] = ARGV[p]
  keyDay[k] = ARGV[p + 1]
  p = p + 2
end
local n = tonumber(ARGV[p])
p = p + 1
local wm = {}
local changed, changedEnd, changedAlloc = {}, {}, {}
local sums = {}
local flags = {}
local accepted = 0
for i = 1, n do
  local field = ARGV[p]
  local s = tonumber(ARGV[p + 1])
  local e = tonumber(ARGV[p + 2])
  local ni = tonumber(ARGV[p + 5])
  local cur = wm[field]
  if cur == nil then
    local v = redis.call('HGET', wmKey, field)
    if v then cur = tonumber(v) else cur = -1 end
  end
  if s >= cur and e > cur then
    accepted = accepted + 1
    flags[i] = '1'
    wm[field] = e
    if changedEnd[field] == nil then changed[#changed + 1] = field end
    changedEnd[field] = ARGV[p + 2]
    changedAlloc[field] = ARGV[p + 4]
    redis.call('XADD', auditKey, '*', 's', ARGV[p + 3])
    local q = p + 6
    for _ = 1, ni do
      local k = tonumber(ARGV[q])
      local t = sums[k]
      if t == nil then
        t = {}
        sums[k] = t
      end
      local f = ARGV[q + 1]
      t[f] = (t[f] or 0) + tonumber(ARGV[q + 2])
      q = q + 3
    end
  else
    flags[i] = '0'
    wm[field] = cur
  end
  p = p + 6 + 3 * ni
end
if accepted > 0 then
  local function hsetMany(key, fields, values)
    local args = {}
    for _, f in ipairs(fields) do
      args[#args + 1] = f
      args[#args + 1] = values[f]
      if #args >= 2000 then
        redis.call('HSET', key, unpack(args))
        args = {}
      end
    end
    if #args > 0 then redis.call('HSET', key, unpack(args)) end
  end
  hsetMany(wmKey, changed, changedEnd)
  hsetMany(allocKey, changed, changedAlloc)
  redis.call('EXPIRE', wmKey, ARGV[2])
  redis.call('EXPIRE', allocKey, ARGV[2])
  local days = {}
  for k, t in pairs(sums) do
    local key = KEYS[4 + k]
    for f, amount in pairs(t) do
      redis.call('HINCRBY', key, f, string.format('%.0f', amount))
    end
    redis.call('EXPIRE', key, keyTtl[k])
    if keyDay[k] ~= '' then
      days[#days + 1] = keyDay[k]
      days[#days + 1] = '1'
    end
  end
  if #days > 0 then
    redis.call('HSET', daysKey, unpack(days))
    redis.call('EXPIRE', daysKey, ARGV[3])
  end
  if auditRetentionMs > 0 then
    -- Stream ids are the server's clock, so the cut-off is too.
    local t = redis.call('TIME')
    local minId = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - auditRetentionMs
    redis.call('XTRIM', auditKey, 'MINID', '~', string.format('%.0f', minId))
  end
  if ARGV[4] ~= '0' then redis.call('EXPIRE', auditKey, ARGV[4]) end
end
return table.concat(flags)
`;

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
  /** See storeSegmentsLua; `args` are KEYS then ARGV. */
  gpuwatchStoreSegments(numKeys: number, args: readonly (string | number)[]): Promise<string>;
  /** See finishBatchLua; `args` are KEYS then ARGV. */
  gpuwatchFinishBatch(numKeys: number, args: readonly (string | number)[]): Promise<number>;
}

/** Registers the scripts on `redis` (idempotent) and returns it typed with them. */
export function defineUsageScripts(redis: Redis): Redis & UsageScriptCommands {
  const typed = redis as Redis & Partial<UsageScriptCommands>;
  if (typed.gpuwatchStoreSegments === undefined) {
    redis.defineCommand('gpuwatchStoreSegments', { lua: storeSegmentsLua });
  }
  if (typed.gpuwatchFinishBatch === undefined) {
    redis.defineCommand('gpuwatchFinishBatch', { lua: finishBatchLua });
  }
  return redis as Redis & UsageScriptCommands;
}
