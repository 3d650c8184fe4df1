/**
 * A collector SIGKILLed mid-stream while another serves (docs/design.md §4, §11): two `gpuwatch collector`
 * child processes share the test Redis; a real `gpuwatch agent` (fake nvidia-smi, lease file,
 * 1 s interval) is given both as one grpc-js target (`ipv4:A,B`, pick-first). The collector it
 * streams to is killed without warning; the agent reconnects to the other one and resends what
 * was not acknowledged. At the end the store holds exactly the leases' GPUs × the event time
 * the agent covered: nothing lost, nothing counted twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from '../helpers/agent-client.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { AgentProcess, type AgentLogLine } from '../agent/agent-process.js';
import { a100MigUuids as A100, tempDir } from '../agent/fixtures.js';

const cleanups: (() => unknown)[] = [];
let redis: TestRedis;
beforeEach(async () => {
  redis = await openTestRedis();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await redis.cleanup();
});

async function startCollector(): Promise<CollectorProcess> {
  const c = await CollectorProcess.start(['--redis', testRedisUrl, '--key-prefix', redis.prefix]);
  cleanups.push(() => c.kill());
  return c;
}

/** How many streams said hello to this collector, from its log. */
function connectedCount(c: CollectorProcess): number {
  return c
    .stderr()
    .split('\n')
    .filter((l) => l.includes('"msg":"agent connected"')).length;
}

async function storedGpuMs(address: string, tenantId: string): Promise<number> {
  const admin = new AdminClient({ address });
  try {
    return Math.round(((await admin.tenantUsage({ tenant_id: tenantId })).total_gpu_seconds ?? 0) * 1000);
  } finally {
    admin.close();
  }
}

const spooled = (l: AgentLogLine): boolean =>
  l.msg === 'first collection spooled' || l.msg === 'collection spooled';

describe('collector failover', () => {
  it('SIGKILL of the collector an agent streams to: the agent fails over to the other, totals exact', async () => {
    const [a, b] = [await startCollector(), await startCollector()];
    const dir = tempDir('failover');
    cleanups.push(dir.remove);
    const sinceMs = Math.floor(Date.now() / 1000) * 1000 - 20_000;
    const tenants = { x: `tenant-x-${redis.prefix}`, y: `tenant-y-${redis.prefix}` };
    const leases = join(dir.path, 'leases.json');
    const since = new Date(sinceMs).toISOString();
    writeFileSync(
      leases,
      JSON.stringify([
        { tenant_id: tenants.x, allocation_id: 'lease-x', gpu_uuids: A100.slice(0, 2), since },
        { tenant_id: tenants.y, allocation_id: 'lease-y', gpu_uuids: A100.slice(2), since },
      ]),
    );
    const spoolDir = join(dir.path, 'spool');
    const agent = AgentProcess.start(
      [
        // Both collectors as one target: grpc-js picks the first that answers, the next when it dies.
        '--collector',
        `ipv4:${a.grpcAddress},${b.grpcAddress}`,
        '--allow-plaintext',
        '--agent-id',
        'gpu-node-failover',
        '--spool-dir',
        spoolDir,
        '--interval',
        '1s',
        '--lease-file',
        leases,
        '--metrics-listen',
        'off',
        '--log-level',
        'debug',
      ],
      'a100Mig',
    );
    cleanups.push(() => agent.kill());

    let n = 0;
    await agent.waitForLog((l) => spooled(l) && ++n === 3, '3 spooled cycles');
    await expect.poll(() => connectedCount(a), { timeout: 10_000 }).toBe(1);
    expect(connectedCount(b)).toBe(0);
    expect(await a.kill()).toEqual({ code: null, signal: 'SIGKILL' });

    // The agent finds the survivor on its own and keeps delivering there.
    await expect.poll(() => connectedCount(b), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    n = 0;
    const cyclesBefore = agent.lines.filter(spooled).length;
    await agent.waitForLog((l) => spooled(l) && ++n === cyclesBefore + 3, '3 more cycles');
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const stopped = await agent.waitForLog((l) => l.msg === 'agent stopped', 'the stop');
    expect(stopped.delivered).toBe(true);

    const state = JSON.parse(readFileSync(join(spoolDir, 'state-segments.json'), 'utf8')) as {
      allocations: Record<string, { end_unix_ms: number }>;
    };
    const endX = state.allocations['lease-x']?.end_unix_ms ?? NaN;
    const endY = state.allocations['lease-y']?.end_unix_ms ?? NaN;
    expect(endX).toBe(endY);
    const elapsedMs = endX - sinceMs;
    expect(elapsedMs).toBeGreaterThan(20_000);
    expect(await storedGpuMs(b.grpcAddress, tenants.x)).toBe(2 * elapsedMs);
    expect(await storedGpuMs(b.grpcAddress, tenants.y)).toBe(1 * elapsedMs);
  });
});
