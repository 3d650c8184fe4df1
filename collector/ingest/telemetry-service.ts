/**
 * Telemetry.Report (docs/design.md §3, §4): one long-lived stream per agent. The first message must be
 * a hello; batches follow and are processed strictly in order. A batch is acked (cumulative
 * `seq`, its accepted count and rejections) only after the store says it is durable and the
 * changed tenants are queued for evaluation. A broken envelope ends the stream with
 * INVALID_ARGUMENT; storage trouble ends it with UNAVAILABLE naming the seq to resend from.
 * A bad peer costs one stream, never the process: every handler error ends only its own stream.
 */
import { performance } from 'node:perf_hooks';
import { Metadata, type ServerDuplexStream } from '@grpc/grpc-js';
import type { Clock } from '../../common/clock.js';
import { AppError, AuthError, ValidationError, errorMessage, quote } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { AgentMessage, ICollectorMessage } from '../../common/proto.js';
import type { SizedAgentMessage } from './telemetry-framing.js';
import type { AgentIdentity, Authenticator } from '../auth.js';
import type { EvaluationQueue } from './evaluation-queue.js';
import { newRequestId } from '../../common/request-id.js';
import { formatDurationMs } from '../../common/config-schema.js';
import { grpcStatusOf, statusName, toServiceError } from '../grpc-errors.js';
import { storageCall } from '../storage/storage-call.js';
import { agentContextFromHello, helloInfo } from './hello.js';
import { rejectionReasonLabel, type CollectorMetrics, type StreamResult } from '../metrics.js';
import {
  checkBatchEnvelope,
  validateHello,
  validateSegments,
  type ValidationLimits,
} from './segment-validation.js';
import type { AgentContext, StoreBatchResult, UsageStore } from '../storage/usage-store.js';
import { collectorDefaults } from '../collector-config.js';

export type ReportCall = ServerDuplexStream<SizedAgentMessage, ICollectorMessage>;

export interface TelemetryServiceOptions {
  readonly store: UsageStore;
  readonly queue: EvaluationQueue;
  readonly auth: Authenticator;
  readonly metrics: CollectorMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly limits: ValidationLimits;
  /** Time a new stream has to send its hello, ms. Default 30 s. */
  readonly helloTimeoutMs?: number;
  /**
   * Longest wait for the store (and the evaluate queue) on one batch, ms; past it the stream ends
   * with UNAVAILABLE and the batch is not acked. Default 10 s.
   */
  readonly storeTimeoutMs?: number;
  /** Open streams at most; more are refused with RESOURCE_EXHAUSTED. Default 100 000. */
  readonly maxStreams?: number;
  /** Messages a stream may have waiting behind the one in work before reading pauses. Default 4. */
  readonly maxQueuedMessages?: number;
}

interface Queued {
  readonly item: SizedAgentMessage;
  /** performance.now() when it arrived, for the ack latency. */
  readonly receivedAt: number;
}

/** Ends a stream: the error to report (none = OK) and the result for the metric. */
class StreamEnd {
  constructor(
    readonly result: StreamResult,
    readonly error: unknown,
  ) {}
}

function resultOf(err: unknown): StreamResult {
  if (!(err instanceof AppError)) return 'error';
  switch (err.code) {
    case 'VALIDATION_FAILED':
      return 'invalid';
    case 'UNAUTHENTICATED':
      return 'unauthenticated';
    case 'PERMISSION_DENIED':
      return 'permission_denied';
    case 'ABORTED':
      return 'superseded';
    case 'RESOURCE_EXHAUSTED':
      return 'resource_exhausted';
    case 'UNAVAILABLE':
      return 'storage_unavailable';
    default:
      return 'error';
  }
}

/** One Report call: its queue, its agent, its position in the seq order. */
class ReportStream {
  private readonly queue: Queued[] = [];
  private pumping = false;
  private clientDone = false;
  private ended = false;
  private draining = false;
  private helloTimer: NodeJS.Timeout | undefined;
  private lastSeq = 0;
  private agent: AgentContext | undefined;
  private log: Logger;
  private resolveClosed!: () => void;
  /** Resolves when the stream has ended, however it ended. */
  readonly closed = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });

  constructor(
    private readonly service: TelemetryService,
    private readonly call: ReportCall,
    private readonly options: Required<TelemetryServiceOptions>,
    private readonly identity: AgentIdentity,
  ) {
    this.log = options.logger.child({ peer: call.getPeer(), stream: newRequestId() });
  }

  get agentId(): string | undefined {
    return this.agent?.agentId;
  }

  get agentIdentity(): AgentIdentity {
    return this.identity;
  }

  start(): void {
    this.helloTimer = setTimeout(() => {
      this.finish(
        new StreamEnd(
          'invalid',
          new ValidationError([
            {
              field: 'hello',
              reason: `expected a hello within ${formatDurationMs(this.options.helloTimeoutMs)} of opening the stream, got none`,
            },
          ]),
        ),
      );
    }, this.options.helloTimeoutMs);
    this.call.on('data', (item: SizedAgentMessage) => {
      if (this.ended) return;
      this.queue.push({ item, receivedAt: performance.now() });
      if (this.queue.length > this.options.maxQueuedMessages) this.call.pause();
      this.pump();
    });
    this.call.on('end', () => {
      this.clientDone = true;
      this.pump();
    });
    this.call.on('cancelled', () => {
      this.finish(new StreamEnd('cancelled', undefined), true);
    });
  }

  /** Ends the stream after the batch in work (if any) is acked: the collector is shutting down. */
  drain(): void {
    this.draining = true;
    if (!this.pumping) this.finishForShutdown();
  }

  /** Ends the stream now with `error` (superseded, revoked). An in-flight batch is not acked. */
  abort(result: StreamResult, error: AppError): void {
    this.finish(new StreamEnd(result, error));
  }

  private finishForShutdown(): void {
    this.finish(
      new StreamEnd(
        'shutdown',
        new AppError(
          'UNAVAILABLE',
          `collector shutting down: reconnect (to another collector) and resend ${this.lastSeq > 0 ? `from seq ${this.lastSeq + 1}` : 'what is not acknowledged'}`,
        ),
      ),
    );
  }

  private pump(): void {
    if (this.pumping || this.ended) return;
    this.pumping = true;
    void this.run();
  }

  /** Works through the queue in order. Never rejects: every error ends this stream. */
  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.ended) return;
        if (this.draining) {
          this.finishForShutdown();
          return;
        }
        const next = this.queue.shift();
        if (next === undefined) break;
        if (this.call.isPaused() && this.queue.length <= this.options.maxQueuedMessages) this.call.resume();
        await this.handle(next);
      }
      if (this.clientDone && !this.ended) this.finish(new StreamEnd('ok', undefined));
    } catch (err: unknown) {
      this.finish(new StreamEnd(resultOf(err), err));
    } finally {
      // Set synchronously after the last check of the queue, so a message that arrives later
      // starts a new run rather than waiting behind one that is already leaving.
      this.pumping = false;
    }
  }

  private async handle({ item, receivedAt }: Queued): Promise<void> {
    // Size first: an oversized frame is named as such even when its bytes do not decode.
    if (item.wireBytes > this.options.limits.maxBatchBytes) {
      const problem = checkBatchEnvelope(item.wireBytes, 0, this.options.limits);
      if (problem !== undefined) {
        this.options.metrics.batches.inc({ result: 'invalid' });
        throw new ValidationError([{ field: 'batch', reason: problem }]);
      }
    }
    if (item.decodeError !== undefined || item.message === undefined) {
      throw new ValidationError([
        {
          field: 'message',
          reason: `cannot decode an AgentMessage from ${item.wireBytes} bytes: ${item.decodeError ?? 'no message'}`,
        },
      ]);
    }
    const message: AgentMessage = item.message;
    if (message.msg === 'hello' && message.hello) return this.handleHello(message);
    if (message.msg === 'batch' && message.batch)
      return this.handleBatch(message, item.wireBytes, item.segmentFrames, receivedAt);
    throw new ValidationError([
      { field: 'message', reason: 'expected a hello or a batch, got an empty AgentMessage' },
    ]);
  }

  private async handleHello(message: AgentMessage): Promise<void> {
    const hello = message.hello;
    if (!hello) return;
    if (this.agent !== undefined) {
      throw new ValidationError([
        { field: 'hello', reason: 'expected one hello at the start of the stream, got another' },
      ]);
    }
    const problems = validateHello(hello, this.options.limits);
    if (problems.length > 0) throw new ValidationError(problems);
    this.options.auth.authorizeAgentId(this.identity, hello.agent_id ?? '');
    const agent = agentContextFromHello(hello);
    try {
      await storageCall(
        this.options.store.recordHello(agent, helloInfo(hello), this.options.clock.nowMs()),
        this.options.storeTimeoutMs,
        'recording the hello',
      );
    } catch (err: unknown) {
      throw new AppError('UNAVAILABLE', `${errorMessage(err)}; reconnect and send the hello again`, {
        cause: err,
      });
    }
    if (this.ended) return;
    clearTimeout(this.helloTimer);
    this.agent = agent;
    this.log = this.log.child({ agent: agent.agentId, spool: agent.spoolId });
    this.service.claim(agent.agentId, this);
    // Response headers now, not with the first ack: the agent counts itself connected when the
    // collector has accepted its hello, not when its own write was buffered.
    this.call.sendMetadata(new Metadata());
    this.log.info('agent connected', {
      cluster: hello.cluster,
      site: hello.site,
      agentVersion: hello.agent_version,
      gpus: agent.inventory.size,
    });
  }

  private async handleBatch(
    message: AgentMessage,
    wireBytes: number,
    segmentFrames: readonly Buffer[] | undefined,
    receivedAt: number,
  ): Promise<void> {
    const batch = message.batch;
    const agent = this.agent;
    if (!batch) return;
    const { metrics, limits, clock } = this.options;
    if (agent === undefined) {
      throw new ValidationError([
        { field: 'hello', reason: 'expected the first message of the stream to be a hello, got a batch' },
      ]);
    }
    const segments = batch.segments ?? [];
    const envelopeProblem = checkBatchEnvelope(wireBytes, segments.length, limits);
    if (envelopeProblem !== undefined) {
      metrics.batches.inc({ result: 'invalid' });
      throw new ValidationError([{ field: 'batch', reason: envelopeProblem }]);
    }
    const seq = batch.seq ?? 0;
    if (!Number.isSafeInteger(seq) || seq < 1) {
      metrics.batches.inc({ result: 'invalid' });
      throw new ValidationError([
        { field: 'batch.seq', reason: `expected a whole number ≥ 1, got ${quote(seq)}` },
      ]);
    }
    if (seq <= this.lastSeq) {
      metrics.batches.inc({ result: 'invalid' });
      throw new ValidationError([
        {
          field: 'batch.seq',
          reason: `expected more than ${this.lastSeq} (seq must increase within a stream), got ${seq}`,
        },
      ]);
    }

    metrics.segmentsReceived.inc(segments.length);
    const nowMs = clock.nowMs();
    const validated = validateSegments(segments, limits, nowMs, segmentFrames);
    const valid = validated.valid;
    let rejected = validated.rejected;
    for (const r of rejected) metrics.segmentsRejected.inc({ reason: rejectionReasonLabel(r.field) });

    let result: StoreBatchResult;
    try {
      result = await storageCall(
        this.store(agent, seq, valid, nowMs),
        this.options.storeTimeoutMs,
        `batch ${seq}`,
      );
    } catch (err: unknown) {
      metrics.batches.inc({ result: this.ended ? 'abandoned' : 'storage_error' });
      throw new AppError(
        'UNAVAILABLE',
        `${errorMessage(err)}; batch ${seq} was not acknowledged, resend from seq ${seq}`,
        { cause: err },
      );
    }
    if (this.ended) {
      // Superseded or cancelled while storing: the agent resends on its new stream; storing twice
      // changes nothing.
      metrics.batches.inc({ result: 'abandoned' });
      return;
    }
    this.lastSeq = seq;
    metrics.batches.inc({ result: result.duplicateBatch ? 'duplicate' : 'stored' });
    metrics.segmentsStored.inc(result.accepted);
    metrics.segmentsDuplicate.inc(result.duplicates);
    metrics.addGpuSeconds(result.gpuSecondsByClass);
    if (result.rejected.length > 0) {
      // Refused by the store (an overlap, or new content under an old seq): told, never dropped.
      for (const r of result.rejected)
        metrics.segmentsRejected.inc({ reason: rejectionReasonLabel(r.field) });
      rejected = [...rejected, ...result.rejected].sort((a, b) => a.index - b.index);
    }
    if (rejected.length > 0) {
      this.log.warn('segments rejected', {
        seq,
        rejected: rejected.length,
        first:
          rejected[0] === undefined
            ? undefined
            : `segments[${rejected[0].index}].${rejected[0].field}: ${rejected[0].reason}`,
      });
    }
    const writable = this.call.write({ ack: { seq, accepted: result.accepted, rejected: [...rejected] } });
    metrics.ackLatency.observe((performance.now() - receivedAt) / 1000);
    // A peer that does not read its acks stops being read from, rather than growing our buffers.
    if (!writable && !this.ended) await this.drained();
  }

  private async store(
    agent: AgentContext,
    seq: number,
    valid: Parameters<UsageStore['storeBatch']>[2],
    nowMs: number,
  ): Promise<StoreBatchResult> {
    const result = await this.options.store.storeBatch(agent, seq, valid, nowMs);
    // A replay may follow a stream that stored but failed to enqueue: queue every tenant it names
    // (deduplicated per tenant by BullMQ) so no change goes unevaluated.
    const replay = result.duplicateBatch || result.duplicates > 0;
    const tenants = replay ? [...new Set(valid.map((s) => s.tenantId))] : result.changedTenants;
    if (tenants.length > 0) await this.options.queue.enqueue(tenants, 'usage');
    return result;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.call.off('drain', done);
        this.call.off('close', done);
        this.call.off('cancelled', done);
        resolve();
      };
      this.call.on('drain', done);
      this.call.on('close', done);
      this.call.on('cancelled', done);
    });
  }

  private finish(end: StreamEnd, cancelled = false): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.helloTimer);
    this.queue.length = 0;
    this.service.release(this);
    this.options.metrics.streams.inc({ result: end.result });
    if (end.error === undefined) {
      if (!cancelled) this.call.end();
      this.log.debug('stream ended', { result: end.result, lastSeq: this.lastSeq });
    } else {
      const { code, details } = grpcStatusOf(end.error);
      const level = end.result === 'error' || end.result === 'storage_unavailable' ? 'error' : 'warn';
      this.log[level]('stream ended', {
        result: end.result,
        status: statusName(code),
        details,
        lastSeq: this.lastSeq,
        ...(end.result === 'error' ? { error: errorMessage(end.error) } : {}),
      });
      if (!cancelled) this.call.emit('error', toServiceError(end.error));
    }
    if (this.call.isPaused()) this.call.resume();
    this.resolveClosed();
  }
}

/** The Telemetry service: every open Report stream, which agent each speaks for, and shutdown. */
export class TelemetryService {
  private readonly options: Required<TelemetryServiceOptions>;
  private readonly streams = new Set<ReportStream>();
  private readonly byAgent = new Map<string, ReportStream>();
  private draining = false;

  constructor(options: TelemetryServiceOptions) {
    this.options = {
      helloTimeoutMs: collectorDefaults.helloTimeoutMs,
      storeTimeoutMs: collectorDefaults.storeTimeoutMs,
      maxStreams: collectorDefaults.maxStreams,
      maxQueuedMessages: 4,
      ...options,
    };
  }

  /** Open streams (with or without a hello). */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Handler for Telemetry.Report. */
  report(call: ReportCall): void {
    const refuse = (result: StreamResult, err: AppError): void => {
      this.options.metrics.streams.inc({ result });
      this.options.logger.warn('stream refused', {
        peer: call.getPeer(),
        stream: newRequestId(),
        result,
        details: err.message,
      });
      call.emit('error', toServiceError(err));
    };
    if (this.draining) {
      refuse(
        'shutdown',
        new AppError('UNAVAILABLE', 'collector shutting down: reconnect (to another collector)'),
      );
      return;
    }
    if (this.streams.size >= this.options.maxStreams) {
      refuse(
        'resource_exhausted',
        new AppError(
          'RESOURCE_EXHAUSTED',
          `collector has ${this.streams.size} open streams, its limit (--max-streams)`,
        ),
      );
      return;
    }
    let identity: AgentIdentity;
    try {
      identity = this.options.auth.authenticateAgent(call);
    } catch (err: unknown) {
      refuse(
        err instanceof AuthError ? resultOf(err) : 'error',
        err instanceof AppError ? err : new AppError('INTERNAL', errorMessage(err)),
      );
      return;
    }
    const stream = new ReportStream(this, call, this.options, identity);
    this.streams.add(stream);
    stream.start();
  }

  /** A stream said hello as `agentId`: it replaces an older stream of the same agent. */
  claim(agentId: string, stream: ReportStream): void {
    const older = this.byAgent.get(agentId);
    this.byAgent.set(agentId, stream);
    this.options.metrics.agentsConnected.set(this.byAgent.size);
    if (older !== undefined && older !== stream) {
      older.abort('superseded', new AppError('ABORTED', 'superseded by a newer stream from the same agent'));
    }
  }

  /** A stream ended. */
  release(stream: ReportStream): void {
    this.streams.delete(stream);
    const agentId = stream.agentId;
    if (agentId !== undefined && this.byAgent.get(agentId) === stream) this.byAgent.delete(agentId);
    this.options.metrics.agentsConnected.set(this.byAgent.size);
  }

  /** After the credentials were reloaded: ends the streams whose token was removed. */
  revalidate(): number {
    let ended = 0;
    for (const stream of [...this.streams]) {
      if (!this.options.auth.stillValid(stream.agentIdentity)) {
        stream.abort('unauthenticated', new AuthError('UNAUTHENTICATED', 'agent token revoked'));
        ended++;
      }
    }
    return ended;
  }

  /**
   * Shutdown: refuses new streams, lets each stream finish and ack the batch in work, then ends
   * it with UNAVAILABLE so its agent reconnects elsewhere. Resolves when every stream has ended.
   */
  async drain(): Promise<void> {
    this.draining = true;
    const streams = [...this.streams];
    for (const stream of streams) stream.drain();
    await Promise.all(streams.map((s) => s.closed));
  }
}
