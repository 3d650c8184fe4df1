/**
 * A minimal Telemetry.Report server for the transport tests (and bench/agent-replay.ts until it
 * targets the real collector): real grpc-js on a real socket, the real service definition and
 * codec, and knobs to hold or delay acks, reject segments, stop reading, end or refuse streams.
 * It is our own protocol, spoken by the book: hello first, cumulative acks.
 */
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import {
  telemetryServerDefinition,
  type SizedAgentMessage,
} from '../../../collector/ingest/telemetry-framing.js';
import type { Hello, ICollectorMessage, IRejection, UsageSegment } from '../../../common/proto.js';

export interface ReceivedBatch {
  readonly stream: number;
  readonly seq: number;
  readonly segments: UsageSegment[];
  readonly wireBytes: number;
}

type Call = grpc.ServerDuplexStream<SizedAgentMessage, ICollectorMessage>;

interface OpenStream {
  readonly id: number;
  readonly call: Call;
  /** Batches received and not yet acked, oldest first. */
  readonly unacked: { seq: number; bytes: number; segments: number }[];
  unackedBytes: number;
}

export interface FakeCollectorOptions {
  /** Port to bind on 127.0.0.1. Default 0 (any). */
  port?: number;
  credentials?: grpc.ServerCredentials;
  /** Decode segments of every batch (costs time in benchmarks). Default true. */
  decodeSegments?: boolean;
}

export class FakeCollector extends EventEmitter<{
  hello: [Hello, number];
  batch: [ReceivedBatch];
  acked: [number];
}> {
  readonly hellos: Hello[] = [];
  readonly metadata: grpc.Metadata[] = [];
  readonly authContexts: ReturnType<Call['getAuthContext']>[] = [];
  readonly received: ReceivedBatch[] = [];
  /** 'auto': ack each batch as it arrives; 'hold': keep acks until releaseAcks(). */
  ackMode: 'auto' | 'hold' = 'auto';
  /** In auto mode, ack this long after arrival, ms. */
  ackDelayMs = 0;
  /** Segments to reject in a batch (by its seq). */
  rejectFor: (seq: number, segments: UsageSegment[]) => IRejection[] = () => [];
  /** Refuse every new stream with this status. */
  refuseWith: { code: grpc.status; details: string } | undefined;
  maxUnackedBatches = 0;
  maxUnackedBytes = 0;
  receivedSegments = 0;
  private streams = 0;
  private readonly open = new Set<OpenStream>();
  private paused = false;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
    private readonly decodeSegments: boolean,
  ) {
    super();
  }

  static async start(options: FakeCollectorOptions = {}): Promise<FakeCollector> {
    const server = new grpc.Server();
    const credentials = options.credentials ?? grpc.ServerCredentials.createInsecure();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${options.port ?? 0}`, credentials, (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const collector = new FakeCollector(server, port, options.decodeSegments ?? true);
    server.addService(telemetryServerDefinition, {
      report: (call: Call) => collector.onStream(call),
    });
    return collector;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get seqs(): number[] {
    return this.received.map((b) => b.seq);
  }

  /** Stop reading from every stream (new ones too): flow control then pushes back on the agent. */
  pauseReading(): void {
    this.paused = true;
    for (const s of this.open) s.call.pause();
  }

  resumeReading(): void {
    this.paused = false;
    for (const s of this.open) s.call.resume();
  }

  /** Sends the held acks: one cumulative ack per stream, up to `uptoSeq` (default all). */
  releaseAcks(uptoSeq = Infinity): void {
    for (const s of this.open) {
      const last = s.unacked.filter((u) => u.seq <= uptoSeq).at(-1);
      if (last !== undefined) this.ack(s, last.seq, 0, []);
    }
  }

  /** Ends every open stream with an error status, as a collector in trouble would. */
  endStreams(code: grpc.status = grpc.status.UNAVAILABLE, details = 'fake collector ended the stream'): void {
    for (const s of this.open) s.call.emit('error', { code, details });
    this.open.clear();
  }

  /** Dies: connections are cut without goodbye. */
  kill(): void {
    this.open.clear();
    this.server.forceShutdown();
  }

  async stop(): Promise<void> {
    this.open.clear();
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private onStream(call: Call): void {
    const id = ++this.streams;
    this.metadata.push(call.metadata);
    this.authContexts.push(call.getAuthContext());
    call.on('error', () => undefined);
    if (this.refuseWith !== undefined) {
      call.emit('error', this.refuseWith);
      return;
    }
    const stream: OpenStream = { id, call, unacked: [], unackedBytes: 0 };
    this.open.add(stream);
    if (this.paused) call.pause();
    let helloSeen = false;
    call.on('data', (m: SizedAgentMessage) => {
      const message = m.message;
      if (message === undefined) {
        call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: m.decodeError ?? 'undecodable' });
        return;
      }
      if (message.hello) {
        helloSeen = true;
        this.hellos.push(message.hello as Hello);
        this.emit('hello', message.hello as Hello, id);
        return;
      }
      const batch = message.batch;
      if (!helloSeen || !batch) {
        call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'hello must come first' });
        return;
      }
      const seq = Number(batch.seq);
      const all = (batch.segments ?? []) as UsageSegment[];
      const segments = this.decodeSegments ? all : [];
      const received: ReceivedBatch = { stream: id, seq, segments, wireBytes: m.wireBytes };
      this.received.push(received);
      this.receivedSegments += all.length;
      stream.unacked.push({ seq, bytes: m.wireBytes, segments: all.length });
      stream.unackedBytes += m.wireBytes;
      this.maxUnackedBatches = Math.max(this.maxUnackedBatches, stream.unacked.length);
      this.maxUnackedBytes = Math.max(this.maxUnackedBytes, stream.unackedBytes);
      this.emit('batch', received);
      if (this.ackMode === 'hold') return;
      const rejected = this.rejectFor(seq, all);
      const accepted = all.length - rejected.length;
      if (this.ackDelayMs > 0) setTimeout(() => this.ack(stream, seq, accepted, rejected), this.ackDelayMs);
      else this.ack(stream, seq, accepted, rejected);
    });
    call.on('end', () => {
      this.open.delete(stream);
      call.end();
    });
  }

  private ack(stream: OpenStream, seq: number, accepted: number, rejected: IRejection[]): void {
    if (!this.open.has(stream)) return;
    while (stream.unacked.length > 0 && (stream.unacked[0]?.seq ?? Infinity) <= seq) {
      stream.unackedBytes -= stream.unacked.shift()?.bytes ?? 0;
    }
    stream.call.write({ ack: { seq, accepted, rejected } });
    this.emit('acked', seq);
  }
}
