/**
 * Micro-benchmark of RedisUsageStore.storeBatch alone (no gRPC, no validation): several agents
 * send batches of segments spread over many tenants, concurrently, through one Redis
 * connection, as one collector process does.
 *
 *   npm run build && node dist/bench/store-ingest.js
 *
 * Environment (all optional): GPUWATCH_BENCH_REDIS_URL (else GPUWATCH_TEST_REDIS_URL, else
 * redis://127.0.0.1:6379), BENCH_AGENTS (4), BENCH_BATCH (1000 segments), BENCH_TENANTS (200),
 * BENCH_BATCHES (batches per agent, 50), BENCH_GPUS (GPUs per segment, 8), BENCH_CONNECTIONS (1).
 * Keys go under a random prefix and are deleted afterwards. Prints one JSON line, with the CPU
 * time this process and the Redis server spent per segment (the server's share is exact only
 * when nothing else uses that Redis: point GPUWATCH_BENCH_REDIS_URL at a private one), which
 * says more than segments/s on a machine shared with other work.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisUsageStore } from '../collector/storage/redis-usage-store.js';
import type { AgentContext, InventoryGpu, ValidSegment } from '../collector/storage/usage-store.js';
import { RedisKeys } from '../common/redis-keys.js';
import { deleteKeysWithPrefix } from '../common/redis.js';
import { benchRedisUrl, envInt } from './bench-support.js';

const url = benchRedisUrl;
const agents = envInt('BENCH_AGENTS', 4);
const batchSize = envInt('BENCH_BATCH', 1000);
const tenants = envInt('BENCH_TENANTS', 200);
const batchesPerAgent = envInt('BENCH_BATCHES', 50);
const gpusPerSegment = envInt('BENCH_GPUS', 8);
const connections = envInt('BENCH_CONNECTIONS', 1);

const intervalMs = 60_000;
const startMs = Date.parse('2026-01-31T20:00:00Z');

function agentContext(n: number): AgentContext {
  const inventory = new Map<string, InventoryGpu>();
  for (let g = 0; g < gpusPerSegment; g++) {
    const uuid = `GPU-${n}-${g}`;
    inventory.set(uuid, { uuid, chipModel: 'H100 SXM', controlClass: '3A090.a', weight: 1 });
  }
  return { agentId: `bench-node-${n}`, spoolId: 'spool-1', inventory };
}

/** Batch b of an agent: batchSize segments over all tenants, each allocation one interval later. */
function batch(ctx: AgentContext, b: number): ValidSegment[] {
  const uuids = [...ctx.inventory.keys()];
  return Array.from({ length: batchSize }, (_, i) => {
    const tenant = i % tenants;
    const allocation = Math.floor(i / tenants);
    const s = startMs + b * intervalMs;
    return {
      index: i,
      tenantId: `tenant-${tenant}`,
      allocationId: `alloc-${tenant}-${allocation}`,
      gpuUuids: uuids,
      startMs: s,
      endMs: s + intervalMs,
      gpuUtilization: 0.87,
      memoryUsedBytes: 60_000_000_000,
      source: 'kubernetes',
      workloadFingerprint: 'sha256:0f3c9a',
      labels: { 'app.kubernetes.io/name': 'trainer' },
    };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Seconds of CPU the Redis server has used (user + sys), or NaN when INFO is not allowed. */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  try {
    const info = await redis.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return field('used_cpu_user') + field('used_cpu_sys');
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const keys = new RedisKeys(prefix);
  const clients = Array.from({ length: connections }, () => new Redis(url, { maxRetriesPerRequest: null }));
  const stores = clients.map((redis) => new RedisUsageStore({ redis, keys }));
  const durability = await stores[0]?.checkDurability();
  const contexts = Array.from({ length: agents }, (_, n) => agentContext(n));
  const latencies: number[] = [];
  let accepted = 0;
  try {
    const admin = clients[0];
    const redisCpuBefore = admin === undefined ? NaN : await redisCpuSeconds(admin);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await Promise.all(
      contexts.map(async (ctx, n) => {
        const store = stores[n % stores.length];
        if (store === undefined) return;
        for (let b = 0; b < batchesPerAgent; b++) {
          // Made as it is needed, as a collector decodes each batch: no heap of old batches to collect.
          const segments = batch(ctx, b);
          const t0 = process.hrtime.bigint();
          const result = await store.storeBatch(ctx, b + 1, segments, Date.now());
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          accepted += result.accepted;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const redisCpu = (admin === undefined ? NaN : await redisCpuSeconds(admin)) - redisCpuBefore;
    const total = agents * batchesPerAgent * batchSize;
    if (accepted !== total) throw new Error(`expected ${total} segments accepted, got ${accepted}`);
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'store-ingest',
        agents,
        batchSize,
        tenants,
        batchesPerAgent,
        gpusPerSegment,
        connections,
        segments: total,
        seconds: Number(seconds.toFixed(3)),
        segmentsPerSecond: Math.round(total / seconds),
        batchLatencyMs: {
          p50: Number(percentile(latencies, 0.5).toFixed(1)),
          p99: Number(percentile(latencies, 0.99).toFixed(1)),
        },
        nodeCpuUsPerSegment: Number(((cpu.user + cpu.system) / total).toFixed(2)),
        redisCpuUsPerSegment: Number(((redisCpu * 1e6) / total).toFixed(2)),
        durability: durability?.mode,
      }),
    );
  } finally {
    const admin = clients[0];
    if (admin !== undefined) await deleteKeysWithPrefix(admin, prefix);
    for (const c of clients) c.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
