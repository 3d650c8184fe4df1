/**
 * The agent's delivery half against the real thing: `gpuwatch collector` as a child process of
 * the built CLI (dist/), on the shared test Redis under a key prefix of this test's own, fed by
 * the real spool and transport. What the store holds at the end is compared with what the agent
 * produced: exact after an outage, and short by exactly the counted drops when the spool overflowed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Registry } from 'prom-client';
import { Spool } from '../../agent/spool/spool.js';
import { Transport } from '../../agent/transport/transport.js';
import type { IUsageSegment } from '../../common/proto.js';
import { AdminClient } from '../helpers/agent-client.js';
import { freePort } from '../../common/free-port.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { tempDir } from './spool/spool-fixtures.js';

interface CollectorProcess {
  readonly port: number;
  readonly stderr: () => string;
  kill(): Promise<void>;
}

const children: ChildProcess[] = [];
const cleanups: (() => unknown)[] = [];
let redis: TestRedis;

beforeEach(async () => {
  redis = await openTestRedis();
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await redis.cleanup();
});

/** Starts `gpuwatch collector` on 127.0.0.1:`port` (0: any) and waits for its "listening" line. */
async function startCollector(port: number): Promise<CollectorProcess> {
  const child = spawn(
    process.execPath,
    [
      'dist/cli/main.js',
      'collector',
      '--listen',
      `127.0.0.1:${port}`,
      '--metrics-listen',
      '127.0.0.1:0',
      '--redis',
      testRedisUrl,
      '--key-prefix',
      redis.prefix,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start; stderr:\n${stderr}`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code}; stderr:\n${stderr}`));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /"msg":"collector listening".*?"grpc":"127\.0\.0\.1:(\d+)"/.exec(stderr);
      if (m !== null) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return {
    port: bound,
    stderr: () => stderr,
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const SEGMENT_MS = 60_000;

/** Batch `b` of `n` one-minute segments of tenant `tenantId`, each its own allocation, tiling time. */
function batch(tenantId: string, b: number, n: number, baseMs: number): IUsageSegment[] {
  return Array.from({ length: n }, (_, i) => {
    const k = b * n + i;
    return {
      tenant_id: tenantId,
      allocation_id: `alloc-${b}-${i}`,
      gpu_uuids: ['GPU-e2e-0001'],
      start_unix_ms: baseMs + k * SEGMENT_MS,
      end_unix_ms: baseMs + (k + 1) * SEGMENT_MS,
      source: 'lease-file',
    };
  });
}

async function agent(
  port: number,
  spoolOptions: { maxBytes?: number; fileBytes?: number } = {},
): Promise<{ spool: Spool; transport: Transport; registry: Registry }> {
  const { dir, cleanup } = tempDir('e2e');
  cleanups.push(cleanup);
  const registry = new Registry();
  const spool = await Spool.open({ dir, fsync: 'never', registry, ...spoolOptions });
  cleanups.push(() => spool.close());
  const transport = new Transport({
    target: `127.0.0.1:${port}`,
    agentId: 'e2e-node-1',
    agentVersion: '0.1.0-test',
    inventory: () => [
      { uuid: 'GPU-e2e-0001', index: 0, name: 'NVIDIA H100 80GB HBM3', pci_device_id: '0x233010DE' },
    ],
    spool,
    registry,
    backoffInitialMs: 50,
    backoffMaxMs: 200,
  });
  cleanups.push(() => transport.stop({ drainTimeoutMs: 0 }));
  return { spool, transport, registry };
}

async function storedGpuSeconds(port: number, tenantId: string): Promise<number> {
  const admin = new AdminClient({ address: `127.0.0.1:${port}` });
  try {
    return (await admin.tenantUsage({ tenant_id: tenantId })).total_gpu_seconds ?? 0;
  } finally {
    admin.close();
  }
}

describe('agent → gpuwatch collector (child process) → Redis', () => {
  it('stores every segment exactly once across a collector outage in the middle of delivery', async () => {
    const tenantId = `tenant-${redis.prefix}`;
    const baseMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 5 * 86_400_000;
    const first = await startCollector(0);
    const { spool, transport } = await agent(first.port);
    transport.start();
    for (let b = 0; b < 20; b++) {
      await spool.append(batch(tenantId, b, 50, baseMs));
      transport.notify();
    }
    // Killed while delivering: some batches acked, some in flight, some not sent yet.
    await until(() => spool.stats().ackedSeq >= 3, 'the first acks');
    await first.kill();
    for (let b = 20; b < 50; b++) await spool.append(batch(tenantId, b, 50, baseMs));
    transport.notify();
    await until(() => (transport.stats().sendErrors.unavailable ?? 0) >= 3, 'failed reconnects while down');

    const second = await startCollector(first.port);
    cleanups.push(() => second.kill());
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty into the second collector');
    expect(await storedGpuSeconds(second.port, tenantId)).toBe(50 * 50 * 60);
    // Every segment went out at least once (those in flight when the first collector died went
    // again, merged into larger messages): duplicates, not double counts, as the total shows.
    expect(transport.stats().segmentsSent).toBeGreaterThanOrEqual(50 * 50);
  });

  it('when the spool overflows during an outage, the store is short by exactly the dropped segments', async () => {
    const tenantId = `tenant-${redis.prefix}`;
    const baseMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 5 * 86_400_000;
    const port = await freePort();
    const { spool, transport, registry } = await agent(port, { maxBytes: 64 * 1024, fileBytes: 8 * 1024 });
    transport.start();
    const batches = 100;
    const perBatch = 10;
    for (let b = 0; b < batches; b++) {
      await spool.append(batch(tenantId, b, perBatch, baseMs));
      transport.notify();
    }
    await until(() => (transport.stats().sendErrors.unavailable ?? 0) >= 1, 'a failed connection');
    const dropped = spool.stats().droppedSegments;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(batches * perBatch);

    const collector = await startCollector(port);
    cleanups.push(() => collector.kill());
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty');
    const storedSegments = (await storedGpuSeconds(collector.port, tenantId)) / 60;
    expect(batches * perBatch - storedSegments).toBe(dropped);
    const metric = await registry.getSingleMetric('gpuwatch_agent_dropped_segments_total')?.get();
    expect(metric?.values[0]?.value).toBe(dropped);
  });
});
