/**
 * One simulation run against a collector: build the fleet from the seed, upsert its tenants
 * through Tenants.Upsert, stream its usage through Telemetry.Report, and write the ground truth.
 * Shared by `gpuwatch simulate`, `gpuwatch demo` and the detection-quality benchmark.
 */
import { writeFileAtomic } from '../common/atomic-file.js';
import { hourMs } from '../common/usage/usage-time.js';
import { upsertTenants } from './collector-connection.js';
import { replayFleet, type ReplayProgress } from './fleet-replay.js';
import type { GroundTruth } from './ground-truth.js';
import { buildSimulation } from './simulation.js';

export interface RunSimulationOptions {
  /** Collector gRPC address, host:port. */
  readonly collector: string;
  readonly scenarios: readonly string[];
  readonly seed: number;
  readonly days?: number;
  /** End of the timeline; default the current wall-clock hour (the one clock read). */
  readonly endMs?: number;
  readonly adminToken?: string;
  /** Agent id → bearer token (the collector's --agent-tokens-file). */
  readonly agentTokens?: ReadonlyMap<string, string>;
  /** Where to write the ground truth as JSON; none when undefined. */
  readonly truthFile?: string;
  /** Event time per replay round, hours. Default replayDefaults.roundHours (fleet-replay.ts). */
  readonly roundHours?: number;
  /** Progress lines (stderr in the commands). */
  readonly log?: (line: string) => void;
}

export interface SimulationReport {
  readonly truth: GroundTruth;
  readonly tenants: number;
  readonly nodes: number;
  readonly gpus: number;
  readonly replay: ReplayProgress;
  readonly elapsedMs: number;
}

export async function runSimulation(options: RunSimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const endMs = options.endMs ?? Math.floor(Date.now() / hourMs) * hourMs;
  const { fleet, truth } = buildSimulation({
    scenarios: options.scenarios,
    seed: options.seed,
    endMs,
    ...(options.days !== undefined ? { days: options.days } : {}),
  });
  const gpus = fleet.nodes.reduce((n, node) => n + node.gpus.length, 0);
  if (options.truthFile !== undefined)
    await writeFileAtomic(options.truthFile, `${JSON.stringify(truth, null, 2)}\n`, 0o644);
  log(
    `simulate: seed ${options.seed}, ${truth.scenarios.length} scenario(s), ${fleet.tenants.length} tenants, ${fleet.nodes.length} nodes, ${gpus} GPUs, ${fleet.days} days ending ${new Date(endMs).toISOString()}`,
  );
  await upsertTenants(options.collector, options.adminToken, fleet.tenants);
  log(`simulate: ${fleet.tenants.length} tenant profiles upserted`);
  const tokens = options.agentTokens;
  let lastLogged = 0;
  const replay = await replayFleet({
    fleet,
    address: options.collector,
    spoolTag: `${options.seed}-${endMs}`,
    ...(options.roundHours !== undefined ? { roundHours: options.roundHours } : {}),
    ...(tokens !== undefined
      ? {
          agentToken: (agentId: string) => {
            const token = tokens.get(agentId);
            if (token === undefined)
              throw new Error(`agent token file has no token for agent ${JSON.stringify(agentId)}`);
            return token;
          },
        }
      : {}),
    onRound: (p) => {
      const now = performance.now();
      if (p.round === p.rounds || now - lastLogged > 2000) {
        lastLogged = now;
        log(
          `simulate: event time ${new Date(p.eventTimeMs).toISOString().slice(0, 13)}h (${p.round}/${p.rounds}), ${p.segments} segments acked`,
        );
      }
    },
  });
  return {
    truth,
    tenants: fleet.tenants.length,
    nodes: fleet.nodes.length,
    gpus,
    replay,
    elapsedMs: performance.now() - started,
  };
}
