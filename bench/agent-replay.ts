/**
 * `node dist/bench/agent-replay.js`: how fast an agent drains a full spool after an outage.
 * Fills a spool with N segments (batches of B), then replays it through the real Transport
 * into, in turn:
 *   1. a bare Telemetry.Report server in its own process (decode + cumulative ack, nothing
 *      stored): the agent-side ceiling;
 *   2. `gpuwatch collector` (dist/cli/main.js) on a private Redis with AOF and
 *      `appendfsync always`, so every ack is durable.
 * Reports segments/s for each (goal: ≥ 50 000 segments/s into the collector) and one JSON line.
 * Not a test: the numbers depend on the machine and on what else runs on it.
 *
 *   node dist/bench/agent-replay.js [--segments 500000] [--batch 1000] [--agents 1] [--targets bare,collector]
 *
 * --agents K splits the segments over K agents (spools and streams) replaying at once, as a
 * fleet does when the collector comes back: the collector stores each stream's batches in
 * order, so one agent alone measures per-stream latency more than collector capacity.
 *   node dist/bench/agent-replay.js --serve-bare     (the bare server; prints "listening <port>")
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { Spool } from '../agent/spool/spool.js';
import { Transport } from '../agent/transport/transport.js';
import { telemetryServerDefinition, type SizedAgentMessage } from '../collector/ingest/telemetry-framing.js';
import type { ICollectorMessage, IUsageSegment } from '../common/proto.js';
import { freePort, startRedis, type Running } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const cliMain = join(here, '..', 'cli', 'main.js');

function serveBare(): void {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  server.addService(telemetryServerDefinition, {
    report: (call: grpc.ServerDuplexStream<SizedAgentMessage, ICollectorMessage>) => {
      call.on('data', (m: SizedAgentMessage) => {
        const batch = m.message?.batch;
        if (batch) call.write({ ack: { seq: batch.seq ?? 0, accepted: batch.segments?.length ?? 0 } });
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    console.log(`listening ${port}`);
  });
  process.on('SIGTERM', () => server.forceShutdown());
}

/** Starts a child and resolves with the port it reports (`pattern` on stdout or stderr). */
function startChild(args: string[], pattern: RegExp): Promise<Running & { port: number }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer): void => {
      output = (output + d.toString()).slice(-20_000);
      const m = pattern.exec(output);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, stop, port: Number(m[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}:\n${output}`)));
  });
}

function segmentsOf(agent: number, b: number, size: number, baseMs: number): IUsageSegment[] {
  // 1000 allocations of 100 tenants per agent, each allocation's minutes consecutive: valid and
  // non-overlapping, so the collector stores every one.
  return Array.from({ length: size }, (_, i) => {
    const k = b * size + i;
    const alloc = k % 1000;
    const minute = Math.floor(k / 1000);
    return {
      tenant_id: `bench-tenant-${alloc % 100}`,
      allocation_id: `bench-agent-${agent}-alloc-${alloc}`,
      gpu_uuids: [`GPU-bench-${String(alloc % 8).padStart(4, '0')}`],
      start_unix_ms: baseMs + minute * 60_000,
      end_unix_ms: baseMs + (minute + 1) * 60_000,
      gpu_utilization: 0.87,
      memory_used_bytes: 60 * 1024 ** 3,
      source: 'kubernetes',
      workload_fingerprint: 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
    };
  });
}

interface Result {
  target: string;
  agents: number;
  segments: number;
  batchSegments: number;
  fillSegmentsPerSecond: number;
  replaySegmentsPerSecond: number;
  replaySeconds: number;
}

const runId = `${process.pid}-${Date.now()}`;

/** One agent's spool, filled; returns what replay() needs. */
async function fill(
  agent: number,
  segments: number,
  batchSegments: number,
): Promise<{ spool: Spool; dir: string; lastSeq: number; segments: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-bench-spool-'));
  // `interval` is what an agent with a backlog would run with; `always` costs one fsync per batch.
  const spool = await Spool.open({ dir, fsync: 'interval' });
  // Segments a few days old, so a minute-per-allocation tiling of a large N stays in the accepted window.
  const baseMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 86_400_000;
  const batches = Math.ceil(segments / batchSegments);
  for (let b = 0; b < batches; b++) await spool.append(segmentsOf(agent, b, batchSegments, baseMs));
  return { spool, dir, lastSeq: spool.nextSeq - 1, segments: batches * batchSegments };
}

async function replay(port: number, agent: number, spool: Spool, lastSeq: number): Promise<number> {
  const transport = new Transport({
    target: `127.0.0.1:${port}`,
    agentId: `bench-agent-${runId}-${agent}`,
    agentVersion: 'bench',
    inventory: () =>
      Array.from({ length: 8 }, (_, i) => ({
        uuid: `GPU-bench-${String(i).padStart(4, '0')}`,
        index: i,
        name: 'NVIDIA H100 80GB HBM3',
        pci_device_id: '0x233010DE',
        memory_total_bytes: 85_520_809_984,
      })),
    spool,
  });
  const done = new Promise<void>((resolve) =>
    transport.on('ack', (a) => {
      if (a.seq >= lastSeq) resolve();
    }),
  );
  transport.start();
  await done;
  const rejected = transport.stats().rejectedSegments;
  await transport.stop({ drainTimeoutMs: 1000 });
  return rejected;
}

async function measure(
  target: string,
  port: number,
  segments: number,
  batchSegments: number,
  agents: number,
): Promise<Result> {
  const filled: Awaited<ReturnType<typeof fill>>[] = [];
  try {
    const fillStart = performance.now();
    for (let a = 0; a < agents; a++) filled.push(await fill(a, Math.ceil(segments / agents), batchSegments));
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const total = filled.reduce((s, f) => s + f.segments, 0);
    const start = performance.now();
    const rejected = await Promise.all(filled.map((f, a) => replay(port, a, f.spool, f.lastSeq)));
    const replaySeconds = (performance.now() - start) / 1000;
    const rejectedTotal = rejected.reduce((s, r) => s + r, 0);
    if (rejectedTotal > 0)
      throw new Error(`${target}: ${rejectedTotal} segments rejected: the benchmark data is wrong`);
    return {
      target,
      agents,
      segments: total,
      batchSegments,
      fillSegmentsPerSecond: Math.round(total / fillSeconds),
      replaySegmentsPerSecond: Math.round(total / replaySeconds),
      replaySeconds: Math.round(replaySeconds * 100) / 100,
    };
  } finally {
    for (const f of filled) {
      await f.spool.close();
      rmSync(f.dir, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'serve-bare': { type: 'boolean', default: false },
      segments: { type: 'string', default: '500000' },
      batch: { type: 'string', default: '1000' },
      targets: { type: 'string', default: 'bare,collector' },
      agents: { type: 'string', default: '1' },
    },
  });
  if (values['serve-bare']) return serveBare();
  const segments = Number(values.segments);
  const batchSegments = Number(values.batch);
  const targets = values.targets.split(',');
  const agents = Number(values.agents);
  const results: Result[] = [];

  if (targets.includes('bare')) {
    const bare = await startChild([fileURLToPath(import.meta.url), '--serve-bare'], /listening (\d+)/);
    try {
      results.push(await measure('bare server', bare.port, segments, batchSegments, agents));
    } finally {
      await bare.stop();
    }
  }
  if (targets.includes('collector')) {
    const redis = await startRedis();
    const listen = await freePort();
    const collector = await startChild(
      [
        cliMain,
        'collector',
        '--listen',
        `127.0.0.1:${listen}`,
        '--metrics-listen',
        '127.0.0.1:0',
        '--redis',
        redis.url,
        '--key-prefix',
        'bench',
      ],
      /"msg":"collector listening".*?"grpc":"127\.0\.0\.1:(\d+)"/,
    );
    try {
      results.push(
        await measure(
          'gpuwatch collector (Redis AOF, appendfsync always)',
          collector.port,
          segments,
          batchSegments,
          agents,
        ),
      );
    } finally {
      await collector.stop();
      await redis.stop();
    }
  }

  console.log(`agent spool replay, ${cpus().length} CPUs, Node ${process.version}`);
  console.log(
    'target                                               agents  segments  batch  fill seg/s  replay seg/s  replay s',
  );
  for (const r of results)
    console.log(
      [
        r.target.padEnd(52),
        String(r.agents).padStart(6),
        String(r.segments).padStart(9),
        String(r.batchSegments).padStart(6),
        String(r.fillSegmentsPerSecond).padStart(11),
        String(r.replaySegmentsPerSecond).padStart(13),
        String(r.replaySeconds).padStart(9),
      ].join(' '),
    );
  console.log(JSON.stringify({ bench: 'agent-replay', cpus: cpus().length, node: process.version, results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
