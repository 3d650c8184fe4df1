/**
 * `gpuwatch collector`: the composition root. Reads the configuration (flag > env > file >
 * default), refuses to start insecurely, connects Redis, builds the stores and the servers, and
 * turns signals into actions: SIGTERM/SIGINT drain and exit 0, SIGHUP reloads credentials.
 */
import { readFileSync } from 'node:fs';
import { systemClock } from '../common/clock.js';
import { beforeDeadline } from '../common/deadline.js';
import {
  checkHostPort,
  helpText,
  isLoopbackHost,
  loadConfig,
  redactedConfig,
  type ConfigOf,
  type OptionSpecs,
} from '../common/config.js';
import { ConfigError, errorMessage, formatProblems, quote, type Problem } from '../common/errors.js';
import { JsonLogger, type LogLevel } from '../common/logger.js';
import { onSignals } from '../common/signals.js';
import { keyPrefixOption, logLevelOption, redisOption } from '../common/standard-options.js';
import { nonNegative, positive } from '../common/config-schema.js';
import { connectRedis } from '../common/redis.js';
import { RedisAlertStore } from '../common/alerts/alert-store.js';
import { RedisKeys } from '../common/redis-keys.js';
import { Registry } from 'prom-client';
import { Authenticator } from './auth.js';
import { collectorDefaults, type CollectorConfig } from './collector-config.js';
import { Collector } from './collector-server.js';
import { BullEvaluationQueue } from './ingest/evaluation-queue.js';
import { RedisTenantStore } from './tenants/redis-tenant-store.js';
import { checkDurabilityMode, type DurabilityMode } from './storage/durability.js';
import { RedisUsageStore } from './storage/redis-usage-store.js';
import { checkRetentionMs, redisUsageStoreDefaults } from './storage/redis-usage-store-config.js';
import { defaultValidationLimits, type ValidationLimits } from './ingest/segment-validation.js';
import { TlsFilesProvider } from './tls-credentials.js';

// Defaults come from the classes that use the values (CONVENTIONS: config stated once), written
// as the flags take them so that --help and docs/configuration.md read "7d", not 604800000.
const storeDefaults = redisUsageStoreDefaults;
const limitDefaults = defaultValidationLimits;

export const collectorOptionSpecs = {
  listen: {
    type: 'string',
    description: 'gRPC address for agents and admin tools (host:port)',
    default: collectorDefaults.listen,
    check: checkHostPort,
  },
  metricsListen: {
    type: 'string',
    description: 'HTTP address for /metrics, /healthz and /readyz (host:port)',
    default: collectorDefaults.metricsListen,
    check: checkHostPort,
  },
  redis: redisOption,
  keyPrefix: keyPrefixOption,
  agentTokensFile: {
    type: 'string',
    description:
      'per-agent bearer tokens: lines "<agent-id> <token>" (# comments) or a JSON object; reloaded on SIGHUP',
  },
  adminTokenFile: {
    type: 'string',
    description: 'file holding the admin token that Tenants and Query calls need; reloaded on SIGHUP',
  },
  tlsCert: { type: 'string', description: 'PEM certificate chain of the collector (enables TLS)' },
  tlsKey: { type: 'string', description: 'PEM private key of the collector' },
  tlsClientCa: {
    type: 'string',
    description: "PEM CA of agents' client certificates (mTLS: the certificate's CN or SAN is the agent id)",
  },
  allowPlaintext: {
    type: 'boolean',
    description: 'allow plaintext gRPC on a non-loopback address (behind a TLS-terminating proxy)',
    default: false,
  },
  hmacKey: {
    type: 'string',
    description: "key of the HMAC digests of tenants' linkage attributes",
    secret: true,
  },
  hmacKeyFile: { type: 'string', description: 'file holding the HMAC key (instead of GPUWATCH_HMAC_KEY)' },
  maxSegmentLength: {
    type: 'duration',
    description: 'longest usage segment accepted',
    default: limitDefaults.maxSegmentMs,
    range: positive,
  },
  maxClockSkew: {
    type: 'duration',
    description: "how far a segment's end may lie past the collector's clock",
    default: limitDefaults.maxClockSkewMs,
  },
  maxSegmentAge: {
    type: 'duration',
    description: 'oldest segment start accepted',
    default: limitDefaults.maxSegmentAgeMs,
    range: positive,
  },
  maxBatchSegments: {
    type: 'int',
    description: 'segments per batch at most',
    default: limitDefaults.maxSegmentsPerBatch,
    range: positive,
  },
  maxBatchBytes: {
    type: 'bytes',
    description: 'encoded size of a batch at most',
    default: limitDefaults.maxBatchBytes,
    check: (v: number) =>
      v >= 1024 && v <= 64 * 1024 * 1024 ? undefined : `expected 1KiB..64MiB, got ${v} bytes`,
  },
  auditRetention: {
    type: 'duration',
    description: 'how long raw segments stay in the audit streams (ignored with --archive)',
    default: storeDefaults.auditRetentionMs,
    check: checkRetentionMs,
  },
  archive: {
    type: 'boolean',
    description: '`gpuwatch archive` drains the audit streams: never trim them before it has',
    default: storeDefaults.archiveEnabled,
  },
  durability: {
    type: 'string',
    description: 'how acks are made durable: auto (WAITAOF where available), waitaof, none',
    default: storeDefaults.durability,
    check: checkDurabilityMode,
  },
  shutdownTimeout: {
    type: 'duration',
    description: 'how long SIGTERM waits for in-flight batches before cutting them off',
    default: collectorDefaults.shutdownTimeoutMs,
    range: positive,
  },
  maxConnectionAge: {
    type: 'duration',
    description:
      'GOAWAY to a client connection this old (±10 % jitter): agents reconnect and a load balancer spreads them over the collectors (0 = never)',
    default: collectorDefaults.maxConnectionAgeMs,
    range: nonNegative,
  },
  maxConnectionAgeGrace: {
    type: 'duration',
    description: 'after that GOAWAY, how long open streams may finish before they are cut',
    default: collectorDefaults.maxConnectionAgeGraceMs,
    range: positive,
  },
  redisCommandTimeout: {
    type: 'duration',
    description: 'a Redis command without a reply after this fails (and its batch is not acked)',
    default: '5s',
    range: positive,
  },
  storeTimeout: {
    type: 'duration',
    description: 'longest wait for storage on one batch or request before the stream ends UNAVAILABLE',
    default: collectorDefaults.storeTimeoutMs,
    range: positive,
  },
  helloTimeout: {
    type: 'duration',
    description: 'time a new stream has to send its hello',
    default: collectorDefaults.helloTimeoutMs,
    range: positive,
  },
  maxStreams: {
    type: 'int',
    description: 'open agent streams at most',
    default: collectorDefaults.maxStreams,
    range: positive,
  },
  logLevel: logLevelOption,
} as const satisfies OptionSpecs;

type Options = ConfigOf<typeof collectorOptionSpecs>;

/** Key used on loopback when none is configured: digests are then only good for development. */
const devHmacKey = 'gpuwatch-development-key-not-for-production';
/** Shortest HMAC key accepted. */
const minHmacKeyChars = 32;

interface Checked {
  readonly hmacKey: string;
  readonly devKey: boolean;
  readonly auth: Authenticator;
  readonly tls: TlsFilesProvider | undefined;
}

/** The checks that span options and files. Every problem is collected; the caller throws them all. */
function checkCombination(o: Options, problems: Problem[]): Checked {
  const loopback = isLoopbackHost(o.listen);
  const where = `--listen ${o.listen}`;

  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) {
    problems.push({
      field: o.tlsCert === undefined ? '--tls-cert' : '--tls-key',
      reason: 'TLS needs both --tls-cert and --tls-key',
    });
  }
  if (o.tlsClientCa !== undefined && o.tlsCert === undefined) {
    problems.push({ field: '--tls-client-ca', reason: 'mTLS needs TLS: set --tls-cert and --tls-key too' });
  }
  let tls: TlsFilesProvider | undefined;
  if (o.tlsCert !== undefined && o.tlsKey !== undefined) {
    const loaded = TlsFilesProvider.load({
      certFile: o.tlsCert,
      keyFile: o.tlsKey,
      clientCaFile: o.tlsClientCa,
    });
    problems.push(...loaded.problems);
    tls = loaded.provider;
  }

  const { authenticator, problems: authProblems } = Authenticator.load({
    agentTokensFile: o.agentTokensFile,
    adminTokenFile: o.adminTokenFile,
    clientCertificates: o.tlsClientCa !== undefined && o.tlsCert !== undefined,
  });
  problems.push(...authProblems);

  if (!loopback) {
    if (o.agentTokensFile === undefined && o.tlsClientCa === undefined) {
      problems.push({
        field: where,
        reason:
          'a non-loopback address needs agent credentials: set --agent-tokens-file or --tls-client-ca (with --tls-cert and --tls-key)',
      });
    }
    if (o.adminTokenFile === undefined) {
      problems.push({
        field: where,
        reason:
          'a non-loopback address needs --admin-token-file (Tenants and Query calls need the admin token)',
      });
    }
    if (o.tlsCert === undefined && !o.allowPlaintext) {
      problems.push({
        field: where,
        reason:
          'plaintext on a non-loopback address: set --tls-cert and --tls-key, or --allow-plaintext behind a TLS-terminating proxy',
      });
    }
  }

  let hmacKey = o.hmacKey;
  if (o.hmacKey !== undefined && o.hmacKeyFile !== undefined) {
    problems.push({
      field: '--hmac-key-file',
      reason: 'set either GPUWATCH_HMAC_KEY or --hmac-key-file, not both',
    });
  } else if (o.hmacKeyFile !== undefined) {
    try {
      hmacKey = readFileSync(o.hmacKeyFile, 'utf8').trim();
    } catch (err: unknown) {
      problems.push({
        field: '--hmac-key-file',
        reason: `cannot read ${quote(o.hmacKeyFile)}: ${errorMessage(err)}`,
      });
    }
  }
  if (hmacKey !== undefined && hmacKey.length < minHmacKeyChars) {
    problems.push({
      field: o.hmacKeyFile !== undefined ? `--hmac-key-file ${o.hmacKeyFile}` : 'GPUWATCH_HMAC_KEY',
      reason: `expected a key of at least ${minHmacKeyChars} characters, got ${hmacKey.length}`,
    });
  }
  if (hmacKey === undefined && !loopback) {
    problems.push({
      field: where,
      reason: 'a non-loopback address needs the HMAC key: set GPUWATCH_HMAC_KEY or --hmac-key-file',
    });
  }
  return { hmacKey: hmacKey ?? devHmacKey, devKey: hmacKey === undefined, auth: authenticator, tls };
}

function limitsOf(o: Options): ValidationLimits {
  return {
    ...limitDefaults,
    maxSegmentMs: o.maxSegmentLength,
    maxClockSkewMs: o.maxClockSkew,
    maxSegmentAgeMs: o.maxSegmentAge,
    maxSegmentsPerBatch: o.maxBatchSegments,
    maxBatchBytes: o.maxBatchBytes,
  };
}

/** Resolves `gpuwatch collector` options; throws ConfigError listing every problem. */
export function loadCollectorConfig(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { options: Options; config: CollectorConfig; checked: Checked } {
  const { config: options } = loadConfig(collectorOptionSpecs, args, env);
  const problems: Problem[] = [];
  const checked = checkCombination(options, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const config: CollectorConfig = Object.freeze({
    listen: options.listen,
    metricsListen: options.metricsListen,
    limits: Object.freeze(limitsOf(options)),
    helloTimeoutMs: options.helloTimeout,
    storeTimeoutMs: options.storeTimeout,
    maxStreams: options.maxStreams,
    shutdownTimeoutMs: options.shutdownTimeout,
    maxConnectionAgeMs: options.maxConnectionAge,
    maxConnectionAgeGraceMs: options.maxConnectionAgeGrace,
  });
  return { options, config, checked };
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      helpText(
        'usage: gpuwatch collector [--listen host:port] [--redis URL] [--agent-tokens-file F] [--admin-token-file F] [--tls-cert F --tls-key F [--tls-client-ca F]] …',
        collectorOptionSpecs,
      ),
    );
    return 0;
  }
  const { options, config, checked } = loadCollectorConfig(args, env);
  const logger = new JsonLogger({ level: options.logLevel as LogLevel }).child({ component: 'collector' });
  logger.info('configuration', { ...redactedConfig(collectorOptionSpecs, options) });
  if (checked.devKey) {
    logger.warn(
      'no HMAC key configured: using the built-in development key (loopback only); set GPUWATCH_HMAC_KEY or --hmac-key-file for real data',
    );
  }
  if (isLoopbackHost(options.listen) && checked.auth.agentsAnonymous) {
    logger.warn('no agent credentials configured: unauthenticated agents are accepted (loopback only)');
  }

  const redis = connectRedis(options.redis, {
    name: 'gpuwatch-collector',
    commandTimeoutMs: options.redisCommandTimeout,
  });
  // ioredis reports every failed reconnect; say it once per outage, not every 2 s.
  let redisDown = false;
  redis.on('error', (err: unknown) => {
    if (!redisDown) logger.warn('redis connection error', { error: errorMessage(err) });
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('redis connection restored');
    redisDown = false;
  });

  const keys = new RedisKeys(options.keyPrefix);
  const clock = systemClock;
  const usageStore = new RedisUsageStore({
    redis,
    keys,
    logger: logger.child({ component: 'usage-store' }),
    auditRetentionMs: options.auditRetention,
    archiveEnabled: options.archive,
    durability: options.durability as DurabilityMode,
  });
  const tenantStore = new RedisTenantStore({ redis, keys, hmacKey: Buffer.from(checked.hmacKey, 'utf8') });
  const queue = new BullEvaluationQueue({ redis, keys, clock });
  // Detect durability now so the log and /readyz say it before the first batch; Redis may be down.
  usageStore.checkDurability().catch((err: unknown) => {
    logger.warn('durability not checked yet (Redis unreachable); checked again before the first ack', {
      error: errorMessage(err),
    });
  });

  let collector: Collector | undefined;
  const signals = onSignals(logger, () => {
    const problems = collector?.reloadCredentials() ?? [];
    if (problems.length > 0) {
      logger.error('credentials not reloaded: the previous ones stay in force', {
        problems: formatProblems(problems),
      });
    }
  });
  try {
    collector = await Collector.start(config, {
      usageStore,
      tenantStore,
      alertStore: new RedisAlertStore({ redis, keys, clock }),
      queue,
      auth: checked.auth,
      tls: checked.tls,
      registry: new Registry(),
      logger,
      clock,
      redis,
      durability: () => usageStore.durabilityReport(),
    });
    const signal = await signals.stop;
    logger.info('signal received', { signal });
    await collector.shutdown();
    return 0;
  } catch (err: unknown) {
    logger.error('collector failed', { error: errorMessage(err) });
    return 1;
  } finally {
    signals.remove();
    // BullMQ's close waits for its connection; with Redis down that could be forever.
    await beforeDeadline(
      queue.close().catch(() => undefined),
      2000,
    );
    redis.disconnect();
  }
}
