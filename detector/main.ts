/**
 * `gpuwatch detector`: the composition root (docs/design.md §6). Reads the configuration (flag > env >
 * file > default) and the policy file, connects Redis, runs the evaluate worker and the sweep
 * schedule, serves /metrics and /healthz, and turns signals into actions: SIGTERM/SIGINT close
 * the worker within --shutdown-timeout and exit 0, SIGHUP reloads the policy and sweeps.
 */
import { Registry } from 'prom-client';
import { RedisAlertStore } from '../common/alerts/alert-store.js';
import { systemClock } from '../common/clock.js';
import { FleetWatermark } from '../common/usage/fleet-watermark.js';
import { positive } from '../common/config-schema.js';
import { checkHostPort, helpText, loadConfig, redactedConfig, type OptionSpecs } from '../common/config.js';
import { errorMessage, formatProblems, quote, ConfigError } from '../common/errors.js';
import { JsonLogger, type Logger, type LogLevel } from '../common/logger.js';
import { jsonProbe, metricsRoute, startProbeServer } from '../common/probe-server.js';
import { connectRedis } from '../common/redis.js';
import { RedisKeys } from '../common/redis-keys.js';
import { onSignals } from '../common/signals.js';
import { keyPrefixOption, logLevelOption, redisOption } from '../common/standard-options.js';
import {
  startAlertmanagerForwarding,
  type AlertmanagerForwarder,
} from './alertmanager/alertmanager-forwarder.js';
import { alertmanagerOptionSpecs } from './alertmanager/alertmanager-options.js';
import { deliveryOptionSpecs } from './delivery/delivery-options.js';
import { WebhookDelivery } from './delivery/webhook-delivery.js';
import { WebhookEndpoints } from './delivery/webhook-endpoints.js';
import { DetectorMetrics } from './detector-metrics.js';
import {
  EvaluationWorker,
  evaluationConcurrencyRange,
  evaluationWorkerDefaults,
} from './evaluation-worker.js';
import { Evaluator, defaultMaxSkewMs } from './evaluator.js';
import { RedisIdentityGraph } from './linkage/identity-graph.js';
import { linkPopulationInThread } from './linkage/linkage-thread.js';
import { defaultPolicyPath, loadPolicy, type Policy } from './policy.js';
import { RedisScreeningListStore, type ScreeningListStore } from './screening/screening-list-store.js';
import { RedisTenantProfileReader } from './tenant-profile-reader.js';
import { RedisUsageReader } from '../common/usage/usage-reader.js';

// Defaults and bounds come from the classes that use them; the rest are the detector's own.
export const detectorOptionSpecs = {
  redis: redisOption,
  keyPrefix: keyPrefixOption,
  metricsListen: {
    type: 'string',
    description: 'HTTP address for /metrics and /healthz (host:port)',
    default: '127.0.0.1:9466',
    check: checkHostPort,
  },
  policy: {
    type: 'string',
    description: 'policy file (YAML, or JSON by extension); reloaded on SIGHUP',
    default: defaultPolicyPath,
  },
  concurrency: {
    type: 'int',
    description: 'evaluations run at once',
    default: evaluationWorkerDefaults.concurrency,
    range: evaluationConcurrencyRange,
  },
  jobLockDuration: {
    type: 'duration',
    description:
      "how long an evaluation job stays locked to a detector without renewal: a killed detector's job goes to another after about this long",
    default: evaluationWorkerDefaults.lockDurationMs,
    range: positive,
  },
  sweepInterval: {
    type: 'duration',
    description: 'period of the sweep that re-evaluates every tenant',
    default: '15m',
    range: positive,
  },
  maxClockSkew: {
    type: 'duration',
    description: 'how far past the wall clock the event-time watermark may lie',
    default: defaultMaxSkewMs,
  },
  screeningCheckInterval: {
    type: 'duration',
    description:
      'how often the active screening list is checked for a new version (a change sweeps every tenant)',
    default: '30s',
    range: positive,
  },
  shutdownTimeout: {
    type: 'duration',
    description: 'how long SIGTERM waits for running evaluations',
    default: '10s',
    range: positive,
  },
  ...alertmanagerOptionSpecs,
  ...deliveryOptionSpecs,
  logLevel: logLevelOption,
} as const satisfies OptionSpecs;

const usage =
  'usage: gpuwatch detector --redis URL --policy deploy/policy.yaml [--metrics-listen host:port] [--key-prefix P] [--concurrency 2] [--sweep-interval 15m] [--log-level info]';

/**
 * Sweeps every tenant when the active screening list changes (`gpuwatch screening import`). Every
 * replica watches; the sweep request is deduplicated in the queue, so replicas that see the same
 * change at once ask for one sweep.
 */
function watchScreeningList(
  store: ScreeningListStore,
  worker: EvaluationWorker,
  logger: Logger,
  intervalMs: number,
  stop: AbortController,
): void {
  let known: string | undefined;
  let first = true;
  const check = async (): Promise<void> => {
    const version = (await store.info())?.version;
    if (!first && version !== known) {
      logger.info('screening list changed: sweeping every tenant', { version: version ?? '(none)' });
      await worker.requestSweep('screening');
    }
    first = false;
    known = version;
  };
  const timer = setInterval(() => {
    check().catch((err: unknown) => logger.warn('screening list not checked', { error: errorMessage(err) }));
  }, intervalMs);
  timer.unref();
  stop.signal.addEventListener('abort', () => clearInterval(timer));
  check().catch((err: unknown) => logger.warn('screening list not checked', { error: errorMessage(err) }));
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usage, detectorOptionSpecs));
    return 0;
  }
  const { config: options, positionals } = loadConfig(detectorOptionSpecs, args, env);
  if (positionals.length > 0) {
    throw new ConfigError([{ field: 'arguments', reason: `unexpected ${quote(positionals.join(' '))}` }]);
  }
  let policy: Policy = loadPolicy(options.policy);
  // Read before any connection opens: a bad endpoint file or secret is a config error (exit 78).
  const endpoints = new WebhookEndpoints({
    webhook: options.webhook,
    webhookSecretFile: options.webhookSecretFile,
    webhooks: options.webhooks,
    timeoutMs: options.webhookTimeout,
  });
  const logger = new JsonLogger({ level: options.logLevel as LogLevel }).child({ component: 'detector' });
  logger.info('configuration', {
    ...redactedConfig(detectorOptionSpecs, options),
    policyVersion: policy.version,
  });

  const redis = connectRedis(options.redis, { name: 'gpuwatch-detector' });
  const workerRedis = connectRedis(options.redis, {
    name: 'gpuwatch-detector-worker',
    maxRetriesPerRequest: null,
  });
  let redisDown = false;
  redis.on('error', (err: unknown) => {
    if (!redisDown) logger.warn('redis connection error', { error: errorMessage(err) });
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('redis connection restored');
    redisDown = false;
  });
  workerRedis.on('error', () => undefined);

  const keys = new RedisKeys(options.keyPrefix);
  const clock = systemClock;
  const registry = new Registry();
  // Read at scrape time only, after the worker below exists.
  const metrics = new DetectorMetrics(registry, (): Promise<number> => running.depth());
  metrics.watchRedis(() => redis.status === 'ready');
  metrics.watchAlerts(new RedisAlertStore({ redis, keys, clock }));
  const graph = new RedisIdentityGraph({ redis, keys });
  const screening = new RedisScreeningListStore({ redis, keys });
  const evaluator = new Evaluator({
    identityGraph: graph,
    linkPopulation: (linkage) => linkPopulationInThread(options.redis, options.keyPrefix, linkage),
    profiles: new RedisTenantProfileReader({ redis, keys }),
    usage: new RedisUsageReader({ redis, keys }),
    screening,
    alerts: new RedisAlertStore({ redis, keys, clock }),
    policy: () => policy,
    clock,
    fleetWatermark: new FleetWatermark({ redis, key: keys.fleetWatermark() }),
    maxSkewMs: options.maxClockSkew,
    onAlertEvent: (e) => metrics.alerts.inc({ rule: e.rule, severity: e.severity, event: e.event }),
  });
  const running: EvaluationWorker = new EvaluationWorker({
    redis,
    workerRedis,
    keys,
    evaluator,
    metrics,
    logger,
    clock,
    concurrency: options.concurrency,
    lockDurationMs: options.jobLockDuration,
    sweepIntervalMs: options.sweepInterval,
  });
  const delivery = new WebhookDelivery({
    redis,
    connect: (name) => {
      const connection = connectRedis(options.redis, { name, maxRetriesPerRequest: null });
      connection.on('error', () => undefined); // the main connection reports Redis trouble
      return connection;
    },
    keys,
    endpoints,
    registry,
    detectorMetrics: metrics,
    logger,
    clock,
    retryScale: options.webhookRetryScale,
    concurrency: options.webhookConcurrency,
  });

  const signals = onSignals(logger, () => {
    delivery.reload();
    try {
      const next = loadPolicy(options.policy);
      policy = next;
      logger.info('policy reloaded', { policyVersion: policy.version });
      running
        .requestSweep('policy')
        .catch((err: unknown) =>
          logger.warn('sweep after the policy reload not enqueued', { error: errorMessage(err) }),
        );
    } catch (err: unknown) {
      const detail = err instanceof ConfigError ? formatProblems(err.problems) : errorMessage(err);
      logger.error('policy not reloaded: the previous one stays in force', { problems: detail });
    }
  });
  let probes: Awaited<ReturnType<typeof startProbeServer>> | undefined;
  let alertmanager: AlertmanagerForwarder | undefined;
  const stopWatching = new AbortController();
  try {
    probes = await startProbeServer(
      options.metricsListen,
      {
        '/metrics': metricsRoute(registry),
        '/healthz': () => jsonProbe(true, { status: 'ok', policyVersion: policy.version }),
      },
      logger,
    );
    await running.start();
    await delivery.start();
    alertmanager = startAlertmanagerForwarding(options, { redis, keys, registry, logger, clock });
    watchScreeningList(screening, running, logger, options.screeningCheckInterval, stopWatching);
    logger.info('detector started', { metrics: probes.address, concurrency: options.concurrency });
    const signal = await signals.stop;
    logger.info('signal received', { signal });
    const clean = await running.close(options.shutdownTimeout);
    if (!clean) logger.warn('evaluations still running at the shutdown deadline: closed without them');
    return 0;
  } catch (err: unknown) {
    logger.error('detector failed', { error: errorMessage(err) });
    await running.close(options.shutdownTimeout).catch(() => undefined);
    return 1;
  } finally {
    await delivery.close(options.shutdownTimeout).catch(() => undefined);
    signals.remove();
    stopWatching.abort();
    await alertmanager?.close();
    await probes?.close();
    redis.disconnect();
    workerRedis.disconnect();
  }
}
