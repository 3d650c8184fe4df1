/**
 * Streams a simulated fleet through a real collector as its agents would, compressed in event
 * time: every node opens its Report stream with a hello (its inventory), then the fleet advances
 * in lockstep, `roundHours` of event time per round, each node sending that stretch as one batch
 * (split at `maxBatchSegments`) and waiting for its ack before the next round. Lockstep keeps the
 * fleet's event time consistent, so the detector judges every moment with the whole fleet's view
 * of it, as it would judge a live fleet.
 */
import type { Client } from '@grpc/grpc-js';
import type { IUsageSegment } from '../common/proto.js';
import { hourMs } from '../common/usage/usage-time.js';
import { AgentStream, telemetryClient } from './collector-connection.js';
import { segmentsOfRun, type FleetBuilder, type UsageRun } from './fleet-builder.js';

/** Report streams per HTTP/2 connection: under the collector's 64 concurrent streams each. */
const streamsPerConnection = 32;

/** What a replay takes when not told otherwise. */
export const replayDefaults = Object.freeze({
  /** Event time per round, hours (1..336: at most two weeks a round). */
  roundHours: 24,
  /** Segments per batch (the collector's limit is 10 000). */
  maxBatchSegments: 5000,
});

/** The problem with a round length in hours, or undefined when it is in 1..336. */
export function checkRoundHours(hours: number): string | undefined {
  return Number.isInteger(hours) && hours >= 1 && hours <= 24 * 14
    ? undefined
    : `expected 1..336, got ${hours}`;
}

export interface ReplayOptions {
  readonly fleet: FleetBuilder;
  /** Collector gRPC address, host:port. */
  readonly address: string;
  /** Distinguishes this replay's spools from an earlier one's (seq restarts at 1 per spool). */
  readonly spoolTag: string;
  /** Bearer token of an agent; undefined for an unauthenticated (loopback) collector. */
  readonly agentToken?: (agentId: string) => string | undefined;
  /** Event time per round, hours. Default replayDefaults.roundHours. */
  readonly roundHours?: number;
  /** Default replayDefaults.maxBatchSegments. */
  readonly maxBatchSegments?: number;
  /** Called after each round. */
  readonly onRound?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  readonly round: number;
  readonly rounds: number;
  /** End of the round's event time, unix ms. */
  readonly eventTimeMs: number;
  readonly segments: number;
  readonly batches: number;
}

/** Replays the fleet; resolves with the totals once every batch is acked and every stream closed. */
export async function replayFleet(options: ReplayOptions): Promise<ReplayProgress> {
  const { fleet } = options;
  const roundHours = options.roundHours ?? replayDefaults.roundHours;
  const maxBatch = options.maxBatchSegments ?? replayDefaults.maxBatchSegments;
  const runsByAgent = new Map<string, UsageRun[]>();
  for (const run of fleet.runs) {
    const list = runsByAgent.get(run.agentId) ?? [];
    list.push(run);
    runsByAgent.set(run.agentId, list);
  }
  const clients: Client[] = [];
  const streams = new Map<string, { stream: AgentStream; seq: number }>();
  let segments = 0;
  let batches = 0;
  const rounds = Math.ceil(fleet.hours / roundHours);
  try {
    for (const node of fleet.nodes) {
      if (!runsByAgent.has(node.agentId)) continue;
      if (streams.size % streamsPerConnection === 0) clients.push(telemetryClient(options.address));
      const client = clients[clients.length - 1] as Client;
      const stream = new AgentStream(client, options.agentToken?.(node.agentId), {
        agent_id: node.agentId,
        cluster: node.cluster,
        site: node.site,
        agent_version: 'gpuwatch-simulator',
        spool_id: `sim-${options.spoolTag}-${node.agentId}`,
        gpus: [...node.gpus],
      });
      streams.set(node.agentId, { stream, seq: 0 });
    }
    let progress: ReplayProgress = { round: 0, rounds, eventTimeMs: fleet.startMs, segments: 0, batches: 0 };
    for (let round = 0; round < rounds; round++) {
      const from = round * roundHours;
      const to = Math.min(fleet.hours, from + roundHours);
      await Promise.all(
        [...streams].map(async ([agentId, state]) => {
          const out: IUsageSegment[] = [];
          for (const run of runsByAgent.get(agentId) ?? []) segmentsOfRun(run, fleet.startMs, from, to, out);
          if (out.length === 0) return;
          // One allocation's segments go in start order (the collector's per-allocation watermark).
          out.sort((a, b) => Number(a.start_unix_ms) - Number(b.start_unix_ms));
          for (let i = 0; i < out.length; i += maxBatch) {
            state.seq += 1;
            batches += 1;
            const part = out.slice(i, i + maxBatch);
            segments += part.length;
            await state.stream.send(state.seq, part);
          }
        }),
      );
      progress = { round: round + 1, rounds, eventTimeMs: fleet.startMs + to * hourMs, segments, batches };
      options.onRound?.(progress);
    }
    await Promise.all([...streams.values()].map((s) => s.stream.close()));
    return progress;
  } finally {
    for (const client of clients) client.close();
  }
}
