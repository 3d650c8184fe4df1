/**
 * `node dist/bench/agent-cycle.js`: what one collection cycle costs the agent, and how much
 * memory it holds, on an 8-GPU node and on a node with 56 MIG instances (goals: ≤ 20 ms CPU per
 * cycle, ≤ 80 MB resident).
 *
 * Each node runs in a fresh child process, wired like `gpuwatch agent`: the real collection
 * (nvidia-smi inventory through the fake nvidia-smi, a lease file with one lease per GPU or MIG
 * instance), the segment-state journal, the spool with `fsync: always`, the Prometheus registry
 * with default metrics, and the real transport streaming to a bare ack server in another process.
 * A cycle is what the agent's loop does every interval — collect, split into batches, journal,
 * append, notify, save the state (AgentRunner's commit) — and its CPU is process.cpuUsage()
 * around it: the agent's own CPU, not the nvidia-smi children's (their CPU is theirs; spawning
 * them and parsing their output is counted). Simulated time advances 60 s per cycle, so every
 * segment is a full interval; cycles run back to back. RSS is read after the last cycle, once
 * the spool has been acknowledged.
 *
 * Both captures are constructed from real ones (test/fixtures/nvidia-smi/): the H100 capture's
 * GPU repeated 8 times with new UUIDs, indices and bus ids; the H100 MIG capture's GPU repeated
 * 8 times with 7 `1g.10gb` instances each. They are written to a temporary directory and say so
 * in their header.
 *
 *   node dist/bench/agent-cycle.js [--cycles 200] [--warmup 10] [--nodes h100x8,mig56]
 *   node dist/bench/agent-cycle.js --write-fixtures DIR   (the two captures and a lease file for
 *     each, to run the real `gpuwatch agent` on them: FAKE_NVIDIA_SMI_CAPTURE=DIR/mig56.constructed.txt)
 *
 * Not a test: the numbers depend on the machine and on what else runs on it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { splitIntoBatches } from '../agent/segments/batches.js';
import { collectionOptionSpecs, createCollection } from '../agent/collection-config.js';
import { JournaledSegmentStateStore } from '../agent/segments/journaled-state-store.js';
import { Spool } from '../agent/spool/spool.js';
import { Transport } from '../agent/transport/transport.js';
import { toProtoGpu } from '../agent/inventory/inventory.js';
import { ManualClock } from '../common/clock.js';
import { loadConfig } from '../common/config.js';
import { silentLogger } from '../common/logger.js';
import type { IGpu } from '../common/proto.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const fixtures = join(repo, 'test', 'fixtures');
const fakeNvidiaSmi = join(fixtures, 'bin', 'fake-nvidia-smi');
const h100Capture = join(fixtures, 'nvidia-smi', 'linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt');
const h100MigCapture = join(fixtures, 'nvidia-smi', 'linux-x86_64__nvidia-h100-mig__590.48.01.txt');
const RULE = '#'.repeat(80);

type NodeName = 'h100x8' | 'mig56';

/** Replaces the body of every section whose title matches. */
function replaceSections(text: string, title: RegExp, body: (old: string) => string): string {
  const parts = text.split(`${RULE}\n`);
  for (let i = 1; i + 1 < parts.length; i++) {
    const head = parts[i] ?? '';
    if (title.test(head.split('\n')[0] ?? '')) {
      parts[i + 1] = `${body(parts[i + 1] ?? '')}`;
      i++;
    }
  }
  return parts.join(`${RULE}\n`);
}

const gpuUuid = (g: number): string => `GPU-00000000-0000-0000-0000-00000000000${g}`;
const migUuid = (g: number, m: number): string => `MIG-0000000${g}-000${m}-0000-0000-00000000000${m}`;

/** The one-GPU query-gpu table of a capture, repeated for `gpus` GPUs. */
function repeatQueryGpu(body: string, gpus: number): string {
  const lines = body.split('\n');
  const header = lines[0] ?? '';
  const row = lines[1] ?? '';
  const names = header.split(', ').map((h) => h.replace(/\s*\[[^\]]*\]$/, ''));
  const col = (name: string): number => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`capture: no column ${name}`);
    return at;
  };
  const rows = Array.from({ length: gpus }, (_, g) => {
    const cells = row.split(', ');
    cells[col('count')] = String(gpus);
    cells[col('index')] = String(g);
    cells[col('uuid')] = gpuUuid(g);
    cells[col('serial')] = `165632100000${g}`;
    cells[col('pci.bus_id')] = `00000000:${(0x18 + g * 0x10).toString(16).toUpperCase()}:00.0`;
    return cells.join(', ');
  });
  return [header, ...rows, ...lines.slice(2)].join('\n');
}

/** Writes the constructed capture of `node` into `dir`; returns its path and its devices to lease. */
function buildCapture(node: NodeName, dir: string): { path: string; devices: string[] } {
  const gpus = 8;
  const source = node === 'h100x8' ? h100Capture : h100MigCapture;
  const migsPerGpu = node === 'mig56' ? 7 : 0;
  let text = readFileSync(source, 'utf8');
  const listing = Array.from({ length: gpus }, (_, g) => [
    `GPU ${g}: NVIDIA H100 80GB HBM3 (UUID: ${gpuUuid(g)})`,
    ...Array.from(
      { length: migsPerGpu },
      (_, m) => `  MIG 1g.10gb     Device  ${m}: (UUID: ${migUuid(g, m)})`,
    ),
  ]).flat();
  text = replaceSections(text, /:: list \(-L\)$/, () => `${listing.join('\n')}\n\n\n`);
  text = replaceSections(text, /^# (idle|load) :: query-gpu /, (body) => repeatQueryGpu(body, gpus));
  const header = [
    `# CONSTRUCTED for bench/agent-cycle.ts from ${source.split('/').pop() ?? ''}:`,
    `# GPU 0 repeated as GPUs 0-${gpus - 1} (UUIDs, indices, serials, bus ids made up)` +
      (migsPerGpu > 0 ? `, each with ${migsPerGpu} MIG 1g.10gb instances (UUIDs made up).` : '.'),
    '# Not a recording of a real machine.',
  ].join('\n');
  const path = join(dir, `${node}.constructed.txt`);
  writeFileSync(path, `${header}\n${text}`);
  const devices = Array.from({ length: gpus }, (_, g) =>
    migsPerGpu === 0 ? [gpuUuid(g)] : Array.from({ length: migsPerGpu }, (_, m) => migUuid(g, m)),
  ).flat();
  return { path, devices };
}

/** One lease per device, over four tenants. */
function leasesFor(devices: readonly string[], since: string): object[] {
  return devices.map((uuid, i) => ({
    tenant_id: `bench-tenant-${i % 4}`,
    allocation_id: `lease-${i}`,
    gpu_uuids: [uuid],
    since,
  }));
}

interface Result {
  readonly node: NodeName;
  readonly devices: number;
  readonly segmentsPerCycle: number;
  readonly cycles: number;
  readonly cpuMsMean: number;
  readonly cpuMsP50: number;
  readonly cpuMsP95: number;
  readonly cpuMsMax: number;
  readonly wallMsMean: number;
  readonly rssMB: number;
  readonly maxRssMB: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  readonly externalMB: number;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One node in this process (the child's side). */
async function runNode(node: NodeName, port: number, cycles: number, warmup: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), `gpuwatch-bench-cycle-${node}-`));
  try {
    const { path: capture, devices } = buildCapture(node, dir);
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (cycles + warmup + 60) * 60_000;
    const clock = new ManualClock(startMs);
    const since = new Date(startMs).toISOString();
    const leaseFile = join(dir, 'leases.json');
    writeFileSync(leaseFile, JSON.stringify(leasesFor(devices, since)));
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const spool = await Spool.open({ dir: join(dir, 'spool'), fsync: 'always', registry, clock });
    const store = new JournaledSegmentStateStore({
      path: join(dir, 'spool', 'state-segments.json'),
      spool,
      logger: silentLogger,
    });
    const { config } = loadConfig(
      collectionOptionSpecs,
      [
        '--nvidia-smi',
        fakeNvidiaSmi,
        '--nvml-library',
        '/nonexistent/libnvidia-ml.so.1',
        '--lease-file',
        leaseFile,
      ],
      {},
    );
    const collection = createCollection(config, {
      clock,
      logger: silentLogger,
      registry,
      toolEnv: { FAKE_NVIDIA_SMI_CAPTURE: capture },
    });
    let gpus: IGpu[] = [];
    const transport = new Transport({
      target: `127.0.0.1:${port}`,
      agentId: `bench-${node}-${process.pid}`,
      agentVersion: 'bench',
      inventory: () => gpus,
      spool,
      registry,
    });
    transport.start();

    const cpuMs: number[] = [];
    const wallMs: number[] = [];
    let segmentsPerCycle = 0;
    let state = (await store.load(clock.nowMs())).state;
    for (let i = 0; i < warmup + cycles; i++) {
      clock.advance(60_000);
      const wall = performance.now();
      const cpu = process.cpuUsage();
      const result = await collection.collectOnce(state);
      const batches = splitIntoBatches(result.segments, { maxSegments: 10_000, maxBytes: 1024 ** 2 });
      if (batches.length > 0) {
        await store.begin({ fromSeq: spool.nextSeq, batches, state: result.state });
        for (const b of batches) await spool.append(b);
        transport.notify();
      }
      await store.save(result.state);
      state = result.state;
      const used = process.cpuUsage(cpu);
      if (result.errors.length > 0) throw new Error(`cycle ${i}: ${JSON.stringify(result.errors)}`);
      if (result.inventory !== undefined) gpus = result.inventory.gpus.map(toProtoGpu);
      if (i < warmup) continue;
      segmentsPerCycle = result.segments.length;
      cpuMs.push((used.user + used.system) / 1000);
      wallMs.push(performance.now() - wall);
    }
    const deadline = performance.now() + 30_000;
    while (spool.stats().depthBatches > 0 && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    if (spool.stats().depthBatches > 0) throw new Error('the bare server did not acknowledge the spool');
    const memory = process.memoryUsage();
    await transport.stop({ drainTimeoutMs: 1000 });
    await collection.close();
    await spool.close();
    const sorted = [...cpuMs].sort((a, b) => a - b);
    return {
      node,
      devices: devices.length,
      segmentsPerCycle,
      cycles,
      cpuMsMean: round(cpuMs.reduce((s, x) => s + x, 0) / cpuMs.length),
      cpuMsP50: round(percentile(sorted, 50)),
      cpuMsP95: round(percentile(sorted, 95)),
      cpuMsMax: round(sorted.at(-1) ?? NaN),
      wallMsMean: round(wallMs.reduce((s, x) => s + x, 0) / wallMs.length),
      rssMB: round(memory.rss / 1e6, 1),
      maxRssMB: round((process.resourceUsage().maxRSS * 1024) / 1e6, 1),
      heapUsedMB: round(memory.heapUsed / 1e6, 1),
      heapTotalMB: round(memory.heapTotal / 1e6, 1),
      externalMB: round(memory.external / 1e6, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `node` in a child process of its own and returns its result line. */
function runChild(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    // The child runs with this process's Node flags (`node --max-semi-space-size=1 dist/bench/…`).
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench child exited with ${String(code)}:\n${out}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Result);
      } catch (err: unknown) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

/** The bare ack server of agent-replay.ts, in its own process; resolves with its port. */
function startBareServer(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, [join(here, 'agent-replay.js'), '--serve-bare'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m !== null) resolve({ port: Number(m[1]), stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${String(code)}: ${out}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean', default: false },
      node: { type: 'string' },
      nodes: { type: 'string', default: 'h100x8,mig56' },
      port: { type: 'string' },
      cycles: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '10' },
      'write-fixtures': { type: 'string' },
    },
  });
  const fixturesDir = values['write-fixtures'];
  if (fixturesDir !== undefined) {
    for (const node of ['h100x8', 'mig56'] as const) {
      const { path, devices } = buildCapture(node, fixturesDir);
      writeFileSync(
        join(fixturesDir, `${node}.leases.json`),
        JSON.stringify(leasesFor(devices, new Date().toISOString())),
      );
      console.log(`${path} (${devices.length} devices, leases in ${node}.leases.json)`);
    }
    return;
  }
  const cycles = Number(values.cycles);
  const warmup = Number(values.warmup);
  if (values.child) {
    const result = await runNode(values.node as NodeName, Number(values.port), cycles, warmup);
    console.log(JSON.stringify(result));
    return;
  }
  const nodes: NodeName[] = values.nodes.split(',').map((n) => {
    if (n !== 'h100x8' && n !== 'mig56') throw new Error(`--nodes: expected h100x8 and/or mig56, got "${n}"`);
    return n;
  });
  const server = await startBareServer();
  try {
    const results: Result[] = [];
    for (const node of nodes)
      results.push(
        await runChild([
          '--node',
          node,
          '--port',
          String(server.port),
          '--cycles',
          String(cycles),
          '--warmup',
          String(warmup),
        ]),
      );
    console.log(
      'node     devices  segments/cycle  CPU ms/cycle mean  p50    p95    max    wall ms  RSS MB  max RSS MB',
    );
    for (const r of results)
      console.log(
        `${r.node.padEnd(8)} ${String(r.devices).padStart(7)}  ${String(r.segmentsPerCycle).padStart(14)}  ${String(r.cpuMsMean).padStart(17)}  ${String(r.cpuMsP50).padStart(5)}  ${String(r.cpuMsP95).padStart(5)}  ${String(r.cpuMsMax).padStart(5)}  ${String(r.wallMsMean).padStart(7)}  ${String(r.rssMB).padStart(6)}  ${String(r.maxRssMB).padStart(10)}`,
      );
    for (const r of results) console.log(JSON.stringify({ bench: 'agent-cycle', ...r }));
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
