/**
 * `npm run build && node dist/bench/cluster-ingest.js`: ingest throughput with 1, 2 and 3
 * collectors on a 3-primary Redis Cluster (redis-server processes configured as
 * deploy/redis/redis.conf — AOF, `appendfsync always`, durable acks — plus cluster mode, joined by
 * `redis-cli --cluster create`). For each count the same total number of agent streams is split
 * over the collectors, one load generator process per collector, all at once; the rate is the sum
 * of acked segments/s. CPU time of every process is read from /proc, so the table shows where the
 * machine's cores went. Prints a table and one JSON line (for BENCHMARKS.md). Not a test.
 *
 * Env: BENCH_DURATION_MS (10 000 per run), BENCH_STREAMS (12 in total), BENCH_BATCH (1000).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster } from 'ioredis';
import { freePort, processCpuMs, runNode, startProcess, waitForPort, type Running } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const generator = join(here, 'load-generator.js');
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const totalStreams = Number(process.env.BENCH_STREAMS ?? 12);
const batch = Number(process.env.BENCH_BATCH ?? 1000);
const redisConf = fileURLToPath(new URL('../../deploy/redis/redis.conf', import.meta.url));

interface GenResult {
  segmentsPerSecond: number;
  cpuMs: number;
  ackedSegments: number;
  rejected: number;
  ackLatencyMs: { p50: number; p99: number; max: number };
}

interface RedisNode extends Running {
  readonly port: number;
  readonly dir: string;
}

async function startClusterNodes(count: number): Promise<RedisNode[]> {
  const nodes: RedisNode[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-bench-cluster-'));
    const running = startProcess('redis-server', [
      redisConf,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
    ]);
    await waitForPort(port);
    nodes.push({ ...running, port, dir });
  }
  await new Promise<void>((resolve, reject) =>
    execFile(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      (err, _stdout, stderr) =>
        err ? reject(new Error(`redis-cli --cluster create: ${stderr}`)) : resolve(),
    ),
  );
  const probe = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
  try {
    for (let i = 0; i < 200; i++) {
      const info = String(await probe.call('CLUSTER', 'INFO'));
      if (info.includes('cluster_state:ok')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    probe.disconnect();
  }
  return nodes;
}

/** GPU-ms in the daily aggregates under `prefix`, summed over every primary. */
async function storedSegments(nodes: readonly RedisNode[], prefix: string): Promise<number> {
  const client = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
  let gpuMs = 0;
  try {
    await client.ping(); // the client knows its nodes once connected
    for (const node of client.nodes('master')) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:{t:*}:daily:*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) for (const v of await node.hvals(key)) gpuMs += Number(v);
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
  return gpuMs / 60_000; // every generated segment is 60 s on one GPU
}

interface RunResult {
  collectors: number;
  segmentsPerSecond: number;
  perCollector: number[];
  ackP50Ms: number;
  ackP99Ms: number;
  cpuCoresUsed: { collectors: number; redis: number; generators: number };
  storedSegments: number;
  ackedSegments: number;
  rejected: number;
}

async function run(nodes: readonly RedisNode[], count: number): Promise<RunResult> {
  const url = `redis+cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`;
  const prefix = `bench${Date.now()}c${count}`;
  const collectors: (Running & { port: number })[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const metricsPort = await freePort();
    const running = startProcess(process.execPath, [
      join(here, '../cli/main.js'),
      'collector',
      '--listen',
      `127.0.0.1:${port}`,
      '--metrics-listen',
      `127.0.0.1:${metricsPort}`,
      '--redis',
      url,
      '--key-prefix',
      prefix,
      '--log-level',
      'warn',
    ]);
    collectors.push({ ...running, port });
  }
  try {
    for (const c of collectors) await waitForPort(c.port);
    const cpu = (): { collectors: number; redis: number } => ({
      collectors: collectors.reduce((s, c) => s + processCpuMs(c.child.pid), 0),
      redis: nodes.reduce((s, n) => s + processCpuMs(n.child.pid), 0),
    });
    const before = cpu();
    const started = Date.now();
    const results = await Promise.all(
      collectors.map(async (c, i) => {
        // Agent ids carry the generator's start time: stagger the starts so they differ.
        await new Promise((r) => setTimeout(r, 5 * i));
        const out = await runNode(generator, [
          '--target',
          `127.0.0.1:${c.port}`,
          '--mode',
          'max',
          '--streams',
          String(Math.round(totalStreams / count)),
          '--batch',
          String(batch),
          '--duration-ms',
          String(durationMs),
        ]);
        return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as GenResult;
      }),
    );
    const wallMs = Date.now() - started;
    const after = cpu();
    const cores = (ms: number): number => Number((ms / wallMs).toFixed(2));
    const acked = results.reduce((s, r) => s + r.ackedSegments, 0);
    return {
      collectors: count,
      segmentsPerSecond: results.reduce((s, r) => s + r.segmentsPerSecond, 0),
      perCollector: results.map((r) => r.segmentsPerSecond),
      ackP50Ms: Math.max(...results.map((r) => r.ackLatencyMs.p50)),
      ackP99Ms: Math.max(...results.map((r) => r.ackLatencyMs.p99)),
      cpuCoresUsed: {
        collectors: cores(after.collectors - before.collectors),
        redis: cores(after.redis - before.redis),
        generators: cores(results.reduce((s, r) => s + r.cpuMs, 0)),
      },
      storedSegments: await storedSegments(nodes, prefix),
      ackedSegments: acked,
      rejected: results.reduce((s, r) => s + r.rejected, 0),
    };
  } finally {
    await Promise.all(collectors.map((c) => c.stop()));
  }
}

async function main(): Promise<void> {
  const nodes = await startClusterNodes(3);
  try {
    const rows: RunResult[] = [];
    for (const count of [1, 2, 3]) rows.push(await run(nodes, count));
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
    console.log(
      `Redis Cluster: 3 primaries (deploy/redis/redis.conf: AOF, appendfsync always); ${totalStreams} agent streams in all, batches of ${batch}, ${durationMs} ms per run`,
    );
    console.log(
      'collectors   segments/s   per collector        ack p50/p99 ms   CPU cores: collectors  redis  generators',
    );
    for (const r of rows) {
      console.log(
        `${String(r.collectors).padStart(10)}${String(r.segmentsPerSecond).padStart(13)}   ${r.perCollector.join(' + ').padEnd(20)}${`${r.ackP50Ms.toFixed(0)} / ${r.ackP99Ms.toFixed(0)}`.padStart(15)}${String(r.cpuCoresUsed.collectors).padStart(24)}${String(r.cpuCoresUsed.redis).padStart(7)}${String(r.cpuCoresUsed.generators).padStart(12)}`,
      );
    }
    for (const r of rows) {
      if (r.storedSegments !== r.ackedSegments) {
        console.log(
          `store check (${r.collectors} collectors): ${r.storedSegments} stored, ${r.ackedSegments} acked (acked ≤ stored: unacked batches in flight at the end may still land)`,
        );
      }
    }
    console.log(JSON.stringify({ bench: 'cluster-ingest', cpus: cpus().length, runs: rows }));
  } finally {
    for (const n of nodes) {
      await n.stop();
      rmSync(n.dir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
