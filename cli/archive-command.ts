/**
 * `gpuwatch archive --redis URL --dir DIR [--retention 7d] [--interval 60s] [--once]
 * [--key-prefix gpuwatch]`: the composition root of the audit archiver (collector/archive/audit-archiver.ts).
 * Runs a pass every interval until SIGTERM or SIGINT (or one pass with --once) and prints one
 * JSON line per pass on stdout. The collectors must run with archiving enabled, so that they
 * leave trimming the audit streams to this command.
 */
import { connectRedis, checkRedisUrl } from '../common/redis.js';
import { helpText, loadConfig, type OptionSpecs } from '../common/config.js';
import { errorMessage } from '../common/errors.js';
import { JsonLogger } from '../common/logger.js';
import { RedisKeys } from '../common/redis-keys.js';
import { AuditArchiver, auditArchiverDefaults } from '../collector/archive/audit-archiver.js';
import { keyPrefixOption, redisOption } from '../common/standard-options.js';

export const archiveOptions = {
  redis: {
    type: 'string',
    description: redisOption.description,
    required: true,
    check: (v: string) => checkRedisUrl(v),
  },
  dir: {
    type: 'string',
    description: 'directory of the archive: one <YYYY-MM-DD>.jsonl.gz per UTC day',
    required: true,
    check: (v: string) => (v.trim() === '' ? 'expected a directory, got ""' : undefined),
  },
  retention: {
    type: 'duration',
    description: 'archived segments stay in Redis this long before they are trimmed',
    default: auditArchiverDefaults.retentionMs,
  },
  interval: {
    type: 'duration',
    description: 'time between passes (without --once)',
    default: 60_000,
    range: { min: 10 },
  },
  once: { type: 'boolean', description: 'run one pass and exit', default: false },
  keyPrefix: keyPrefixOption,
  consumer: {
    type: 'string',
    description: 'consumer name in the "archive" group; keep it stable across restarts',
    default: auditArchiverDefaults.consumer,
  },
} as const satisfies OptionSpecs;

const usage =
  'usage: gpuwatch archive --redis URL --dir DIR [--retention 7d] [--interval 60s] [--once] [--key-prefix gpuwatch]';

/** Exit codes: 0 done (or stopped by a signal), 1 a --once pass failed, 78 bad configuration. */
export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usage, archiveOptions));
    return 0;
  }
  const { config } = loadConfig(archiveOptions, args, env);
  const logger = new JsonLogger({}, { component: 'archive' });
  const redis = connectRedis(config.redis, { name: 'gpuwatch-archive', commandTimeoutMs: 60_000 });
  redis.on('error', (err: unknown) => logger.warn('redis connection', { error: errorMessage(err) }));
  const archiver = new AuditArchiver({
    redis,
    keys: new RedisKeys(config.keyPrefix),
    dir: config.dir,
    retentionMs: config.retention,
    consumer: config.consumer,
    logger,
  });

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let exitCode = 0;
  try {
    while (!stop.signal.aborted) {
      try {
        const summary = await archiver.runOnce();
        process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...summary })}\n`);
      } catch (err: unknown) {
        logger.error('archive pass failed', { error: errorMessage(err) });
        if (config.once) exitCode = 1;
      }
      if (config.once) break;
      await sleep(config.interval, stop.signal);
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    redis.disconnect();
  }
  return exitCode;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
