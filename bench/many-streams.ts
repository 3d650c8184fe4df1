/**
 * Many concurrent agent streams held by one collector: memory per stream.
 *
 *     npm run build && node dist/bench/many-streams.js [--streams 10000] [--per-connection 50]
 *
 * Starts a private redis-server and `gpuwatch collector` (child processes), then from this one
 * process opens `--streams` Telemetry.Report streams over streams/per-connection HTTP/2
 * connections (the collector allows 64 streams per connection; grpc-js multiplexes a channel's
 * streams on one connection, so each connection is its own channel). Every stream sends a hello
 * (an 8-GPU H100 node) and one batch of 8 segments, waits for the ack, and stays open — an idle
 * agent between report intervals. The collector's RSS (/proc) is read before the first stream,
 * once every stream is acked, and after they are closed; per stream = (held − before) / streams.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Metadata, credentials as grpcCredentials, type ClientDuplexStream } from '@grpc/grpc-js';
import { pb, type IHello, type IUsageSegment } from '../common/proto.js';
import { freePort, startProcess, startRedis, waitForPort } from './processes.js';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '10000' },
    'per-connection': { type: 'string', default: '50' },
    // Heap in use after a full GC (forced through a heap snapshot). The snapshot itself costs RSS,
    // so RSS figures are only meaningful from a run without it.
    'gc-heap': { type: 'boolean', default: false },
  },
});
const streams = Number(values.streams);
const perConnection = Number(values['per-connection']);
if (!(streams > 0) || !(perConnection > 0 && perConnection <= 64)) {
  throw new Error(`expected --streams > 0 and --per-connection 1..64, got ${streams} and ${perConnection}`);
}
const connections = Math.ceil(streams / perConnection);

function rssBytes(pid: number | undefined): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid ?? 'self'}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) * 1024;
}
const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The collector's V8 heap in use, from its own /metrics (prom-client's default process metrics). */
async function heapUsedBytes(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const m = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return Number(m?.[1] ?? NaN);
}

function helloOf(agentId: string): IHello {
  return {
    agent_id: agentId,
    spool_id: `spool-${agentId}`,
    cluster: 'bench',
    site: 'bench',
    agent_version: 'bench',
    gpus: Array.from({ length: 8 }, (_, i) => ({
      uuid: `GPU-${agentId}-${i}`,
      index: i,
      name: 'NVIDIA H100 80GB HBM3',
      pci_device_id: '0x233010DE',
      memory_total_bytes: 81_559 * 1024 * 1024,
    })),
  };
}

const startMs = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
function batchOf(agentId: string): Buffer {
  const segments: IUsageSegment[] = Array.from({ length: 8 }, (_, i) => ({
    tenant_id: `tenant-${agentId.length % 50}`,
    allocation_id: `alloc-${agentId}-${i}`,
    gpu_uuids: [`GPU-${agentId}-${i}`],
    start_unix_ms: startMs,
    end_unix_ms: startMs + 60_000,
    gpu_utilization: 0.9,
    source: 'lease-file',
  }));
  return Buffer.from(pb.AgentMessage.encode({ batch: { seq: 1, segments } }).finish());
}

interface Held {
  readonly call: ClientDuplexStream<Buffer, Buffer>;
  readonly acked: Promise<void>;
}

function open(client: Client, agentId: string): Held {
  const call = client.makeBidiStreamRequest(
    '/gpuwatch.v1.Telemetry/Report',
    (b: Buffer) => b,
    (b: Buffer) => b,
    new Metadata(),
  );
  const acked = new Promise<void>((resolve, reject) => {
    call.on('data', () => resolve());
    call.on('status', (s: { code: number; details: string }) =>
      reject(new Error(`stream of ${agentId} ended: ${s.code} ${s.details}`)),
    );
  });
  acked.catch(() => undefined);
  call.on('error', () => undefined);
  call.write(Buffer.from(pb.AgentMessage.encode({ hello: helloOf(agentId) }).finish()));
  call.write(batchOf(agentId));
  return { call, acked };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const port = await freePort();
  const metricsPort = await freePort();
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  // A heap snapshot starts with a full GC: SIGUSR2 makes the collector take one (in a scratch
  // directory), so the heap reading after it counts what the streams retain, not garbage.
  const snapshots = mkdtempSync(join(tmpdir(), 'gpuwatch-bench-heap-'));
  const collector = startProcess(
    process.execPath,
    [
      cli,
      'collector',
      '--listen',
      `127.0.0.1:${port}`,
      '--metrics-listen',
      `127.0.0.1:${metricsPort}`,
      '--redis',
      redis.url,
      '--max-streams',
      String(streams + 1000),
      '--log-level',
      'warn',
    ],
    values['gc-heap']
      ? { ...process.env, NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}` }
      : process.env,
  );
  /** The heap in use; with --gc-heap after a full GC (through a heap snapshot). */
  const heapAfterGc = async (): Promise<number> => {
    if (values['gc-heap'] !== true) return heapUsedBytes(metricsPort);
    const count = readdirSync(snapshots).length;
    collector.child.kill('SIGUSR2');
    // The snapshot is written synchronously by the collector's main thread: /metrics answers after it.
    while (readdirSync(snapshots).length === count) await sleep(100);
    const heap = await heapUsedBytes(metricsPort);
    for (const f of readdirSync(snapshots)) rmSync(join(snapshots, f));
    return heap;
  };
  const clients: Client[] = [];
  try {
    await waitForPort(port);
    await sleep(2000); // let the collector settle (Redis connected, scripts loaded)
    const pid = collector.child.pid;
    const before = rssBytes(pid);
    const heapBefore = await heapAfterGc();
    const clientBefore = rssBytes(undefined);
    const started = performance.now();
    const held: Held[] = [];
    for (let c = 0; c < connections; c++) {
      // A channel option of its own: grpc-js would otherwise share one connection among channels.
      const client = new Client(`127.0.0.1:${port}`, grpcCredentials.createInsecure(), {
        'grpc.bench_connection': c,
      });
      clients.push(client);
      for (let i = 0; i < perConnection && held.length < streams; i++) {
        held.push(open(client, `bench-node-${held.length}`));
      }
      // Opening in waves keeps the single Redis from being the thing measured.
      if (c % 20 === 19) await Promise.all(held.slice(-20 * perConnection).map((h) => h.acked));
    }
    await Promise.all(held.map((h) => h.acked));
    const openMs = performance.now() - started;
    await sleep(3000); // idle agents: let timers and GC settle
    const heldRss = rssBytes(pid);
    const heapHeld = await heapAfterGc();
    const clientHeld = rssBytes(undefined);
    for (const h of held) h.call.end();
    await sleep(3000);
    const after = rssBytes(pid);
    const perStream = (heldRss - before) / streams;
    const result = {
      streams,
      connections,
      openedAndAckedMs: Math.round(openMs),
      collectorRssBeforeMiB: Number(mib(before)),
      collectorRssHeldMiB: Number(mib(heldRss)),
      collectorRssAfterCloseMiB: Number(mib(after)),
      collectorBytesPerStream: Math.round(perStream),
      collectorHeapBeforeMiB: Number(mib(heapBefore)),
      collectorHeapHeldMiB: Number(mib(heapHeld)),
      collectorHeapBytesPerStream: Math.round((heapHeld - heapBefore) / streams),
      clientRssBeforeMiB: Number(mib(clientBefore)),
      clientRssHeldMiB: Number(mib(clientHeld)),
    };
    console.log(
      `${streams} streams over ${connections} connections, each with a hello (8 GPUs) and one acked batch, opened in ${(openMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `collector RSS: ${mib(before)} MiB before, ${mib(heldRss)} MiB holding them, ${mib(after)} MiB after they closed → ${(perStream / 1024).toFixed(1)} KiB per stream`,
    );
    console.log(
      `collector V8 heap used${values['gc-heap'] === true ? ' after a full GC' : ' (garbage included)'}: ${mib(heapBefore)} → ${mib(heapHeld)} MiB → ${((heapHeld - heapBefore) / streams / 1024).toFixed(1)} KiB per stream`,
    );
    console.log(JSON.stringify(result));
  } finally {
    for (const c of clients) c.close();
    await collector.stop();
    await redis.stop();
    rmSync(snapshots, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
