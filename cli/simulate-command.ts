/**
 * `gpuwatch simulate --scenario NAME|all --seed N --collector host:port [--truth FILE] [--days N]`:
 * a synthetic provider streamed through a real collector (simulator/), and the ground truth of
 * what the detector should flag. Tokens come from files, never argv.
 */
import { readFileSync } from 'node:fs';
import { checkHostPort, helpText, loadConfig, type OptionSpecs } from '../common/config.js';
import { ConfigError, errorMessage, quote, type Problem } from '../common/errors.js';
import { checkRoundHours, replayDefaults } from '../simulator/fleet-replay.js';
import {
  checkDays,
  checkScenarioNames,
  maxDays,
  minDays,
  scenarioNames,
  simulationDefaults,
} from '../simulator/simulation.js';
import { runSimulation } from '../simulator/run-simulation.js';

export const optionSpecs = {
  scenario: {
    type: 'strings',
    description: `scenarios to simulate, comma-separated: all, or ${scenarioNames.join(', ')}`,
    default: simulationDefaults.scenarios,
    check: checkScenarioNames,
  },
  seed: {
    type: 'int',
    description: 'seed of the pseudo-random generator (same seed, same fleet)',
    default: simulationDefaults.seed,
  },
  days: {
    type: 'int',
    description: `days of usage, ending at the current hour (${minDays}..${maxDays})`,
    default: simulationDefaults.days,
    check: checkDays,
  },
  collector: {
    type: 'string',
    description: 'collector gRPC address (host:port)',
    default: '127.0.0.1:4317',
    check: checkHostPort,
  },
  adminTokenFile: { type: 'string', description: 'file holding the admin token (Tenants.Upsert)' },
  agentTokenFile: {
    type: 'string',
    description: "agent tokens, lines '<agent-id> <token>' (the collector's --agent-tokens-file)",
  },
  truth: { type: 'string', description: 'write the ground truth (JSON) to this file' },
  roundHours: {
    type: 'int',
    description: 'event time each replay round sends before the fleet moves on, hours',
    default: replayDefaults.roundHours,
    check: checkRoundHours,
  },
} as const satisfies OptionSpecs;

const usageLine =
  'usage: gpuwatch simulate [--scenario all|NAME,…] [--seed N] [--days 100] [--collector host:port] [--truth FILE] [--admin-token-file F] [--agent-token-file F]';

/** Parses `<agent-id> <token>` lines (blank lines and # comments skipped). */
export function parseAgentTokenFile(
  text: string,
  file: string,
): { tokens: Map<string, string>; problems: Problem[] } {
  const tokens = new Map<string, string>();
  const problems: Problem[] = [];
  text.split('\n').forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const parts = t.split(/\s+/);
    if (parts.length !== 2) {
      problems.push({
        field: `--agent-token-file ${file}:${i + 1}`,
        reason: "expected '<agent-id> <token>'",
      });
      return;
    }
    tokens.set(parts[0] ?? '', parts[1] ?? '');
  });
  return { tokens, problems };
}

function readSecretFile(field: string, path: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err: unknown) {
    problems.push({ field, reason: `cannot read ${quote(path)}: ${errorMessage(err)}` });
    return undefined;
  }
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLine, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const problems: Problem[] = [];
  if (positionals.length > 0)
    problems.push({ field: 'arguments', reason: `unexpected ${quote(positionals.join(' '))}` });
  const adminToken =
    config.adminTokenFile === undefined
      ? undefined
      : readSecretFile('--admin-token-file', config.adminTokenFile, problems)?.trim();
  let agentTokens: Map<string, string> | undefined;
  if (config.agentTokenFile !== undefined) {
    const text = readSecretFile('--agent-token-file', config.agentTokenFile, problems);
    if (text !== undefined) {
      const parsed = parseAgentTokenFile(text, config.agentTokenFile);
      problems.push(...parsed.problems);
      agentTokens = parsed.tokens;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  try {
    const report = await runSimulation({
      collector: config.collector,
      scenarios: config.scenario,
      seed: config.seed,
      days: config.days,
      roundHours: config.roundHours,
      ...(adminToken !== undefined ? { adminToken } : {}),
      ...(agentTokens !== undefined ? { agentTokens } : {}),
      ...(config.truth !== undefined ? { truthFile: config.truth } : {}),
      log: (line) => console.error(line),
    });
    const expected = report.truth.scenarios.reduce((n, s) => n + s.expect.length, 0);
    const decoys = report.truth.scenarios.reduce((n, s) => n + s.decoys.length, 0);
    console.log(
      `simulated ${report.tenants} tenants on ${report.nodes} nodes (${report.gpus} GPUs): ${report.replay.segments} segments in ${report.replay.batches} batches, ${(report.elapsedMs / 1000).toFixed(1)} s; ground truth: ${expected} expected findings, ${decoys} decoy groups${config.truth !== undefined ? ` (${config.truth})` : ''}`,
    );
    return 0;
  } catch (err: unknown) {
    console.error(`gpuwatch simulate: ${errorMessage(err)}`);
    return 1;
  }
}
