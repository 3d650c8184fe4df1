/**
 * `gpuwatch agent` end to end: the built CLI as a child process against `gpuwatch collector` as
 * another, on the shared test Redis under this test's own key prefix. The agent reads the
 * constructed 4 × A100 capture through the fake nvidia-smi and a lease file, collects every
 * second, and is killed and restarted on the way; what the store holds at the end must be the
 * leases' GPUs × the event time between their `since` and the agent's last segment end — no
 * hole, no double count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentials as grpcCredentials } from '@grpc/grpc-js';
import { AdminClient } from '../helpers/agent-client.js';
import { TestCa } from '../helpers/test-ca.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { AgentRunner, type RunnerStateStore } from '../../agent/agent-runner.js';
import { collectionOptionSpecs, createCollection } from '../../agent/collection-config.js';
import { InventoryHolder } from '../../agent/inventory/inventory-holder.js';
import { JournaledSegmentStateStore } from '../../agent/segments/journaled-state-store.js';
import { Spool } from '../../agent/spool/spool.js';
import { Transport } from '../../agent/transport/transport.js';
import { systemClock } from '../../common/clock.js';
import { loadConfig } from '../../common/config.js';
import { silentLogger } from '../../common/logger.js';
import { AgentProcess, fakeGpuArgs, type AgentLogLine } from './agent-process.js';
import { a100MigUuids as A100, smiEnv, tempDir } from './fixtures.js';

const cleanups: (() => unknown)[] = [];
let redis: TestRedis;
beforeEach(async () => {
  redis = await openTestRedis();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await redis.cleanup();
});

async function startCollector(extra: string[] = []): Promise<CollectorProcess> {
  const collector = await CollectorProcess.start([
    '--redis',
    testRedisUrl,
    '--key-prefix',
    redis.prefix,
    ...extra,
  ]);
  cleanups.push(() => collector.kill());
  return collector;
}

function workDir(): string {
  const dir = tempDir('agent-e2e');
  cleanups.push(dir.remove);
  return dir.path;
}

interface Setup {
  readonly dir: string;
  readonly spoolDir: string;
  readonly sinceMs: number;
  readonly tenants: { readonly a: string; readonly b: string };
  readonly args: string[];
}

/** Tenant a leases two A100s, tenant b one, both since a whole second 20 s ago. */
function setup(collector: CollectorProcess, extra: string[] = []): Setup {
  const dir = workDir();
  const sinceMs = Math.floor(Date.now() / 1000) * 1000 - 20_000;
  const since = new Date(sinceMs).toISOString();
  const tenants = { a: `tenant-a-${redis.prefix}`, b: `tenant-b-${redis.prefix}` };
  const leases = join(dir, 'leases.json');
  writeFileSync(
    leases,
    JSON.stringify([
      { tenant_id: tenants.a, allocation_id: 'lease-a', gpu_uuids: A100.slice(0, 2), since },
      { tenant_id: tenants.b, allocation_id: 'lease-b', gpu_uuids: A100.slice(2), since },
    ]),
  );
  const spoolDir = join(dir, 'spool');
  const args = [
    '--collector',
    collector.grpcAddress,
    '--agent-id',
    'gpu-node-e2e',
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
    ...extra,
  ];
  return { dir, spoolDir, sinceMs, tenants, args };
}

function startAgent(s: Setup, env: NodeJS.ProcessEnv = {}): AgentProcess {
  const agent = AgentProcess.start(s.args, 'a100Mig', env);
  cleanups.push(() => agent.kill());
  return agent;
}

const spooled = (l: AgentLogLine): boolean =>
  l.msg === 'first collection spooled' || l.msg === 'collection spooled';

/** Waits for the `n`-th spooled cycle of this agent process. */
function cycles(agent: AgentProcess, n: number): Promise<AgentLogLine> {
  let count = 0;
  return agent.waitForLog((l) => spooled(l) && ++count === n, `${n} spooled cycles`);
}

/** The end of each allocation's last segment, as the agent recorded it. */
function lastEnds(s: Setup): Record<string, number> {
  const file = JSON.parse(readFileSync(join(s.spoolDir, 'state-segments.json'), 'utf8')) as {
    allocations: Record<string, { end_unix_ms: number }>;
    pending?: unknown;
  };
  expect(file.pending).toBeUndefined(); // a clean stop leaves no unsettled cycle
  return Object.fromEntries(Object.entries(file.allocations).map(([id, m]) => [id, m.end_unix_ms]));
}

async function storedGpuMs(collector: CollectorProcess, tenantId: string): Promise<number> {
  const admin = new AdminClient({ address: collector.grpcAddress });
  try {
    const usage = await admin.tenantUsage({ tenant_id: tenantId });
    return Math.round((usage.total_gpu_seconds ?? 0) * 1000);
  } finally {
    admin.close();
  }
}

describe('gpuwatch agent → gpuwatch collector → Redis', () => {
  it('SIGKILLed twice mid-run and restarted, then stopped with SIGTERM: the totals are exact', async () => {
    const collector = await startCollector();
    const s = setup(collector);

    // Run 1: a few cycles, then killed without warning.
    const first = startAgent(s);
    await cycles(first, 3);
    await first.kill();

    // Run 2: killed the moment its hello goes out, which waits for the first inventory: while
    // its first cycle is being journaled, spooled and committed.
    const second = startAgent(s);
    await second.waitForLog((l) => l.msg === 'transport: connected to the collector', 'the hello');
    await second.kill();

    // Run 3: a few cycles, then a clean stop.
    const third = startAgent(s);
    await cycles(third, 2);
    third.signal('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
    const stopped = await third.waitForLog((l) => l.msg === 'agent stopped', 'the stop');
    expect(stopped.delivered).toBe(true);

    const ends = lastEnds(s);
    // The last cycle closed both leases at the moment of the stop.
    expect(ends['lease-a']).toBe(ends['lease-b']);
    const elapsedMs = (ends['lease-a'] ?? NaN) - s.sinceMs;
    expect(elapsedMs).toBeGreaterThan(20_000);
    expect(await storedGpuMs(collector, s.tenants.a)).toBe(2 * elapsedMs);
    expect(await storedGpuMs(collector, s.tenants.b)).toBe(1 * elapsedMs);
  });

  it('dead between spooling a cycle and saving its state: the next run settles the journal, totals stay exact', async () => {
    const collector = await startCollector();
    const s = setup(collector);
    // Run 1, in this process, wired like agent/main.ts; its state store hangs forever on the
    // third cycle's save — after that cycle's batches are spooled — as if the process died there.
    const spool = await Spool.open({ dir: s.spoolDir, fsync: 'always' });
    const journaled = new JournaledSegmentStateStore({
      path: join(s.spoolDir, 'state-segments.json'),
      spool,
      logger: silentLogger,
    });
    let saves = 0;
    let died!: () => void;
    const death = new Promise<void>((resolve) => {
      died = resolve;
    });
    const dying: RunnerStateStore = {
      load: (nowMs) => journaled.load(nowMs),
      begin: (entry) => journaled.begin(entry),
      save: (state) => {
        if (++saves < 3) return journaled.save(state);
        died();
        return new Promise(() => undefined);
      },
    };
    const { config } = loadConfig(
      collectionOptionSpecs,
      [...fakeGpuArgs(), '--lease-file', join(s.dir, 'leases.json')],
      {},
    );
    const collection = createCollection(config, {
      clock: systemClock,
      logger: silentLogger,
      toolEnv: smiEnv('a100Mig'),
    });
    const inventory = new InventoryHolder();
    const transport = new Transport({
      target: collector.grpcAddress,
      agentId: 'gpu-node-e2e',
      agentVersion: '0.1.0-test',
      inventory: () => inventory.forHello(),
      spool,
    });
    const runner = new AgentRunner({
      collection,
      spool,
      stateStore: dying,
      transport,
      inventory,
      intervalMs: 1000,
      // One segment per batch: the cycle's journal entry spans two spool records.
      batchLimits: { maxSegments: 1, maxBytes: 1024 ** 2 },
      logger: silentLogger,
    });
    runner.start();
    await death;
    // The dead cycle's batches reached the collector: it holds segments the saved state does not know.
    const deadline = performance.now() + 20_000;
    while (spool.stats().depthBatches > 0) {
      if (performance.now() > deadline) throw new Error('the dead cycle was not delivered');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const file = JSON.parse(readFileSync(join(s.spoolDir, 'state-segments.json'), 'utf8')) as {
      pending?: unknown;
    };
    expect(file.pending).toBeDefined();
    await runner.shutdown(0); // only to release timers and files; the hung cycle never finishes

    // Run 2: the real agent settles the journal and carries on from where the spool is.
    const agent = startAgent(s);
    const settled = await agent.waitForLog(
      (l) => l.msg === 'segment state settled against the spool after an interrupted cycle',
      'the journal to be settled',
    );
    expect(settled).toMatchObject({ batches: 2, spooledBatches: 2 });
    await cycles(agent, 2);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const elapsedMs = (lastEnds(s)['lease-a'] ?? NaN) - s.sinceMs;
    expect(await storedGpuMs(collector, s.tenants.a)).toBe(2 * elapsedMs);
    expect(await storedGpuMs(collector, s.tenants.b)).toBe(1 * elapsedMs);
  });

  it('--once twice, as a timer would run it: each run delivers and waits for the ack; together they tile time', async () => {
    const collector = await startCollector();
    const s = setup(collector);
    const once = s.args.filter((a) => a !== '--interval' && a !== '1s').concat(['--once']);
    for (let run = 1; run <= 2; run++) {
      const agent = AgentProcess.start(once, 'a100Mig');
      cleanups.push(() => agent.kill());
      expect(await agent.exited, agent.stderr()).toEqual({ code: 0, signal: null });
      expect(agent.lines.some((l) => l.msg === 'collected and delivered once')).toBe(true);
      const elapsedMs = (lastEnds(s)['lease-a'] ?? NaN) - s.sinceMs;
      // Acknowledged before the exit: the store already holds everything up to this run's end.
      expect(await storedGpuMs(collector, s.tenants.a)).toBe(2 * elapsedMs);
      expect(await storedGpuMs(collector, s.tenants.b)).toBe(1 * elapsedMs);
    }
  });

  it('mTLS: --tls-ca, --tls-cert and --tls-key reach a collector that takes the certificate as the identity', async () => {
    const ca = TestCa.create();
    cleanups.push(() => ca.remove());
    const server = ca.issue('collector', { server: true });
    const client = ca.issue('gpu-node-e2e');
    const collector = await startCollector([
      '--tls-cert',
      server.certFile,
      '--tls-key',
      server.keyFile,
      '--tls-client-ca',
      ca.certFile,
    ]);
    const s = setup(collector, [
      '--tls-ca',
      ca.certFile,
      '--tls-cert',
      client.certFile,
      '--tls-key',
      client.keyFile,
    ]);
    const agent = startAgent(s);
    await agent.waitForLog((l) => l.msg === 'transport: connected to the collector', 'the TLS connection');
    await cycles(agent, 2);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const elapsedMs = (lastEnds(s)['lease-a'] ?? NaN) - s.sinceMs;
    const admin = new AdminClient({
      address: collector.grpcAddress,
      credentials: grpcCredentials.createSsl(readFileSync(ca.certFile)),
    });
    try {
      const usage = await admin.tenantUsage({ tenant_id: s.tenants.a });
      expect(Math.round((usage.total_gpu_seconds ?? 0) * 1000)).toBe(2 * elapsedMs);
    } finally {
      admin.close();
    }
  });

  it('SIGHUP re-reads a rotated token: a refused agent delivers at once', async () => {
    const dir = workDir();
    const agentTokens = join(dir, 'agent-tokens');
    writeFileSync(agentTokens, 'gpu-node-e2e token-after-rotation\n');
    const collector = await startCollector(['--agent-tokens-file', agentTokens]);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'token-before-rotation\n');
    const s = setup(collector, ['--token-file', tokenFile]);
    const agent = startAgent(s);
    await agent.waitForLog((l) => l.msg.includes('the collector refused this agent'), 'the refusal');
    await cycles(agent, 2);
    expect(await storedGpuMs(collector, s.tenants.a)).toBe(0);

    writeFileSync(tokenFile, 'token-after-rotation\n');
    agent.signal('SIGHUP');
    await agent.waitForLog((l) => l.msg === 'transport: connected to the collector', 'the connection');
    // Delivered: the tenants' usage shows up while the agent keeps running.
    const deadline = performance.now() + 20_000;
    while ((await storedGpuMs(collector, s.tenants.a)) === 0) {
      if (performance.now() > deadline) throw new Error(`nothing stored; agent log:\n${agent.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const ends = lastEnds(s);
    expect(await storedGpuMs(collector, s.tenants.a)).toBe(2 * ((ends['lease-a'] ?? NaN) - s.sinceMs));
    // The token never reaches a log line.
    expect(agent.stderr()).not.toMatch(/token-(before|after)-rotation/);
  });
});
