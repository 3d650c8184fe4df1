/**
 * Delivery of spooled batches to the collector (docs/design.md §3, §4): one long-lived
 * `Telemetry.Report` stream that sends a Hello, then the spool's unacked batches in seq order.
 *
 * - Window: at most `maxInFlightBatches` batches / `maxInFlightBytes` bytes sent and not yet
 *   acked; and real backpressure: when the stream's write() says its buffer is full the sender
 *   waits for 'drain', so a collector that reads slowly never makes the agent buffer unboundedly.
 * - Acks are cumulative: Ack.seq = n means every batch ≤ n is durable, so the spool may delete
 *   them. Ack.rejected segments are logged and counted, never resent (the batch is acked).
 * - Any stream failure → reconnect with jittered exponential backoff and resend everything the
 *   spool still holds unacked (the collector deduplicates). Refusals that will not fix
 *   themselves (INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED) are logged as errors and
 *   retried with a much higher cap.
 * - Credentials (transport-credentials.ts): TLS with a CA file, mTLS with a client certificate
 *   and key, and/or a bearer token from a file; all files are re-read on every reconnect so
 *   rotation needs no restart. The token is never logged.
 * - Consecutive spooled batches go out merged into one message (outgoing.ts); options and their
 *   defaults are in transport-config.ts.
 */
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import {
  telemetryDefinition,
  type ICollectorMessage,
  type IGpu,
  type IHello,
  type IRejection,
} from '../../common/proto.js';
import { AppError, errorMessage } from '../../common/errors.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { beforeDeadline, timedOut } from '../../common/deadline.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { AgentMetrics } from '../agent-metrics.js';
import { Backoff } from './backoff.js';
import type { SpoolBatch } from '../spool/spool.js';
import { mergeBatches, serializeOutgoing, type Outgoing } from './outgoing.js';
import {
  resolveTransportConfig,
  transportDefaults,
  type TransportConfig,
  type TransportOptions,
} from './transport-config.js';
import { TransportCredentials } from './transport-credentials.js';
import { Wakeup } from './wakeup.js';

export interface StopOptions {
  /** How long to wait for the acks of batches in flight before closing, ms. Default 5000. */
  drainTimeoutMs?: number;
}

export interface TransportStats {
  readonly connected: boolean;
  /** Clock time of the last ack, ms; undefined before the first. */
  readonly lastAckMs: number | undefined;
  readonly inFlightBatches: number;
  readonly inFlightBytes: number;
  /** The stream's write buffer is full: the sender waits for it to drain (backpressure). */
  readonly waitingForDrain: boolean;
  /** Streams opened (connection attempts). */
  readonly streams: number;
  readonly batchesSent: number;
  readonly segmentsSent: number;
  readonly batchesAcked: number;
  readonly rejectedSegments: number;
  /** Stream failures by reason (gRPC status name, lower case, or a transport reason). */
  readonly sendErrors: Readonly<Record<string, number>>;
}

export interface TransportEvents {
  /** The Hello went out on a new stream. */
  connected: [{ readonly stream: number }];
  /** A stream ended; `reason` is the metric label. Not emitted for the close of stop(). */
  disconnected: [
    {
      readonly stream: number;
      readonly reason: string;
      readonly code: number | undefined;
      readonly details: string;
    },
  ];
  sent: [{ readonly seq: number; readonly segmentCount: number; readonly bytes: number }];
  ack: [{ readonly seq: number; readonly accepted: number; readonly rejected: readonly IRejection[] }];
}

/** Status codes that mean "this agent, as configured, is refused": retrying soon will not help. */
const REFUSED = new Set<number>([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.PERMISSION_DENIED,
  grpc.status.UNAUTHENTICATED,
]);
/** Rejections logged per ack, the rest summarised (a broken segment builder must not flood logs). */
const MAX_LOGGED_REJECTIONS = 20;

function statusReason(code: number): string {
  const name = (grpc.status as unknown as Record<number, string | undefined>)[code];
  return name === undefined ? `status_${code}` : name.toLowerCase();
}

interface StreamEnd {
  readonly code: grpc.status;
  readonly details: string;
}

interface InFlight {
  readonly seq: number;
  readonly bytes: number;
}

/** One stream's state. */
interface Stream {
  readonly id: number;
  readonly call: grpc.ClientDuplexStream<Outgoing, ICollectorMessage>;
  readonly openedMs: number;
  readonly inFlight: InFlight[];
  inFlightBytes: number;
  lastSentSeq: number;
  lastAckedSeq: number;
  needDrain: boolean;
  helloSent: boolean;
  /** The collector answered with its response headers: it accepted the hello. */
  connected: boolean;
  ended: boolean;
  end: Promise<StreamEnd>;
  /** Why the agent itself ended the stream (ack timeout, bad ack), overriding the status. */
  localReason: { reason: string; details: string } | undefined;
  ackTimer: NodeJS.Timeout | undefined;
}

function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let resolveFn: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    resolveFn = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      resolveFn();
    },
  };
}

export class Transport extends EventEmitter<TransportEvents> {
  private readonly options: TransportOptions;
  private readonly config: TransportConfig;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly metrics: AgentMetrics | undefined;
  private readonly backoff: Backoff;
  private readonly wake = new Wakeup();
  private readonly credentials: TransportCredentials;
  private lastInventory: IGpu[] = [];
  private stream: Stream | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private stopDeadlineMs = 0;
  private sleeping: { cancel: () => void } | undefined;
  private startedMs = 0;
  private lastAckMs: number | undefined;
  private streams = 0;
  private batchesSent = 0;
  private segmentsSent = 0;
  private batchesAcked = 0;
  private rejectedSegments = 0;
  private readonly sendErrors: Record<string, number> = {};
  /** The current stream was ended by reconnect(): not a failure, no backoff. */
  private reconnectRequested = false;

  constructor(options: TransportOptions) {
    super();
    this.config = resolveTransportConfig(options);
    this.options = options;
    this.logger = (options.logger ?? silentLogger).child({ component: 'transport', target: options.target });
    this.clock = options.clock ?? systemClock;
    this.metrics = options.registry === undefined ? undefined : AgentMetrics.forRegistry(options.registry);
    this.credentials = new TransportCredentials({
      target: options.target,
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
      ...(options.tokenFile !== undefined ? { tokenFile: options.tokenFile } : {}),
      keepaliveTimeMs: this.config.keepaliveTimeMs,
      keepaliveTimeoutMs: this.config.keepaliveTimeoutMs,
      ...(options.channelOptions !== undefined ? { channelOptions: options.channelOptions } : {}),
      logger: this.logger,
    });
    this.backoff = new Backoff({
      initialMs: this.config.backoffInitialMs,
      maxMs: this.config.backoffMaxMs,
      ...(options.random === undefined ? {} : { random: options.random }),
    });
  }

  /** Starts connecting and delivering; returns at once. */
  start(): void {
    if (this.running !== undefined) throw new AppError('INTERNAL', 'transport already started');
    this.startedMs = this.clock.nowMs();
    this.metrics?.watchLastAckAge(() => this.lastAckAgeSeconds());
    this.running = this.run().catch((err: unknown) => {
      this.logger.error('transport: delivery loop failed', { error: errorMessage(err) });
    });
  }

  /** New batches are in the spool: send them now rather than at the next wake-up. */
  notify(): void {
    this.wake.notify();
  }

  /**
   * Reconnects now, reading the token and TLS files afresh (the agent's SIGHUP after a credential
   * rotation, or a changed inventory for the Hello): ends the open stream, or cuts a reconnect
   * backoff short. Batches in flight are resent on the new stream; the collector deduplicates
   * them. Not counted as a send error. No-op before start() and after stop().
   */
  reconnect(reason: string): void {
    if (this.stopping || this.running === undefined) return;
    this.backoff.reset();
    const s = this.stream;
    if (s !== undefined && !s.ended) {
      this.reconnectRequested = true;
      this.logger.info('transport: reconnecting on request', { reason });
      this.abort(s, 'reconnect', reason);
    } else {
      this.sleeping?.cancel();
    }
  }

  /**
   * Stops: sends nothing new, waits up to `drainTimeoutMs` for the acks of batches in flight,
   * then closes the stream and the channel. What stays unacked stays in the spool.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (this.stopping) return this.running;
    this.stopping = true;
    this.stopDeadlineMs = performance.now() + (options.drainTimeoutMs ?? transportDefaults.drainTimeoutMs);
    this.sleeping?.cancel();
    this.wake.notify();
    await this.running;
    this.credentials.close();
    this.metrics?.connected.set(0);
  }

  stats(): TransportStats {
    return {
      connected: this.stream?.connected === true && !this.stream.ended,
      lastAckMs: this.lastAckMs,
      inFlightBatches: this.stream?.inFlight.length ?? 0,
      inFlightBytes: this.stream?.inFlightBytes ?? 0,
      waitingForDrain: this.stream?.needDrain === true && !this.stream.ended,
      streams: this.streams,
      batchesSent: this.batchesSent,
      segmentsSent: this.segmentsSent,
      batchesAcked: this.batchesAcked,
      rejectedSegments: this.rejectedSegments,
      sendErrors: { ...this.sendErrors },
    };
  }

  /** Seconds since the last ack (since start() before the first): gpuwatch_agent_last_ack_age_seconds. */
  lastAckAgeSeconds(): number {
    return Math.max(0, this.clock.nowMs() - (this.lastAckMs ?? this.startedMs)) / 1000;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const outcome = await this.runStream();
      if (this.stopping) break;
      if (this.reconnectRequested) {
        this.reconnectRequested = false;
        continue;
      }
      this.recordFailure(outcome);
      if (outcome.upMs >= this.config.healthyAfterMs) this.backoff.reset();
      const refused = outcome.code !== undefined && REFUSED.has(outcome.code);
      const waitMs = this.backoff.next(refused ? this.config.refusedBackoffMaxMs : undefined);
      this.logger.debug('transport: reconnecting', { delayMs: waitMs, attempt: this.backoff.attempts });
      const sleep = delay(waitMs);
      this.sleeping = sleep;
      await sleep.promise;
      this.sleeping = undefined;
    }
  }

  private recordFailure(outcome: {
    stream: number;
    reason: string;
    code: number | undefined;
    details: string;
  }): void {
    this.sendErrors[outcome.reason] = (this.sendErrors[outcome.reason] ?? 0) + 1;
    this.metrics?.sendErrors.inc({ reason: outcome.reason });
    const fields = { reason: outcome.reason, details: outcome.details, failures: this.backoff.attempts + 1 };
    if (outcome.code !== undefined && REFUSED.has(outcome.code))
      this.logger.error(
        'transport: the collector refused this agent; this will not fix itself — check the agent id, token or certificate, and the collector log (retrying with a long backoff)',
        fields,
      );
    else
      this.logger.warn(
        'transport: stream to the collector failed; will reconnect and resend unacked batches',
        fields,
      );
    this.emit('disconnected', outcome);
  }

  private async runStream(): Promise<{
    stream: number;
    reason: string;
    code: number | undefined;
    details: string;
    upMs: number;
  }> {
    const id = ++this.streams;
    let client: grpc.Client;
    let token: string | undefined;
    try {
      client = await this.credentials.channel();
      token = await this.credentials.token();
    } catch (err: unknown) {
      return { stream: id, reason: 'credentials', code: undefined, details: errorMessage(err), upMs: 0 };
    }
    const gpus = await this.currentInventory();
    const metadata = new grpc.Metadata();
    if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
    const call = client.makeBidiStreamRequest<Outgoing, ICollectorMessage>(
      telemetryDefinition.report.path,
      serializeOutgoing,
      telemetryDefinition.report.responseDeserialize,
      metadata,
    );
    let finish: (end: StreamEnd) => void = () => undefined;
    const s: Stream = {
      id,
      call,
      openedMs: this.clock.nowMs(),
      inFlight: [],
      inFlightBytes: 0,
      lastSentSeq: 0,
      lastAckedSeq: 0,
      needDrain: false,
      helloSent: false,
      connected: false,
      ended: false,
      end: new Promise<StreamEnd>((resolve) => {
        finish = (end) => {
          if (s.ended) return;
          s.ended = true;
          clearTimeout(s.ackTimer);
          this.metrics?.connected.set(0);
          this.wake.notify();
          resolve(end);
        };
      }),
      localReason: undefined,
      ackTimer: undefined,
    };
    this.stream = s;
    call.on('status', (status: grpc.StatusObject) => finish({ code: status.code, details: status.details }));
    call.on('error', (err: grpc.ServiceError) =>
      finish({ code: err.code, details: err.details || err.message }),
    );
    call.on('data', (message: ICollectorMessage) => this.onMessage(s, message));
    // Connected once the collector answers: it sends its response headers when it has accepted the
    // hello (a write callback only says the hello was buffered, even with no collector there).
    call.on('metadata', () => {
      if (s.ended || s.connected) return;
      s.connected = true;
      this.metrics?.connected.set(1);
      this.logger.info('transport: connected to the collector', { stream: id, gpus: gpus.length });
      this.emit('connected', { stream: id });
    });

    const hello: IHello = {
      agent_id: this.options.agentId,
      cluster: this.config.cluster,
      site: this.config.site,
      agent_version: this.options.agentVersion,
      gpus,
      spool_id: this.options.spool.spoolId,
    };
    call.write({ hello }, (err?: Error | null) => {
      if (err || s.ended || s.helloSent) return;
      s.helloSent = true;
    });

    try {
      await this.sendLoop(s);
      if (this.stopping && !s.ended) await this.closeGracefully(s);
    } catch (err: unknown) {
      // A spool read failure: end this stream; the next one starts over from the spool.
      this.abort(s, 'spool_read', errorMessage(err));
    }
    const end = await s.end;
    const upMs = this.clock.nowMs() - s.openedMs;
    if (s.localReason !== undefined) return { stream: id, ...s.localReason, code: undefined, upMs };
    return {
      stream: id,
      reason: end.code === grpc.status.OK ? 'stream_ended' : statusReason(end.code),
      code: end.code,
      details: end.details,
      upMs,
    };
  }

  private async sendLoop(s: Stream): Promise<void> {
    let iterator: AsyncIterator<SpoolBatch> | undefined;
    let held: SpoolBatch | undefined;
    let nextSeq = 1;
    try {
      while (!s.ended && !this.stopping) {
        if (s.needDrain || s.inFlight.length >= this.config.maxInFlightBatches) {
          await this.wake.wait();
          continue;
        }
        if (held === undefined) {
          iterator ??= this.options.spool.pending(nextSeq)[Symbol.asyncIterator]();
          const r = await iterator.next();
          if (r.done === true) {
            iterator = undefined;
            await this.wake.wait();
            continue;
          }
          held = r.value;
          if (s.ended || this.stopping) break;
        }
        if (s.inFlight.length > 0 && s.inFlightBytes + held.bytes > this.config.maxInFlightBytes) {
          await this.wake.wait();
          continue;
        }
        // The spooled batches that follow go out in the same message, as far as the limits allow.
        const merged = await mergeBatches(held, iterator, {
          maxSegments: this.config.maxMessageSegments,
          maxBytes: this.config.maxMessageBytes,
        });
        held = merged.held;
        if (merged.caughtUp) iterator = undefined;
        if (s.ended || this.stopping) break;
        const batch = merged.batch;
        nextSeq = batch.seq + 1;
        s.inFlight.push({ seq: batch.seq, bytes: batch.bytes });
        s.inFlightBytes += batch.bytes;
        s.lastSentSeq = batch.seq;
        const writable = s.call.write({ batchPayload: batch.payload });
        this.batchesSent += 1;
        this.segmentsSent += batch.segmentCount;
        this.metrics?.batchesSent.inc();
        this.metrics?.segmentsSent.inc(batch.segmentCount);
        this.emit('sent', { seq: batch.seq, segmentCount: batch.segmentCount, bytes: batch.bytes });
        this.armAckTimer(s);
        if (!writable) {
          s.needDrain = true;
          s.call.once('drain', () => {
            s.needDrain = false;
            this.wake.notify();
          });
        }
      }
    } finally {
      await iterator?.return?.();
    }
  }

  private onMessage(s: Stream, message: ICollectorMessage): void {
    const ack = message.ack;
    if (ack === null || ack === undefined) return; // a message kind this agent does not know yet
    const seq = Number(ack.seq ?? 0);
    if (!Number.isSafeInteger(seq) || seq > s.lastSentSeq) {
      // Applying it would delete batches the collector never received.
      this.abort(
        s,
        'bad_ack',
        `ack for seq ${seq}, but the last batch sent on this stream is ${s.lastSentSeq}`,
      );
      return;
    }
    if (seq <= s.lastAckedSeq) return;
    s.lastAckedSeq = seq;
    let acked = 0;
    while (s.inFlight.length > 0 && (s.inFlight[0]?.seq ?? Infinity) <= seq) {
      const done = s.inFlight.shift();
      s.inFlightBytes -= done?.bytes ?? 0;
      acked += 1;
    }
    this.batchesAcked += acked;
    this.metrics?.batchesAcked.inc(acked);
    this.lastAckMs = this.clock.nowMs();
    const rejected = ack.rejected ?? [];
    if (rejected.length > 0) this.logRejections(seq, rejected);
    clearTimeout(s.ackTimer);
    s.ackTimer = undefined;
    if (s.inFlight.length > 0) this.armAckTimer(s);
    void this.options.spool.ack(seq);
    this.emit('ack', { seq, accepted: ack.accepted ?? 0, rejected });
    this.wake.notify();
  }

  private logRejections(seq: number, rejected: readonly IRejection[]): void {
    this.rejectedSegments += rejected.length;
    this.metrics?.rejectedSegments.inc(rejected.length);
    for (const r of rejected.slice(0, MAX_LOGGED_REJECTIONS))
      this.logger.warn('transport: the collector rejected a segment; it will not be resent', {
        seq,
        index: r.index ?? 0,
        field: r.field ?? '',
        reason: r.reason ?? '',
      });
    if (rejected.length > MAX_LOGGED_REJECTIONS)
      this.logger.warn('transport: more rejected segments in this batch not logged one by one', {
        seq,
        notLogged: rejected.length - MAX_LOGGED_REJECTIONS,
      });
  }

  private armAckTimer(s: Stream): void {
    if (s.ackTimer !== undefined || s.ended) return;
    s.ackTimer = setTimeout(() => {
      s.ackTimer = undefined;
      if (s.inFlight.length > 0)
        this.abort(
          s,
          'ack_timeout',
          `no ack for ${this.config.ackTimeoutMs} ms with ${s.inFlight.length} batches in flight`,
        );
    }, this.config.ackTimeoutMs);
    s.ackTimer.unref();
  }

  private abort(s: Stream, reason: string, details: string): void {
    if (s.ended) return;
    s.localReason ??= { reason, details };
    s.call.cancel();
  }

  /** stop(): wait for the acks in flight (bounded), half-close, and give the collector a moment to finish. */
  private async closeGracefully(s: Stream): Promise<void> {
    while (!s.ended && s.inFlight.length > 0 && performance.now() < this.stopDeadlineMs)
      await beforeDeadline(this.wake.wait(), this.stopDeadlineMs - performance.now());
    if (s.ended) return;
    if (s.inFlight.length > 0)
      this.logger.warn('transport: stopping with batches unacked; they stay in the spool', {
        inFlightBatches: s.inFlight.length,
      });
    s.call.end();
    await beforeDeadline(s.end, Math.max(100, Math.min(1000, this.stopDeadlineMs - performance.now())));
    if (!s.ended) this.abort(s, 'stopped', 'stopped');
  }

  private async currentInventory(): Promise<IGpu[]> {
    try {
      const gpus = await beforeDeadline(
        Promise.resolve().then(() => this.options.inventory()),
        this.config.inventoryTimeoutMs,
      );
      if (gpus === timedOut)
        throw new AppError('UNAVAILABLE', `no inventory within ${this.config.inventoryTimeoutMs} ms`);
      this.lastInventory = [...gpus];
    } catch (err: unknown) {
      this.logger.warn('transport: inventory unavailable; the hello carries the last known one', {
        error: errorMessage(err),
        gpus: this.lastInventory.length,
      });
    }
    return this.lastInventory;
  }
}
