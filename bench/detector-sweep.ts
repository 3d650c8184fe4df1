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
 * The fleet: bench/sweep-fleet.ts (deterministic, seeded per tenant).
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
import { deleteKeysWithPrefix } from '../common/redis.js';
import { dayMs } from '../common/usage/usage-time.js';
import type { TenantUsage } from '../common/usage/tenant-usage.js';
import type { Cluster, Finding, RuleId, TenantProfile } from '../detector/model.js';
import { defaultPolicy, type Policy } from '../detector/policy.js';
import { effectiveOwnership } from '../detector/rules/effective-ownership.js';
import { frontierCompute } from '../detector/rules/frontier-compute.js';
import { newAccountBurst } from '../detector/rules/new-account-burst.js';
import { shellRing } from '../detector/rules/shell-ring.js';
import { structuring } from '../detector/rules/structuring.js';
import { succession } from '../detector/rules/succession.js';
import { latestUsageEndMs, RedisUsageReader } from '../common/usage/usage-reader.js';
import { generate, writeFleetUsage } from './sweep-fleet.js';
import { argInt, benchRedisUrl } from './bench-support.js';

const tenantCount = argInt('tenants', 100_000);
const days = argInt('days', 90);
const chunk = argInt('chunk', 2000);
const batchSize = argInt('batch', 500);
const concurrency = argInt('concurrency', 4);
const keep = process.argv.includes('--keep');
const url = benchRedisUrl;

/** End of the generated period: the watermark. */
const endMs = Date.UTC(2026, 5, 1);
const policy: Policy = { ...defaultPolicy, version: 'bench' };

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
    const written = await writeFleetUsage(redis, keys, tenantCount, days, endMs);
    const writeS = (performance.now() - t0) / 1000;
    const memoryMb = (await usedMemory(redis)) - memoryBefore;
    console.log(
      `wrote ${tenantCount} tenants × ${days} days: ${written.dayHashes} day hashes, ${written.fields} fields, ` +
        `${memoryMb.toFixed(0)} MB of Redis memory, in ${writeS.toFixed(1)} s`,
    );

    // Profiles are not part of the measured read: generate them before the clock starts.
    const profiles: TenantProfile[] = [];
    for (let i = 0; i < tenantCount; i++) profiles.push(generate(i, days, endMs).profile);
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
    if (!keep) await deleteKeysWithPrefix(redis, prefix);
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
