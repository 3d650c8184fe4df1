/**
 * `gpuwatch agent`: the composition root. Reads the configuration (flag > env > file >
 * default, every problem at once, exit 78), builds the collection, the spool, the segment state
 * journal, the inventory holder, the transport and the loop — the runner owns the segment state
 * and makes each cycle durable; the transport reads the Hello's GPUs from the holder the runner
 * fills — serves /metrics, /healthz and /readyz, and turns signals into actions: SIGTERM/SIGINT close the
 * open segments, drain and exit 0; SIGHUP re-reads the token, TLS and lease files.
 *
 *   gpuwatch agent --once --dry-run [--lease-file F] …   one collection printed as JSON; nothing kept or sent
 *   gpuwatch agent --once --collector H:P --agent-id ID --spool-dir D …   one collection, delivered, exit
 *   gpuwatch agent --collector H:P --agent-id ID --spool-dir D …   the daemon
 */
import { positive, positiveInt } from '../common/config-schema.js';
import { accessSync, constants, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { systemClock } from '../common/clock.js';
import {
  checkHostPort,
  helpText,
  isLoopbackHost,
  loadConfig,
  type ConfigOf,
  type OptionSpecs,
} from '../common/config.js';
import { AppError, errorMessage, quote, type Problem } from '../common/errors.js';
import { JsonLogger, type LogLevel, type Logger } from '../common/logger.js';
import { collectProcessMetrics } from '../common/process-metrics.js';
import { onSignals } from '../common/signals.js';
import { logLevelOption } from '../common/standard-options.js';
import { startAgentHttpServer, type RunningAgentHttpServer } from './agent-http-server.js';
import { AgentRunner } from './agent-runner.js';
import { collectionOptionSpecs, createCollection, type CollectionConfig } from './collection-config.js';
import type { CollectionCycle } from './collection-cycle.js';
import { dryRunFailedExitCode, dryRunFailure, dryRunReport } from './dry-run-report.js';
import { InventoryHolder } from './inventory/inventory-holder.js';
import { JournaledSegmentStateStore, readStateForDryRun } from './segments/journaled-state-store.js';
import { emptySegmentState } from './segments/segment-state.js';
import { Spool } from './spool/spool.js';
import { checkFsyncMode, spoolDefaults, type FsyncMode } from './spool/spool-config.js';
import { RECORD_HEADER_BYTES } from './spool/spool-format.js';
import { Transport } from './transport/transport.js';
import { transportDefaults, type TransportTlsOptions } from './transport/transport-config.js';

const MiB = 1024 ** 2;

/** Name of the segment state file in the spool directory (agent/spool/spool-directory.ts lists it). */
export const segmentStateFileName = 'state-segments.json';

const grpcTargetScheme = /^(dns|ipv4|ipv6|unix|unix-abstract|xds):/;

/** `gpuwatch agent` options; the collection options of collection-config.ts are spread in. */
export const agentOptionSpecs = {
  collector: {
    type: 'string',
    description:
      'collector gRPC address: host:port, or a grpc-js target such as dns:///collector:4317 (required unless --dry-run)',
    check: (v: string) =>
      grpcTargetScheme.test(v) || checkHostPort(v) === undefined
        ? undefined
        : `expected host:port or a gRPC target such as dns:///collector.example:4317, got ${quote(v)}`,
  },
  agentId: {
    type: 'string',
    description:
      "this node's stable identity (Hello.agent_id; must match its token or certificate); required unless --dry-run",
    check: (v: string) =>
      /^[^\s\p{Cc}]{1,253}$/u.test(v)
        ? undefined
        : `expected 1-253 characters without spaces or control characters, got ${quote(v)}`,
  },
  spoolDir: {
    type: 'string',
    description:
      'directory of the on-disk spool and the segment state, one agent per directory (required unless --dry-run)',
  },
  interval: {
    type: 'duration',
    default: 60_000,
    description: 'collection period: each allocation gets one segment per interval',
    range: { min: 1000, max: 3_600_000 },
  },
  cluster: {
    type: 'string',
    default: transportDefaults.cluster,
    description: 'cluster name sent to the collector (Hello.cluster)',
  },
  site: {
    type: 'string',
    default: transportDefaults.site,
    description: 'data-centre/site code sent to the collector (Hello.site)',
  },
  metricsListen: {
    type: 'string',
    default: '127.0.0.1:9465',
    description: 'address of /metrics, /healthz and /readyz (host:port), or "off"',
    check: (v: string) => (v === 'off' ? undefined : checkHostPort(v)),
  },
  tls: {
    type: 'boolean',
    default: false,
    description:
      "TLS to the collector with the system's CA certificates (implied by --tls-ca and --tls-cert)",
  },
  tlsCa: {
    type: 'string',
    description: "PEM CA certificate(s) of the collector's certificate (turns TLS on)",
  },
  tlsCert: { type: 'string', description: 'PEM client certificate for mTLS (with --tls-key; turns TLS on)' },
  tlsKey: { type: 'string', description: 'PEM private key of --tls-cert' },
  tlsServerName: {
    type: 'string',
    description: "name to verify in the collector's certificate when it differs from the --collector host",
  },
  allowPlaintext: {
    type: 'boolean',
    default: false,
    description: 'allow plaintext gRPC to a non-loopback collector (a service mesh encrypts it)',
  },
  tokenFile: {
    type: 'string',
    description: "file holding this agent's bearer token; re-read on every connection and on SIGHUP",
  },
  spoolMaxBytes: {
    type: 'bytes',
    default: spoolDefaults.maxBytes,
    description: 'spool size bound; when full the oldest batches are dropped (counted and logged)',
    // Stricter than the spool's own floor (minSpoolMaxBytes, for tests): a real spool needs room for many batches.
    check: (v: number) => (v >= MiB ? undefined : `expected at least 1MiB, got ${v} bytes`),
  },
  spoolFsync: {
    type: 'string',
    default: spoolDefaults.fsync,
    description: 'when a spooled batch counts as written: always (exact across power loss), interval, never',
    check: checkFsyncMode,
  },
  maxBatchSegments: {
    type: 'int',
    default: 10_000,
    description: "segments per batch at most (the collector's --max-batch-segments)",
    range: positiveInt,
  },
  maxBatchBytes: {
    type: 'bytes',
    default: '1MiB',
    description: "encoded batch size at most; keep it under the collector's --max-batch-bytes (4MiB)",
    check: (v: number) => (v >= 4096 && v <= 64 * MiB ? undefined : `expected 4KiB..64MiB, got ${v} bytes`),
  },
  shutdownTimeout: {
    type: 'duration',
    default: '10s',
    description: 'on SIGTERM: time to close the open segments and get the spool acknowledged',
    range: positive,
  },
  onceTimeout: {
    type: 'duration',
    default: '30s',
    description: "with --once: how long to wait for the collector's acknowledgement",
    range: positive,
  },
  once: { type: 'boolean', default: false, description: 'collect once, deliver, wait for the ack, exit' },
  dryRun: {
    type: 'boolean',
    default: false,
    description:
      'collect once and print inventory, allocations and segments as JSON; nothing is kept or sent',
  },
  logLevel: logLevelOption,
  ...collectionOptionSpecs,
} as const satisfies OptionSpecs;

/** The resolved `gpuwatch agent` options. */
export type AgentConfig = ConfigOf<typeof agentOptionSpecs>;

function readable(path: string, flag: string, problems: Problem[]): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (err: unknown) {
    problems.push({ field: flag, reason: `cannot read ${quote(path)}: ${errorMessage(err)}` });
  }
}

/** The checks that span options, run in the same round as the per-option ones. */
function checkCombination(c: Partial<AgentConfig>): Problem[] {
  const problems: Problem[] = [];
  if (c.dryRun !== true) {
    for (const [key, flag] of [
      ['collector', 'collector'],
      ['agentId', 'agent-id'],
      ['spoolDir', 'spool-dir'],
    ] as const) {
      if (c[key] === undefined)
        problems.push({
          field: `--${flag}`,
          reason: `required: set the flag, GPUWATCH_${flag.replace(/-/g, '_').toUpperCase()}, or ${flag} in the config file (only --dry-run runs without it)`,
        });
    }
  }
  if ((c.tlsCert === undefined) !== (c.tlsKey === undefined))
    problems.push({
      field: c.tlsCert === undefined ? '--tls-key' : '--tls-cert',
      reason: 'mTLS needs both --tls-cert and --tls-key',
    });
  for (const [path, flag] of [
    [c.tlsCa, '--tls-ca'],
    [c.tlsCert, '--tls-cert'],
    [c.tlsKey, '--tls-key'],
  ] as const)
    if (path !== undefined) readable(path, flag, problems);
  if (c.tokenFile !== undefined) {
    try {
      // The token itself never appears in a message.
      if (readFileSync(c.tokenFile, 'utf8').trim() === '')
        problems.push({
          field: '--token-file',
          reason: `${quote(c.tokenFile)} is empty; expected the bearer token`,
        });
    } catch (err: unknown) {
      problems.push({
        field: '--token-file',
        reason: `cannot read ${quote(c.tokenFile)}: ${errorMessage(err)}`,
      });
    }
  }
  const tls = c.tls === true || c.tlsCa !== undefined || c.tlsCert !== undefined;
  if (
    c.dryRun !== true &&
    c.collector !== undefined &&
    !tls &&
    !isLoopbackHost(c.collector) &&
    c.allowPlaintext !== true
  )
    problems.push({
      field: '--collector',
      reason: `plaintext to the non-loopback collector ${quote(c.collector)}: set --tls (or --tls-ca, --tls-cert/--tls-key), or --allow-plaintext where a service mesh encrypts the traffic`,
    });
  return problems;
}

/** Resolves `gpuwatch agent` options; throws one ConfigError listing every problem. */
export function loadAgentConfig(args: readonly string[], env: NodeJS.ProcessEnv): AgentConfig {
  return loadConfig(agentOptionSpecs, args, env, { check: checkCombination }).config;
}

function agentVersion(): string {
  // dist/agent/main.js and agent/main.ts sit one or two levels below the package root.
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'gpuwatch' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; try the next level
    }
  }
  return '0.0.0-unknown';
}

function transportTls(c: AgentConfig): TransportTlsOptions | undefined {
  if (!c.tls && c.tlsCa === undefined && c.tlsCert === undefined) return undefined;
  return {
    ...(c.tlsCa !== undefined ? { caFile: c.tlsCa } : {}),
    ...(c.tlsCert !== undefined ? { certFile: c.tlsCert } : {}),
    ...(c.tlsKey !== undefined ? { keyFile: c.tlsKey } : {}),
    ...(c.tlsServerName !== undefined ? { serverName: c.tlsServerName } : {}),
  };
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (err) => (err ? reject(err) : resolve())),
  );
}

/**
 * `--dry-run`: one collection, printed; the spool directory (if any) is only read. Exits 69 when
 * nothing could be attributed for want of a source (dry-run-report.ts), still printing the report.
 */
async function dryRun(config: AgentConfig, logger: Logger): Promise<number> {
  const agentId = config.agentId ?? hostname();
  const { state, note } =
    config.spoolDir !== undefined
      ? await readStateForDryRun(join(config.spoolDir, segmentStateFileName))
      : { state: emptySegmentState, note: undefined };
  const collection = createCollection(config satisfies CollectionConfig, { clock: systemClock, logger });
  try {
    // Nothing is kept: the next state goes with the rest of the result.
    const result = await collection.collectOnce(state);
    await writeStdout(
      `${JSON.stringify(dryRunReport(agentId, result, note === undefined ? [] : [note]), null, 2)}\n`,
    );
    const failure = dryRunFailure(result, collection.sourceNames);
    if (failure === undefined) return 0;
    logger.error(`dry run failed: ${failure}`, {
      errors: result.errors.map((e) => `${e.source}: ${e.message}`),
    });
    return dryRunFailedExitCode;
  } finally {
    await collection.close();
  }
}

/** After a clean stop nothing should keep the process up; if something does (a hung tool), exit anyway. */
function exitIfStillRunning(logger: Logger): void {
  setTimeout(() => {
    logger.warn('something kept the process alive after shutdown; exiting');
    process.exit();
  }, 3000).unref();
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      helpText(
        'usage: gpuwatch agent --collector host:port --agent-id ID --spool-dir DIR [--interval 60s] [--lease-file F] [--kubelet-socket S] [--slurm] [--docker-socket S] [--once] [--dry-run] …\n' +
          '       gpuwatch agent --once --dry-run [source options]   (prints what it sees as JSON; --dry-run implies --once)',
        agentOptionSpecs,
      ),
    );
    return 0;
  }
  const config = loadAgentConfig(args, env);
  const logger = new JsonLogger({ level: config.logLevel as LogLevel }).child({ component: 'agent' });
  if (config.dryRun) return dryRun(config, logger);

  const { collector, agentId, spoolDir } = config;
  if (collector === undefined || agentId === undefined || spoolDir === undefined)
    throw new AppError(
      'INTERNAL',
      'agent: --collector, --agent-id and --spool-dir passed the check but are missing',
    );
  const version = agentVersion();
  logger.info('configuration', { ...config, version });
  const clock = systemClock;
  const registry = new Registry();
  collectProcessMetrics(registry);

  // Config problems in the source options (tenant maps, regexes) surface here, before any side effect on disk.
  const collection: CollectionCycle = createCollection(config, { clock, logger, registry });
  let spool: Spool;
  try {
    spool = await Spool.open({
      dir: spoolDir,
      maxBytes: config.spoolMaxBytes,
      fsync: config.spoolFsync as FsyncMode,
      logger,
      clock,
      registry,
    });
  } catch (err: unknown) {
    await collection.close();
    logger.error('cannot open the spool', { spoolDir, error: errorMessage(err) });
    return 1;
  }
  const stateStore = new JournaledSegmentStateStore({
    path: join(spoolDir, segmentStateFileName),
    spool,
    logger: logger.child({ component: 'segment-state' }),
  });
  // The runner fills it from each collection; the transport reads it for every Hello.
  const inventory = new InventoryHolder();
  const tls = transportTls(config);
  const transport = new Transport({
    target: collector,
    agentId,
    cluster: config.cluster,
    site: config.site,
    agentVersion: version,
    inventory: () => inventory.forHello(),
    spool,
    ...(tls !== undefined ? { tls } : {}),
    ...(config.tokenFile !== undefined ? { tokenFile: config.tokenFile } : {}),
    logger,
    clock,
    registry,
  });
  const runner = new AgentRunner({
    collection,
    spool,
    stateStore,
    transport,
    inventory,
    intervalMs: config.interval,
    batchLimits: {
      maxSegments: config.maxBatchSegments,
      // A batch is one spool record, and a record must fit in one spool file.
      maxBytes: Math.min(config.maxBatchBytes, spool.config.fileBytes - RECORD_HEADER_BYTES),
    },
    logger,
    registry,
    clock,
  });

  if (config.once) {
    const { cycle, delivered } = await runner.runOnce(config.onceTimeout);
    exitIfStillRunning(logger);
    if (cycle === 'failed') return 1;
    if (!delivered) {
      logger.warn('not acknowledged in time; the batches stay in the spool for the next run', {
        onceTimeoutMs: config.onceTimeout,
      });
      return 75;
    }
    logger.info('collected and delivered once');
    return 0;
  }

  let http: RunningAgentHttpServer | undefined;
  if (config.metricsListen !== 'off') {
    try {
      http = await startAgentHttpServer(config.metricsListen, {
        registry,
        health: () => runner.health(),
        logger,
      });
    } catch (err: unknown) {
      logger.error('cannot serve /metrics', { error: errorMessage(err) });
      await transport.stop({ drainTimeoutMs: 0 });
      await collection.close();
      await spool.close();
      return 1;
    }
  }
  const signals = onSignals(logger, () => {
    logger.info('SIGHUP: re-reading the token, TLS and lease files');
    if (config.tokenFile !== undefined) {
      try {
        if (readFileSync(config.tokenFile, 'utf8').trim() === '')
          logger.error('SIGHUP: the token file is empty; the collector will refuse this agent', {
            path: config.tokenFile,
          });
      } catch (err: unknown) {
        logger.error('SIGHUP: cannot read the token file', {
          path: config.tokenFile,
          error: errorMessage(err),
        });
      }
    }
    runner.reload();
  });
  try {
    runner.start();
    logger.info('agent running', {
      agentId,
      collector,
      intervalMs: config.interval,
      spoolId: spool.spoolId,
      ...(http !== undefined ? { http: http.address } : {}),
    });
    const signal = await signals.stop;
    logger.info('signal received; closing the open segments and draining', { signal });
    const { delivered } = await runner.shutdown(config.shutdownTimeout);
    logger.info('agent stopped', { delivered });
    return 0;
  } finally {
    signals.remove();
    await http?.close();
    exitIfStillRunning(logger);
  }
}
