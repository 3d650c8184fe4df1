/**
 * `npm run bench:ingest`: collector ingest throughput and ack latency against a bare grpc-js
 * baseline, in one run. A load generator in its own process streams unique batches:
 *   1. to the bare server (decode + ack only): the ceiling;
 *   2. to `gpuwatch collector` with a private Redis (AOF, appendfsync always: durable acks);
 *   3. to the collector at a steady 2 000 segments/s: ack latency p50/p99.
 * Prints a table and one JSON line (for BENCHMARKS.md). Not a test: numbers depend on the machine.
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, processCpuMs, runNode, startProcess, startRedis, waitForPort } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const generator = join(here, 'load-generator.js');
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 15_000);
const streams = Number(process.env.BENCH_STREAMS ?? 8);
const batch = Number(process.env.BENCH_BATCH ?? 1000);
/** V8 flags for the collector process only, e.g. "--max-semi-space-size=64". */
const collectorNodeOptions = process.env.BENCH_COLLECTOR_NODE_OPTIONS ?? '';

interface GenResult {
  segmentsPerSecond: number;
  cpuMs: number;
  ackedSegments: number;
  rejected: number;
  ackLatencyMs: { p50: number; p99: number; max: number };
  ackLatencyAllMs: { p50: number; p99: number; max: number };
}

async function generate(port: number, mode: 'max' | 'steady', extra: string[] = []): Promise<GenResult> {
  const out = await runNode(generator, [
    '--target',
    `127.0.0.1:${port}`,
    '--mode',
    mode,
    '--streams',
    String(streams),
    '--batch',
    String(batch),
    '--duration-ms',
    String(durationMs),
    ...extra,
  ]);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as GenResult;
}

async function main(): Promise<void> {
  // 1. Baseline.
  const barePort = await freePort();
  const bare = startProcess(process.execPath, [join(here, 'bare-server.js'), `127.0.0.1:${barePort}`]);
  await waitForPort(barePort);
  const baseline = await generate(barePort, 'max');
  await bare.stop();

  // 2. The collector on a durable Redis.
  const redis = await startRedis();
  const port = await freePort();
  const metricsPort = await freePort();
  const prefix = `bench${Date.now()}`;
  const collector = startProcess(
    process.execPath,
    [
      join(here, '../cli/main.js'),
      'collector',
      '--listen',
      `127.0.0.1:${port}`,
      '--metrics-listen',
      `127.0.0.1:${metricsPort}`,
      '--redis',
      redis.url,
      '--key-prefix',
      prefix,
      '--log-level',
      'warn',
    ],
    { ...process.env, NODE_OPTIONS: collectorNodeOptions },
  );
  try {
    await waitForPort(port);
    const cpuBefore = { collector: processCpuMs(collector.child.pid), redis: processCpuMs(redis.child.pid) };
    const stored = await generate(port, 'max');
    const perSegmentUs = (ms: number) => Number(((ms * 1000) / stored.ackedSegments).toFixed(1));
    const cpuUsPerSegment = {
      collector: perSegmentUs(processCpuMs(collector.child.pid) - cpuBefore.collector),
      redis: perSegmentUs(processCpuMs(redis.child.pid) - cpuBefore.redis),
      generator: perSegmentUs(stored.cpuMs),
    };
    const steady = await generate(port, 'steady', ['--rate', '2000', '--streams', '100', '--batch', '20']);

    // Cross-check: what the store holds is what was acked (every segment 60 s × 1 GPU).
    const client = new Redis(redis.url);
    let gpuMs = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:{t:*}:daily:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const values = await client.hvals(key);
        gpuMs += values.reduce((s, v) => s + Number(v), 0);
      }
    } while (cursor !== '0');
    await client.quit();
    const storedSegments = gpuMs / 60_000;

    const ratio = stored.segmentsPerSecond / baseline.segmentsPerSecond;
    const rows = [
      [
        'bare grpc-js (decode + ack)',
        baseline.segmentsPerSecond,
        baseline.ackLatencyMs.p50,
        baseline.ackLatencyMs.p99,
      ],
      [
        'collector + Redis (durable acks)',
        stored.segmentsPerSecond,
        stored.ackLatencyMs.p50,
        stored.ackLatencyMs.p99,
      ],
      [
        'collector at steady 2 000 seg/s',
        steady.segmentsPerSecond,
        steady.ackLatencyMs.p50,
        steady.ackLatencyMs.p99,
      ],
    ];
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
    console.log(
      `load: ${streams} streams × batches of ${batch} segments, ${durationMs} ms per run` +
        (collectorNodeOptions !== '' ? `; collector NODE_OPTIONS=${collectorNodeOptions}` : ''),
    );
    console.log('run                                 segments/s   ack p50 ms   ack p99 ms');
    for (const [name, rate, p50, p99] of rows) {
      console.log(
        `${String(name).padEnd(36)}${String(rate).padStart(10)}${Number(p50).toFixed(1).padStart(13)}${Number(p99).toFixed(1).padStart(13)}`,
      );
    }
    console.log(
      `(latencies leave out batches sent in each run's first 2 s: connection set-up, hello, JIT; ` +
        `steady with them: p50 ${steady.ackLatencyAllMs.p50.toFixed(1)} ms, p99 ${steady.ackLatencyAllMs.p99.toFixed(1)} ms)`,
    );
    console.log(`ratio collector / bare: ${ratio.toFixed(2)}`);
    console.log(
      `CPU per stored segment (max run): collector ${cpuUsPerSegment.collector} µs, Redis ${cpuUsPerSegment.redis} µs, load generator ${cpuUsPerSegment.generator} µs`,
    );
    console.log(
      `store check: ${storedSegments} segments in the aggregates, ${stored.ackedSegments + steady.ackedSegments} acked`,
    );
    console.log(
      JSON.stringify({
        bench: 'ingest',
        baseline: baseline.segmentsPerSecond,
        stored: stored.segmentsPerSecond,
        ratio: Number(ratio.toFixed(3)),
        steadyRate: steady.segmentsPerSecond,
        steadyAckP50Ms: steady.ackLatencyMs.p50,
        steadyAckP99Ms: steady.ackLatencyMs.p99,
        steadyAckP99WithWarmupMs: steady.ackLatencyAllMs.p99,
        cpuUsPerSegment,
        storedSegments,
        ackedSegments: stored.ackedSegments + steady.ackedSegments,
        rejected: stored.rejected + steady.rejected,
      }),
    );
  } finally {
    await collector.stop();
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
