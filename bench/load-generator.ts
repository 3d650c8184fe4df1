/**
 * Ingest load generator, run as its own process by bench/ingest.ts so it does not share an
 * event loop with the server it measures. Opens `streams` Report streams as distinct agents,
 * sends a hello, then unique batches (every segment new: the store must really store it), with
 * up to `window` unacked batches per stream. Two modes:
 *   max:    as fast as acks allow, for `durationMs`; reports acked segments/s.
 *   steady: a fixed total rate (segments/s) spread over the streams, for `durationMs`;
 *           reports ack latency percentiles (send → ack of each batch).
 * Prints one JSON line with the results on stdout.
 */
import { Client, credentials, Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import { pb, type IUsageSegment } from '../common/proto.js';

interface Options {
  target: string;
  mode: 'max' | 'steady';
  streams: number;
  batchSegments: number;
  window: number;
  durationMs: number;
  rate: number;
  tenants: number;
  token: string;
  warmupMs: number;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string, def: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : def;
  };
  return {
    target: get('target', '127.0.0.1:4317'),
    mode: get('mode', 'max') === 'steady' ? 'steady' : 'max',
    streams: Number(get('streams', '8')),
    batchSegments: Number(get('batch', '1000')),
    window: Number(get('window', '8')),
    durationMs: Number(get('duration-ms', '10000')),
    rate: Number(get('rate', '2000')),
    tenants: Number(get('tenants', '1000')),
    token: get('token', ''),
    warmupMs: Number(get('warmup-ms', '2000')),
  };
}

const passthrough = (b: Buffer): Buffer => b;

interface StreamStats {
  ackedSegments: number;
  ackedBatches: number;
  rejected: number;
  latenciesMs: number[];
  /** Latencies of batches sent after the warm-up (connection set-up, hello, JIT). */
  steadyLatenciesMs: number[];
}

/** Unique segments for one agent: allocations × 60 s intervals walking forward from `baseMs`. */
class SegmentSource {
  private interval = 0;
  private alloc = 0;
  constructor(
    private readonly agent: number,
    private readonly allocations: number,
    private readonly tenants: number,
    private readonly baseMs: number,
  ) {}
  next(): IUsageSegment {
    const start = this.baseMs + this.interval * 60_000;
    const k = this.alloc;
    const segment: IUsageSegment = {
      tenant_id: `bench-tenant-${(this.agent * 7919 + k * 104729) % this.tenants}`,
      allocation_id: `alloc-${this.agent}-${k}`,
      gpu_uuids: [`GPU-bench-${this.agent}-${k % 8}`],
      start_unix_ms: start,
      end_unix_ms: start + 60_000,
      gpu_utilization: 0.9,
      memory_used_bytes: 40 * 1024 ** 3,
      source: 'kubernetes',
      workload_fingerprint: 'sha256:0123456789abcdef',
    };
    this.alloc++;
    if (this.alloc === this.allocations) {
      this.alloc = 0;
      this.interval++;
    }
    return segment;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runStream(
  client: Client,
  index: number,
  o: Options,
  t0: number,
  stopAt: number,
): Promise<StreamStats> {
  const metadata = new Metadata();
  if (o.token !== '') metadata.set('authorization', `Bearer ${o.token}`);
  const call = client.makeBidiStreamRequest(
    '/gpuwatch.v1.Telemetry/Report',
    passthrough,
    (b: Buffer) => pb.CollectorMessage.decode(b),
    metadata,
  ) as ClientDuplexStream<Buffer, InstanceType<typeof pb.CollectorMessage>>;
  const agentId = `bench-agent-${t0}-${index}`;
  const hello = pb.AgentMessage.encode({
    hello: {
      agent_id: agentId,
      cluster: 'bench',
      site: 'lab',
      agent_version: 'bench',
      spool_id: `spool-${t0}-${index}`,
      gpus: Array.from({ length: 8 }, (_, g) => ({
        uuid: `GPU-bench-${index}-${g}`,
        index: g,
        name: 'NVIDIA H100 80GB HBM3',
        pci_device_id: '0x233010DE',
        memory_total_bytes: 81559 * 1024 * 1024,
      })),
    },
  }).finish();
  call.write(Buffer.from(hello));

  const source = new SegmentSource(index, 64, o.tenants, t0 - 300 * 86_400_000);
  const stats: StreamStats = {
    ackedSegments: 0,
    ackedBatches: 0,
    rejected: 0,
    latenciesMs: [],
    steadyLatenciesMs: [],
  };
  const warmUntil = performance.now() + o.warmupMs;
  const sentAt = new Map<number, { at: number; segments: number }>();
  let seq = 0;
  let acked = 0;
  let wake: (() => void) | undefined;
  let failed: Error | undefined;

  call.on('data', (msg: InstanceType<typeof pb.CollectorMessage>) => {
    const ack = msg.ack;
    if (!ack) return;
    const now = performance.now();
    const ackSeq = ack.seq ?? 0;
    for (let s = acked + 1; s <= ackSeq; s++) {
      const sent = sentAt.get(s);
      if (sent) {
        stats.ackedSegments += sent.segments;
        stats.ackedBatches++;
        stats.latenciesMs.push(now - sent.at);
        if (sent.at >= warmUntil) stats.steadyLatenciesMs.push(now - sent.at);
        sentAt.delete(s);
      }
    }
    stats.rejected += ack.rejected?.length ?? 0;
    acked = Math.max(acked, ackSeq);
    wake?.();
  });
  call.on('error', (err: Error) => {
    failed = err;
    wake?.();
  });
  const waitForAck = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });

  const encodeBatch = (n: number): Buffer => {
    seq++;
    const segments = Array.from({ length: n }, () => source.next());
    return Buffer.from(pb.AgentMessage.encode({ batch: { seq, segments } }).finish());
  };

  if (o.mode === 'max') {
    let next = encodeBatch(o.batchSegments);
    while (performance.now() < stopAt && failed === undefined) {
      if (seq - acked > o.window) {
        await waitForAck();
        continue;
      }
      sentAt.set(seq, { at: performance.now(), segments: o.batchSegments });
      if (!call.write(next)) await new Promise((r) => call.once('drain', r));
      next = encodeBatch(o.batchSegments);
    }
    seq--; // the pre-encoded batch was never sent
  } else {
    // Steady: this stream's share of the rate, one batch per tick, ticks phase-shifted per stream.
    const perStream = o.rate / o.streams;
    const tickMs = Math.max(10, (o.batchSegments / perStream) * 1000);
    const segmentsPerTick = Math.max(1, Math.round((perStream * tickMs) / 1000));
    let due = performance.now() + (index / o.streams) * tickMs;
    while (due < stopAt && failed === undefined) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const bytes = encodeBatch(segmentsPerTick);
      sentAt.set(seq, { at: performance.now(), segments: segmentsPerTick });
      call.write(bytes);
      due += tickMs;
    }
  }
  const drainUntil = performance.now() + 10_000;
  while (acked < seq && failed === undefined && performance.now() < drainUntil) await waitForAck();
  call.end();
  if (failed !== undefined) throw failed;
  return stats;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  // One connection per simulated agent, as real agents have (the collector also caps the
  // streams one connection may open).
  const clients = Array.from(
    { length: o.streams },
    () =>
      new Client(o.target, credentials.createInsecure(), {
        'grpc.max_send_message_length': 16 * 1024 * 1024,
        'grpc.use_local_subchannel_pool': 1,
      }),
  );
  const t0 = Date.now();
  const started = performance.now();
  const stopAt = started + o.durationMs;
  const results = await Promise.all(clients.map((client, i) => runStream(client, i, o, t0, stopAt)));
  const elapsedMs = performance.now() - started;
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const steady = results.flatMap((r) => r.steadyLatenciesMs).sort((a, b) => a - b);
  const segments = results.reduce((n, r) => n + r.ackedSegments, 0);
  for (const client of clients) client.close();
  console.log(
    JSON.stringify({
      mode: o.mode,
      streams: o.streams,
      batchSegments: o.batchSegments,
      elapsedMs: Math.round(elapsedMs),
      ackedSegments: segments,
      ackedBatches: results.reduce((n, r) => n + r.ackedBatches, 0),
      rejected: results.reduce((n, r) => n + r.rejected, 0),
      segmentsPerSecond: Math.round((segments / elapsedMs) * 1000),
      // This process's own CPU (user + system), for the per-segment cost breakdown.
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      // After the warm-up: what an agent that is already connected sees.
      ackLatencyMs: { p50: percentile(steady, 50), p99: percentile(steady, 99), max: steady.at(-1) ?? NaN },
      // Every batch, each stream's connection set-up and first batches included.
      ackLatencyAllMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
      },
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
