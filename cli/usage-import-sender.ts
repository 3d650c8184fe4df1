/**
 * Sends an ImportPlan through the collector's Telemetry stream, as agents do: per pseudo-agent its
 * streams one after the other (a hello, then batches, a few in flight), several pseudo-agents at
 * once. Every ack is matched to its batch, so each hour-piece ends up stored, duplicate or
 * rejected (with the collector's field and reason). A stream that fails on the way (collector
 * restarting, UNAVAILABLE) is opened again and the unacked batches resent: resending is safe, the
 * collector stores each segment once.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import type { IAck, IRejection } from '../common/proto.js';
import type { CollectorClient } from './collector-client.js';
import {
  pieceSegment,
  type AgentPlan,
  type ImportPlan,
  type Piece,
  type PlannedBatch,
} from './usage-import-plan.js';

/** What became of one batch. */
export interface BatchOutcome {
  readonly batch: PlannedBatch;
  readonly accepted: number;
  readonly rejected: readonly IRejection[];
}

export interface SendOptions {
  /** Pseudo-agents sending at once. */
  readonly streams: number;
  /** Batches in flight per stream. Default 4. */
  readonly window?: number;
  /** Longest wait for the next ack, ms. */
  readonly ackTimeoutMs: number;
  /** Attempts per stream before giving up. Default 5. */
  readonly attempts?: number;
  /** Called as batches are written and acked (progress). */
  readonly onSent?: (pieces: number) => void;
  readonly onAck?: (outcome: BatchOutcome) => void;
}

/** The import could not finish: the collector refused a stream or stayed unreachable. */
export class ImportSendError extends Error {}

const retryable = new Set<number>([
  status.UNAVAILABLE,
  status.ABORTED,
  status.DEADLINE_EXCEEDED,
  status.CANCELLED,
  status.INTERNAL,
  status.UNKNOWN,
  status.RESOURCE_EXHAUSTED,
]);

function describe(err: ServiceError | Error, address: string): string {
  if ('code' in err && typeof err.code === 'number') {
    return `collector at ${address} ended the stream with ${status[err.code] ?? err.code}: ${err.details}`;
  }
  return err.message;
}

/** Sends `batches` on one stream; resolves with the outcomes, or rejects with the outcomes so far. */
function sendOnStream(
  client: CollectorClient,
  hello: AgentPlan['streams'][number]['hello'],
  batches: readonly PlannedBatch[],
  options: SendOptions,
  outcomes: BatchOutcome[],
): Promise<void> {
  const window = options.window ?? 4;
  return new Promise((resolve, reject) => {
    const call = client.reportStream();
    let next = 0;
    let acked = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err === undefined) resolve();
      else reject(err);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        call.cancel();
        settle(
          Object.assign(new Error(`no ack from ${client.address} within ${options.ackTimeoutMs} ms`), {
            code: status.DEADLINE_EXCEEDED,
            details: 'ack timeout',
          }),
        );
      }, options.ackTimeoutMs);
    };
    const pump = (): void => {
      while (next < batches.length && next - acked < window) {
        const batch = batches[next++];
        if (batch === undefined) break;
        call.write({ batch: { seq: batch.seq, segments: batch.pieces.map((p: Piece) => pieceSegment(p)) } });
        options.onSent?.(batch.pieces.length);
      }
      if (acked === batches.length) {
        clearTimeout(timer);
        call.end();
      }
    };
    call.on('data', (message: { ack?: IAck | null }) => {
      const ack = message.ack;
      if (ack === undefined || ack === null) return;
      const batch = batches[acked];
      if (batch === undefined || Number(ack.seq ?? 0) !== batch.seq) {
        call.cancel();
        settle(
          new Error(
            `expected an ack for batch ${batch?.seq ?? '(none)'}, got one for seq ${String(ack.seq)}`,
          ),
        );
        return;
      }
      acked++;
      const outcome = { batch, accepted: ack.accepted ?? 0, rejected: ack.rejected ?? [] };
      outcomes.push(outcome);
      options.onAck?.(outcome);
      arm();
      pump();
    });
    call.on('error', (err: ServiceError) => {
      settle(err);
    });
    call.on('status', (s: { code: status }) => {
      if (s.code === status.OK) {
        if (acked === batches.length) settle();
        else settle(new Error(`collector ended the stream after ${acked} of ${batches.length} batches`));
      }
    });
    call.write({ hello });
    arm();
    pump();
  });
}

async function sendAgent(client: CollectorClient, agent: AgentPlan, options: SendOptions): Promise<void> {
  const attempts = options.attempts ?? 5;
  for (const stream of agent.streams) {
    let remaining = stream.batches;
    for (let attempt = 1; ; attempt++) {
      const outcomes: BatchOutcome[] = [];
      try {
        await sendOnStream(client, stream.hello, remaining, options, outcomes);
        break;
      } catch (err: unknown) {
        remaining = remaining.slice(outcomes.length);
        const e = err as ServiceError;
        const code = typeof e.code === 'number' ? e.code : status.UNKNOWN;
        if (!retryable.has(code) || attempt >= attempts) {
          throw new ImportSendError(`${agent.agentId}: ${describe(e, client.address)}`);
        }
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5000)));
      }
    }
  }
}

/** Sends the whole plan; rejects with ImportSendError when a pseudo-agent cannot finish. */
export async function sendPlan(
  client: CollectorClient,
  plan: ImportPlan,
  options: SendOptions,
): Promise<void> {
  let nextAgent = 0;
  let failure: Error | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const agent = plan.agents[nextAgent++];
      if (agent === undefined) return;
      try {
        await sendAgent(client, agent, options);
      } catch (err: unknown) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.streams) }, () => worker()));
  if (failure !== undefined) throw failure;
}
