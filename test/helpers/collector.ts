/**
 * The real collector (gRPC + HTTP servers) in the test process, on 127.0.0.1 port 0, with the
 * stores a test chooses: in memory by default, or the Redis ones on a test's own key prefix.
 *
 *     const c = await startTestCollector();                         // in-memory stores
 *     const c = await startTestCollector({ redis: t.redis, keys: t.keys });  // RedisUsageStore …
 *     try { … c.address … } finally { await c.stop(); }
 */
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisClient } from '../../common/redis.js';
import { Registry } from 'prom-client';
import { systemClock, type Clock } from '../../common/clock.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { Authenticator, type AuthenticatorOptions } from '../../collector/auth.js';
import type { CollectorConfig } from '../../collector/collector-config.js';
import { Collector } from '../../collector/collector-server.js';
import {
  BullEvaluationQueue,
  InMemoryEvaluationQueue,
  type EvaluationQueue,
} from '../../collector/ingest/evaluation-queue.js';
import { InMemoryUsageStore } from '../../collector/storage/in-memory-usage-store.js';
import { RedisTenantStore } from '../../collector/tenants/redis-tenant-store.js';
import { RedisUsageStore } from '../../collector/storage/redis-usage-store.js';
import { defaultValidationLimits } from '../../collector/ingest/segment-validation.js';
import type { StoredTenant, TenantInput, TenantStore } from '../../collector/tenants/tenant-store.js';
import type { TlsFilesProvider } from '../../collector/tls-credentials.js';
import type { UsageStore } from '../../collector/storage/usage-store.js';

/** Tenants in a Map, stored as given (no digests): for protocol tests that do not look at Redis. */
export class MapTenantStore implements TenantStore {
  readonly tenants = new Map<string, StoredTenant>();
  upsert(tenants: readonly TenantInput[]): Promise<void> {
    for (const t of tenants) this.tenants.set(t.tenant_id, t);
    return Promise.resolve();
  }
  get(tenantId: string): Promise<StoredTenant | undefined> {
    return Promise.resolve(this.tenants.get(tenantId));
  }
}

export interface TestCollectorOptions {
  /** Use the Redis stores and the BullMQ queue on this client and key prefix. */
  readonly redis?: RedisClient;
  readonly keys?: RedisKeys;
  /** Overrides the usage store (e.g. one that fails on demand). */
  readonly usageStore?: UsageStore;
  readonly auth?: Partial<AuthenticatorOptions>;
  readonly tls?: TlsFilesProvider;
  readonly config?: Partial<CollectorConfig>;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface TestCollector {
  readonly collector: Collector;
  /** gRPC `127.0.0.1:port`. */
  readonly address: string;
  /** HTTP base URL, `http://127.0.0.1:port`. */
  readonly httpUrl: string;
  readonly usageStore: UsageStore;
  readonly tenantStore: TenantStore;
  readonly queue: EvaluationQueue;
  readonly registry: Registry;
  stop(): Promise<void>;
}

export const testHmacKey = Buffer.from('test-hmac-key-0123456789abcdef0123456789');

export async function startTestCollector(options: TestCollectorOptions = {}): Promise<TestCollector> {
  const clock = options.clock ?? systemClock;
  const redis = options.redis;
  const keys = options.keys;
  const usageStore =
    options.usageStore ??
    (redis !== undefined && keys !== undefined
      ? new RedisUsageStore({ redis, keys, durability: 'none' })
      : new InMemoryUsageStore());
  const tenantStore =
    redis !== undefined && keys !== undefined
      ? new RedisTenantStore({ redis, keys, hmacKey: testHmacKey })
      : new MapTenantStore();
  const queue =
    redis !== undefined && keys !== undefined
      ? new BullEvaluationQueue({ redis, keys, clock })
      : new InMemoryEvaluationQueue(clock);
  const { authenticator, problems } = Authenticator.load({ clientCertificates: false, ...options.auth });
  if (problems.length > 0) throw new Error(`test credentials: ${JSON.stringify(problems)}`);
  const registry = new Registry();
  const config: CollectorConfig = {
    listen: '127.0.0.1:0',
    metricsListen: '127.0.0.1:0',
    limits: defaultValidationLimits,
    helloTimeoutMs: 30_000,
    storeTimeoutMs: 10_000,
    maxStreams: 1000,
    shutdownTimeoutMs: 10_000,
    ...options.config,
  };
  const collector = await Collector.start(config, {
    usageStore,
    tenantStore,
    alertStore:
      redis !== undefined && keys !== undefined ? new RedisAlertStore({ redis, keys, clock }) : undefined,
    queue,
    auth: authenticator,
    tls: options.tls,
    registry,
    logger: options.logger ?? silentLogger,
    clock,
    redis,
    durability: usageStore instanceof RedisUsageStore ? () => usageStore.durabilityReport() : undefined,
    processMetrics: false,
  });
  return {
    collector,
    address: collector.grpcAddress,
    httpUrl: `http://${collector.httpAddress}`,
    usageStore,
    tenantStore,
    queue,
    registry,
    stop: async () => {
      await collector.shutdown();
      await queue.close();
    },
  };
}

/** Writes `content` to a new file in a fresh temporary directory; returns its path. */
export function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-test-'));
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}
