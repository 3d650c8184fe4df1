/**
 * The collector assembled: the gRPC server (Telemetry, Tenants, Query, Health) with its
 * credentials and transport bounds, and the HTTP server for metrics and probes. Everything it
 * needs comes in through `CollectorDeps`, so tests run the real thing against an in-memory or a
 * real Redis store; main.ts alone reads the environment and installs signal handlers.
 */
import type { AlertReader } from '../common/alerts/alert-store.js';
import { performance } from 'node:perf_hooks';
import { Server, type ChannelOptions } from '@grpc/grpc-js';
import type { RedisClient } from '../common/redis.js';
import type { Registry } from 'prom-client';
import type { Clock } from '../common/clock.js';
import { beforeDeadline, timedOut } from '../common/deadline.js';
import type { Problem } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { healthDefinition, queryDefinition, tenantsDefinition } from '../common/proto.js';
import type { Authenticator } from './auth.js';
import type { EvaluationQueue } from './ingest/evaluation-queue.js';
import { HealthService } from './health-service.js';
import { startHttpServer, type RunningHttpServer } from './http-server.js';
import { joinHostPort, splitHostPort } from '../common/listen-address.js';
import { CollectorMetrics } from './metrics.js';
import { QueryService } from './query-service.js';
import { Readiness } from './readiness.js';
import { telemetryServerDefinition } from './ingest/telemetry-framing.js';
import { TelemetryService } from './ingest/telemetry-service.js';
import type { TenantStore } from './tenants/tenant-store.js';
import { TenantsService } from './tenants/tenants-service.js';
import { rejectingUndecodable, withUndecodableRequests } from './undecodable-request.js';
import { serverCredentials, type TlsFilesProvider } from './tls-credentials.js';
import { collectorDefaults, type CollectorConfig } from './collector-config.js';
import type { UsageStore } from './storage/usage-store.js';

// The servers' settings live with their defaults; re-exported for those who build a Collector.

export interface CollectorDeps {
  readonly usageStore: UsageStore;
  readonly tenantStore: TenantStore;
  /** Where Query.ListAlerts reads; undefined = it answers UNIMPLEMENTED. */
  readonly alertStore?: AlertReader | undefined;
  readonly queue: EvaluationQueue;
  readonly auth: Authenticator;
  /** TLS files; undefined = plaintext. */
  readonly tls?: TlsFilesProvider | undefined;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Client whose connection state decides readiness; undefined = always reachable (in-memory store). */
  readonly redis?: RedisClient | undefined;
  /** The store's durability report, for /readyz. */
  readonly durability?: (() => unknown) | undefined;
  /** Collect prom-client's default process metrics (default true; tests running many collectors turn it off). */
  readonly processMetrics?: boolean;
}

/**
 * gRPC's own cap on a received message, bytes: well above `--max-batch-bytes` (4 × it, and at
 * least 16 MiB more), so that an oversized batch reaches the handler and is refused there with a
 * message naming the flag and the limit (checkBatchEnvelope). grpc-js refuses a message past its
 * cap from the frame header, before the application sees it, with its own generic
 * RESOURCE_EXHAUSTED; the cap still bounds what one message can make the collector buffer.
 */
export function transportReceiveCapBytes(maxBatchBytes: number): number {
  return Math.max(4 * maxBatchBytes, maxBatchBytes + 16 * 1024 * 1024);
}

function channelOptions(config: CollectorConfig): ChannelOptions {
  return {
    'grpc.max_receive_message_length': transportReceiveCapBytes(config.limits.maxBatchBytes),
    // Find dead peers (a node that lost power holds no socket open forever): ping every minute,
    // drop a connection that does not answer in 20 s, and close connections idle for 5 minutes.
    // grpc-js has no ping-strike policy for clients; Node's HTTP/2 caps outstanding pings.
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_timeout_ms': 20_000,
    'grpc.max_connection_idle_ms': 300_000,
    // An agent needs one stream; admin tools a few. Bounds what one connection can open.
    'grpc.max_concurrent_streams': 64,
    // A Report stream lasts as long as its agent runs, so an L4 balancer (a Kubernetes Service)
    // never moves it: ageing connections out is what spreads agents over collectors added
    // since. The stream is cut after the grace; the agent resends what was not acked.
    ...(config.maxConnectionAgeMs !== undefined && config.maxConnectionAgeMs > 0
      ? {
          'grpc.max_connection_age_ms': config.maxConnectionAgeMs,
          'grpc.max_connection_age_grace_ms':
            config.maxConnectionAgeGraceMs ?? collectorDefaults.maxConnectionAgeGraceMs,
        }
      : {}),
  };
}

export class Collector {
  readonly metrics: CollectorMetrics;
  readonly readiness: Readiness;
  readonly telemetry: TelemetryService;
  private readonly health: HealthService;
  private readonly server: Server;
  private http: RunningHttpServer | undefined;
  private grpcPort = 0;
  private shuttingDown: Promise<void> | undefined;

  private constructor(
    private readonly config: CollectorConfig,
    private readonly deps: CollectorDeps,
  ) {
    const { logger, clock, auth, queue } = deps;
    this.metrics = new CollectorMetrics(deps.registry, { processMetrics: deps.processMetrics ?? true });
    this.readiness = new Readiness(deps.durability);
    if (deps.redis !== undefined) this.readiness.watchRedis(deps.redis);
    else this.readiness.setRedisReady(true);
    this.metrics.watchRedis(() => this.readiness.report().redis === 'ready');
    this.readiness.on('change', (ready) =>
      logger.info(ready ? 'ready' : 'not ready', { ...this.readiness.report() }),
    );

    this.telemetry = new TelemetryService({
      store: deps.usageStore,
      queue,
      auth,
      metrics: this.metrics,
      logger: logger.child({ component: 'telemetry' }),
      clock,
      limits: config.limits,
      helloTimeoutMs: config.helloTimeoutMs,
      storeTimeoutMs: config.storeTimeoutMs,
      maxStreams: config.maxStreams,
    });
    const tenants = new TenantsService({
      store: deps.tenantStore,
      queue,
      auth,
      logger: logger.child({ component: 'tenants' }),
      clock,
      storeTimeoutMs: config.storeTimeoutMs,
    });
    const query = new QueryService({
      store: deps.usageStore,
      alerts: deps.alertStore,
      auth,
      logger: logger.child({ component: 'query' }),
      clock,
      storeTimeoutMs: config.storeTimeoutMs,
    });
    this.health = new HealthService(this.readiness);

    this.server = new Server(channelOptions(config));
    this.server.addService(telemetryServerDefinition, { report: this.telemetry.report.bind(this.telemetry) });
    // Bytes that do not decode are answered INVALID_ARGUMENT with the reason, not grpc-js's INTERNAL.
    this.server.addService(withUndecodableRequests(tenantsDefinition), {
      upsert: rejectingUndecodable('UpsertTenantsRequest', tenants.upsert.bind(tenants)),
      get: rejectingUndecodable('GetTenantRequest', tenants.get.bind(tenants)),
    });
    this.server.addService(withUndecodableRequests(queryDefinition), {
      tenantUsage: rejectingUndecodable('TenantUsageRequest', query.tenantUsage.bind(query)),
      listAlerts: rejectingUndecodable('ListAlertsRequest', query.listAlerts.bind(query)),
    });
    this.server.addService(healthDefinition, this.health.handlers());
  }

  /** Binds both servers; rejects (and releases what it bound) when either address is taken. */
  static async start(config: CollectorConfig, deps: CollectorDeps): Promise<Collector> {
    const collector = new Collector(config, deps);
    try {
      collector.http = await startHttpServer(config.metricsListen, {
        registry: deps.registry,
        readiness: collector.readiness,
        logger: deps.logger.child({ component: 'http' }),
      });
      collector.grpcPort = await new Promise<number>((resolve, reject) => {
        collector.server.bindAsync(config.listen, serverCredentials(deps.tls), (err, port) =>
          err === null
            ? resolve(port)
            : reject(new Error(`cannot listen on ${config.listen}: ${err.message}`, { cause: err })),
        );
      });
    } catch (err: unknown) {
      collector.server.forceShutdown();
      await collector.http?.close();
      throw err;
    }
    collector.readiness.setListening(true);
    deps.logger.info('collector listening', {
      grpc: collector.grpcAddress,
      http: collector.httpAddress,
      tls: deps.tls !== undefined,
      mtls: deps.tls?.files.clientCaFile !== undefined,
    });
    return collector;
  }

  /** gRPC `host:port` as bound. */
  get grpcAddress(): string {
    return joinHostPort(splitHostPort(this.config.listen).host, this.grpcPort);
  }

  /** HTTP `host:port` as bound. */
  get httpAddress(): string {
    return this.http?.address ?? this.config.metricsListen;
  }

  /**
   * SIGHUP: re-reads token files and TLS files. On a problem the old credentials stay in force and
   * the problems are returned. Streams whose token was removed are ended.
   */
  reloadCredentials(): Problem[] {
    const problems = [...this.deps.auth.reload(), ...(this.deps.tls?.reload() ?? [])];
    if (problems.length === 0) {
      const ended = this.telemetry.revalidate();
      this.deps.logger.info('credentials reloaded', { streamsEnded: ended });
    }
    return problems;
  }

  /**
   * Graceful stop: not ready from now on; no new streams or connections; each stream acks the
   * batch in work and ends with UNAVAILABLE (its agent reconnects elsewhere); unary calls finish.
   * Whatever is still running after shutdownTimeoutMs is cut off. Safe to call twice.
   */
  shutdown(): Promise<void> {
    this.shuttingDown ??= this.stop();
    return this.shuttingDown;
  }

  private async stop(): Promise<void> {
    const { logger } = this.deps;
    const started = performance.now();
    logger.info('shutting down', {
      openStreams: this.telemetry.openStreams,
      timeoutMs: this.config.shutdownTimeoutMs,
    });
    this.readiness.startDraining();
    this.health.close();
    const serverClosed = new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    const outcome = await beforeDeadline(
      this.telemetry.drain().then(() => serverClosed),
      this.config.shutdownTimeoutMs,
    );
    if (outcome === timedOut) {
      logger.warn('shutdown deadline reached: cutting off the remaining calls', {
        openStreams: this.telemetry.openStreams,
      });
      this.server.forceShutdown();
    }
    await this.http?.close();
    logger.info('collector stopped', { ms: Math.round(performance.now() - started) });
  }
}
