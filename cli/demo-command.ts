/**
 * `gpuwatch demo [--keep] [--redis URL] [--seed N]`: the whole local stack with a simulated fleet
 * (simulator/demo/): Redis, a collector, a detector, a webhook receiver, the sample screening list,
 * months of usage through the collector, and the alerts against the ground truth. Cleans up
 * everything it started unless --keep, which keeps the stack running until Ctrl-C.
 */
import { helpText, loadConfig, type OptionSpecs } from '../common/config.js';
import { ConfigError, errorMessage, quote } from '../common/errors.js';
import { checkRedisUrl } from '../common/redis.js';
import { formatDemoReport } from '../simulator/demo/demo-report.js';
import { runDemo } from '../simulator/demo/demo-run.js';
import { checkScenarioNames, scenarioNames, simulationDefaults } from '../simulator/simulation.js';

export const optionSpecs = {
  keep: {
    type: 'boolean',
    description: 'keep the stack running after the report, until Ctrl-C',
    default: false,
  },
  redis: {
    type: 'string',
    description:
      'Redis URL to use (keys under a fresh prefix, deleted at the end); default: the local one if it answers, else a private redis-server',
    check: checkRedisUrl,
  },
  seed: { type: 'int', description: 'seed of the simulated fleet', default: simulationDefaults.seed },
  scenario: {
    type: 'strings',
    description: `scenarios to run: all, or some of ${scenarioNames.join(', ')}`,
    default: simulationDefaults.scenarios,
    check: checkScenarioNames,
  },
  json: { type: 'boolean', description: 'print the score as JSON instead of the table', default: false },
} as const satisfies OptionSpecs;

const usageLine = 'usage: gpuwatch demo [--keep] [--redis URL] [--seed N] [--scenario all|NAME,…] [--json]';

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLine, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  if (positionals.length > 0)
    throw new ConfigError([{ field: 'arguments', reason: `unexpected ${quote(positionals.join(' '))}` }]);
  let result: Awaited<ReturnType<typeof runDemo>>;
  // Ctrl-C while it runs stops what the demo started (children, temp files, its Redis keys).
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    result = await runDemo({
      seed: config.seed,
      scenarios: config.scenario,
      ...(config.redis !== undefined ? { redis: config.redis } : {}),
      log: (line) => console.error(line),
      signal: interrupt.signal,
    });
  } catch (err: unknown) {
    console.error(`gpuwatch demo: ${errorMessage(err)}`);
    return interrupt.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (config.json) {
    console.log(
      JSON.stringify({
        rules: result.score.rules,
        missed: result.score.missed,
        falseAlarms: result.score.falseAlarms,
        webhooks: result.webhooks === undefined ? null : Object.fromEntries(result.webhooks),
        elapsedMs: Math.round(result.elapsedMs),
        keyPrefix: result.stack.keyPrefix,
        privateRedis: result.stack.privateRedis,
      }),
    );
  } else {
    console.log(formatDemoReport(result, config.keep));
  }
  if (config.keep) {
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  }
  await result.cleanup();
  const ok = result.score.missed.length === 0 && result.score.falseAlarms.length === 0;
  return ok ? 0 : 1;
}
