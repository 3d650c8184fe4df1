/**
 * The detector's periodic sweep over a synthetic fleet (issue 4 goal: 100 000 tenants with 90 days
 * of hourly usage in ≤ 60 s).
 *
 *   npm run build && node dist/bench/detector-sweep.js [--tenants 100000] [--days 90]
 *     [--chunk 2000] [--batch 500] [--concurrency 4] [--keep]
 *
 * Redis: GPUWATCH_BENCH_REDIS_URL, else GPUWATCH_TEST_REDIS_URL, else redis://127.0.0.1:6379. The
 * usage is written under a random prefix `bench-<hex>` in the collector's aggregate layout (per
 * tenant and UTC day a hash `<chip model>|<HH>` → GPU-ms, plus the usage-days index), with
 * pipelined HSETs, and every key under the prefix is deleted at the end (unless --keep).
 *
 * The fleet, deterministic (seeded per tenant), per 1000 tenants:
 * - 5 ring members: 3–6 H100s around the clock for the whole period (accounts of one actor
 *   splitting its usage; linkage is not part of this bench, so each is judged alone);
 * - 15 long-term holders: 8–64 H100s or H200s around the clock (±10 % per hour), some starting up to
 *   40 days late (tenure below 90 days), some with a few L40 hours too;
 * - 80 mid-size: 1–4 GPUs for 4–16 hours on ~40 % of the days;
 * - 10 new accounts (created in the last 30 days) that burst to 64–128 H100s for 6 hours in
 *   their first week;
 * - 890 small and bursty: 1–8 GPUs (H100, A100, L40 or L20) for 1–6 hours on ~8 % of the days.
 *
 * The sweep, per chunk of tenants: RedisUsageReader.manyTenantUsage over the rules' longest
 * window, then the six usage rules (effective ownership, structuring, shell ring, succession,
 * new-account burst, frontier compute) on each tenant as a singleton cluster with its profile
 * (profiles are generated in memory, not read from Redis). Linkage (bench/linkage.ts) and
 * screening (bench/screening.ts) are measured on their own; with singleton clusters structuring,
 * shell ring and succession return early. The next chunk's read is in flight while the rules run
 * on the current one; "read wait" is the time the sweep spent waiting for reads, "rules" the
 * time spent in the rules. The watermark (`nowMs`) is the end of the generated period, and the
 * bench checks that it equals latestUsageEndMs of what was read.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisKeys } from '../common/redis-keys.js';
import { dayMs, hourMs, utcDay } from '../common/usage-time.js';
import type { Cluster, Finding, RuleId, TenantProfile, TenantUsage } from '../detector/model.js';
import { defaultPolicy, type Policy } from '../detector/policy.js';
import { effectiveOwnership } from '../detector/rules/effective-ownership.js';
import { frontierCompute } from '../detector/rules/frontier-compute.js';
import { newAccountBurst } from '../detector/rules/new-account-burst.js';
import { shellRing } from '../detector/rules/shell-ring.js';
import { structuring } from '../detector/rules/structuring.js';
import { succession } from '../detector/rules/succession.js';
import { latestUsageEndMs, RedisUsageReader } from '../detector/usage-reader.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new Error(`--${name}: expected a positive integer, got "${process.argv[i + 1] ?? ''}"`);
  }
  return v;
}

const tenantCount = option('tenants', 100_000);
const days = option('days', 90);
const chunk = option('chunk', 2000);
const batchSize = option('batch', 500);
const concurrency = option('concurrency', 4);
const keep = process.argv.includes('--keep');
const url =
  process.env.GPUWATCH_BENCH_REDIS_URL ?? process.env.GPUWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** End of the generated period: the watermark. */
const endMs = Date.UTC(2026, 5, 1);
const startMs = endMs - days * dayMs;
const policy: Policy = { ...defaultPolicy, version: 'bench' };

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'ring' | 'holder' | 'mid' | 'new' | 'small';

function kindOf(i: number): Kind {
  const k = i % 1000;
  if (k < 5) return 'ring';
  if (k < 20) return 'holder';
  if (k < 100) return 'mid';
  if (k < 110) return 'new';
  return 'small';
}

const tenantId = (i: number): string => `bench-tenant-${i}`;

/** One tenant's generated usage: day index → field → GPU-ms. */
type Generated = Map<number, Map<string, number>>;

function generate(i: number): { usage: Generated; profile: TenantProfile } {
  const rand = prng(i * 2654435761 + 1);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const usage: Generated = new Map();
  const add = (hourIndex: number, model: string, gpus: number): void => {
    if (hourIndex < 0 || hourIndex >= days * 24 || gpus <= 0) return;
    const day = Math.floor(hourIndex / 24);
    const field = `${model}|${String(hourIndex % 24).padStart(2, '0')}`;
    let fields = usage.get(day);
    if (fields === undefined) {
      fields = new Map();
      usage.set(day, fields);
    }
    fields.set(field, (fields.get(field) ?? 0) + Math.round(gpus * hourMs));
  };
  const kind = kindOf(i);
  let accountCreatedMs = endMs - int(120, 1500) * dayMs;
  const totalHours = days * 24;
  if (kind === 'ring') {
    const gpus = int(3, 6);
    for (let h = 0; h < totalHours; h++) add(h, 'H100 SXM', gpus);
  } else if (kind === 'holder') {
    const gpus = int(8, 64);
    const model = rand() < 0.7 ? 'H100 SXM' : 'H200';
    const late = rand() < 0.3 ? int(1, 40) * 24 : 0;
    for (let h = late; h < totalHours; h++) add(h, model, gpus * (0.9 + 0.2 * rand()));
    if (rand() < 0.3) for (let n = int(10, 100); n > 0; n--) add(int(0, totalHours - 1), 'L40', int(1, 4));
  } else if (kind === 'new') {
    const ageDays = int(8, 29);
    accountCreatedMs = endMs - ageDays * dayMs;
    const createdHour = totalHours - ageDays * 24;
    const burstStart = createdHour + int(0, 6 * 24);
    const gpus = int(64, 128);
    for (let h = burstStart; h < burstStart + 6; h++) add(h, 'H100 SXM', gpus);
  } else {
    const mid = kind === 'mid';
    const models = ['H100 SXM', 'A100', 'L40', 'L20'];
    const model = models[int(0, models.length - 1)] ?? 'H100 SXM';
    for (let d = 0; d < days; d++) {
      if (rand() >= (mid ? 0.4 : 0.08)) continue;
      const first = d * 24 + int(0, 23);
      const length = mid ? int(4, 16) : int(1, 6);
      const gpus = mid ? int(1, 4) : int(1, 8);
      for (let h = first; h < first + length; h++) add(h, model, h === first ? gpus * rand() : gpus);
    }
  }
  const countries = ['US', 'US', 'US', 'DE', 'JP', 'GB', 'SG', 'CN', 'HK', 'FR'];
  const profile: TenantProfile = {
    tenantId: tenantId(i),
    legalName: `Bench Tenant ${i} Ltd`,
    aliases: [],
    country: countries[int(0, countries.length - 1)] ?? '',
    accountCreatedMs,
    incorporatedMs: accountCreatedMs - int(30, 3000) * dayMs,
    registrationNumber: `REG-${i}`,
    beneficialOwners: [],
    resellerId: '',
    kycVerified: rand() < 0.7,
    identities: [],
    attributes: {},
  };
  return { usage, profile };
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

const dayNames = Array.from({ length: days }, (_, d) => utcDay(startMs + d * dayMs));

async function write(redis: Redis, keys: RedisKeys): Promise<{ dayHashes: number; fields: number }> {
  let dayHashes = 0;
  let fields = 0;
  for (let from = 0; from < tenantCount; from += 1000) {
    const pipe = redis.pipeline();
    for (let i = from; i < Math.min(from + 1000, tenantCount); i++) {
      const { usage } = generate(i);
      if (usage.size === 0) continue;
      const id = tenantId(i);
      const usageDays: string[] = [];
      for (const [d, hash] of usage) {
        const day = dayNames[d] ?? '';
        const args: (string | number)[] = [];
        for (const [field, ms] of hash) args.push(field, ms);
        pipe.hset(keys.hourly(id, day), ...args);
        usageDays.push(day, '1');
        dayHashes++;
        fields += hash.size;
      }
      pipe.hset(keys.usageDays(id), ...usageDays);
    }
    await pipe.exec();
  }
  return { dayHashes, fields };
}

const singleton = (id: string): Cluster => ({
  clusterId: id,
  tenantIds: [id],
  anchorTenantId: id,
  links: [],
});
const noAddresses: ReadonlyMap<string, number> = new Map();

/** The six usage rules on one tenant as a singleton cluster; the findings. */
function evaluate(profile: TenantProfile, usage: TenantUsage, nowMs: number): Finding[] {
  const inputs = {
    cluster: singleton(profile.tenantId),
    profiles: [profile],
    usage: [usage],
    screenedParty: false,
    addressTenantCounts: noAddresses,
  };
  const out: Finding[] = [];
  for (const f of [
    effectiveOwnership(inputs, policy, nowMs),
    structuring(inputs, policy, nowMs),
    shellRing(inputs, policy, nowMs),
    succession(inputs, policy, nowMs),
    newAccountBurst(inputs, policy, nowMs),
    frontierCompute(inputs, policy, nowMs),
  ]) {
    if (f !== undefined) out.push(f);
  }
  return out;
}

async function main(): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const keys = new RedisKeys(prefix);
  try {
    const memoryBefore = await usedMemory(redis);
    let t0 = performance.now();
    const written = await write(redis, keys);
    const writeS = (performance.now() - t0) / 1000;
    const memoryMb = (await usedMemory(redis)) - memoryBefore;
    console.log(
      `wrote ${tenantCount} tenants × ${days} days: ${written.dayHashes} day hashes, ${written.fields} fields, ` +
        `${memoryMb.toFixed(0)} MB of Redis memory, in ${writeS.toFixed(1)} s`,
    );

    // Profiles are not part of the measured read: generate them before the clock starts.
    const profiles: TenantProfile[] = [];
    for (let i = 0; i < tenantCount; i++) profiles.push(generate(i).profile);
    const ids = profiles.map((p) => p.tenantId);

    const reader = new RedisUsageReader({ redis, keys, batchSize, concurrency });
    const nowMs = endMs;
    const windowDays = Math.max(policy.effectiveOwnership.windowDays, policy.frontierCompute.windowDays);
    const fromMs = nowMs - windowDays * dayMs;
    const findings = new Map<RuleId, number>();
    let hoursRead = 0;
    let latest = 0;
    let readWaitMs = 0;
    let rulesMs = 0;
    const read = (from: number): Promise<TenantUsage[]> =>
      reader.manyTenantUsage(ids.slice(from, from + chunk), fromMs, nowMs);
    t0 = performance.now();
    let pending = read(0);
    for (let from = 0; from < tenantCount; from += chunk) {
      const r0 = performance.now();
      const usages = await pending;
      readWaitMs += performance.now() - r0;
      if (from + chunk < tenantCount) pending = read(from + chunk);
      const c0 = performance.now();
      latest = Math.max(latest, latestUsageEndMs(usages));
      usages.forEach((usage, j) => {
        hoursRead += usage.hours.length;
        const profile = profiles[from + j];
        if (profile === undefined) return;
        for (const f of evaluate(profile, usage, nowMs))
          findings.set(f.rule, (findings.get(f.rule) ?? 0) + 1);
      });
      rulesMs += performance.now() - c0;
    }
    const totalS = (performance.now() - t0) / 1000;
    if (latest !== nowMs) throw new Error(`watermark ${latest} read back, expected ${nowMs}`);

    const result = {
      bench: 'detector-sweep',
      tenants: tenantCount,
      days,
      dayHashes: written.dayHashes,
      hourlyRows: hoursRead,
      redisMemoryMb: Math.round(memoryMb),
      writeSeconds: round(writeS),
      sweepSeconds: round(totalS),
      tenantsPerSecond: Math.round(tenantCount / totalS),
      readWaitSeconds: round(readWaitMs / 1000),
      rulesSeconds: round(rulesMs / 1000),
      findings: Object.fromEntries(findings),
      chunk,
      batchSize,
      concurrency,
    };
    console.log(
      `sweep: ${tenantCount} tenants in ${totalS.toFixed(1)} s (${result.tenantsPerSecond} tenants/s); ` +
        `waiting for reads ${result.readWaitSeconds} s, rules ${result.rulesSeconds} s; ${hoursRead} hourly rows; ` +
        `findings ${JSON.stringify(result.findings)}`,
    );
    console.log(JSON.stringify(result));
  } finally {
    if (!keep) await deletePrefix(redis, prefix);
    else console.log(`kept keys under ${prefix}:`);
    redis.disconnect();
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const m = /used_memory:(\d+)/.exec(info);
  return m === null ? 0 : Number(m[1]) / 1e6;
}

await main();
