/**
 * Where linkage reads the identity graph from: each tenant's linkage values (profile digests and
 * the digests of the workload fingerprints it ran) and, per value, the tenants holding it (the
 * identity index). RedisIdentityGraph reads what the collector wrote (docs/design.md §5);
 * InMemoryIdentityGraph holds the same in memory for tests and the benchmark.
 */
import type { ChainableCommander } from 'ioredis';
import { crossSlotPipeline, type RedisClient } from '../../common/redis.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { parseProfileIdentities } from '../../common/tenants/tenant-profiles.js';
import { workloadFingerprintDigest } from '../../common/tenants/workload-fingerprints.js';
import type { TenantIdentity } from '../model.js';
import { valueKey, type TenantNode } from './link-scoring.js';

/** Pipelines RedisIdentityGraph keeps in flight while reading many tenants. */
const pipelinesInFlight = 4;

/** A linkage value: kind and digest. */
export type IdentityValue = Pick<TenantIdentity, 'kind' | 'digest'>;

/** What linkage needs to read; every method answers many items in one call. */
export interface IdentityGraphSource {
  /** The nodes of these tenants, in their order (an unknown tenant has no identities). */
  nodes(tenantIds: readonly string[]): Promise<TenantNode[]>;
  /** How many tenants hold each value, in the order given. */
  holderCounts(values: readonly IdentityValue[]): Promise<number[]>;
  /** The tenants holding each value (any order), in the order given. */
  holders(values: readonly IdentityValue[]): Promise<string[][]>;
  /** Every tenant id (with usage or a profile), for a sweep. */
  allTenantIds(): Promise<string[]>;
}

/** Options of RedisIdentityGraph. */
export interface RedisIdentityGraphOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Commands per pipeline (one round trip each). Default 1000. */
  readonly pipelineSize?: number;
}

/**
 * The identity graph in Redis: profile hashes (`identities`, `account_created_unix_ms`), the
 * workloads hashes, the identity index sets and the tenants set. Holder counts are the sizes of
 * the index sets; a tenant's own values come from its profile and workloads, so a stale index
 * entry (an upsert cut short) finds a candidate but never makes a link by itself.
 */
export class RedisIdentityGraph implements IdentityGraphSource {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;
  private readonly pipelineSize: number;

  constructor(options: RedisIdentityGraphOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.pipelineSize = options.pipelineSize ?? 1000;
  }

  async nodes(tenantIds: readonly string[]): Promise<TenantNode[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < tenantIds.length; i += this.pipelineSize) {
      chunks.push(tenantIds.slice(i, i + this.pipelineSize));
    }
    const out: TenantNode[][] = [];
    // A few pipelines in flight: Redis answers one while Node parses the previous.
    for (let i = 0; i < chunks.length; i += pipelinesInFlight) {
      const group = chunks.slice(i, i + pipelinesInFlight);
      out.push(...(await Promise.all(group.map((chunk) => this.nodesOfChunk(chunk)))));
    }
    return out.flat();
  }

  private async nodesOfChunk(chunk: readonly string[]): Promise<TenantNode[]> {
    const pipeline = crossSlotPipeline(this.redis);
    for (const id of chunk) {
      pipeline.hmget(this.keys.profile(id), 'identities', 'account_created_unix_ms');
      pipeline.hkeys(this.keys.workloads(id));
    }
    const replies = (await pipeline.exec()) ?? [];
    return chunk.map((tenantId, j) => {
      const [profileErr, profile] = replies[2 * j] ?? [null, null];
      const [workloadsErr, workloads] = replies[2 * j + 1] ?? [null, null];
      if (profileErr) throw profileErr;
      if (workloadsErr) throw workloadsErr;
      const [rawIdentities, rawCreated] = (profile ?? [null, null]) as (string | null)[];
      const identities: TenantIdentity[] = parseProfileIdentities(this.keys.profile(tenantId), rawIdentities);
      const seen = new Set<string>();
      for (const fingerprint of (workloads ?? []) as string[]) {
        const d = workloadFingerprintDigest(fingerprint);
        if (d === '' || seen.has(d)) continue;
        seen.add(d);
        identities.push({ kind: 'workload_fingerprint', digest: d });
      }
      return { tenantId, accountCreatedMs: Number(rawCreated ?? 0) || 0, identities };
    });
  }

  async holderCounts(values: readonly IdentityValue[]): Promise<number[]> {
    const replies = await this.each(values, (p, v) => p.scard(this.keys.identity(v.kind, v.digest)));
    return replies.map((n) => Number(n ?? 0));
  }

  async holders(values: readonly IdentityValue[]): Promise<string[][]> {
    const replies = await this.each(values, (p, v) => p.smembers(this.keys.identity(v.kind, v.digest)));
    return replies.map((m) => (Array.isArray(m) ? (m as string[]) : []));
  }

  async allTenantIds(): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, ids] = await this.redis.sscan(this.keys.tenants(), cursor, 'COUNT', 10_000);
      cursor = next;
      for (const id of ids) out.push(id);
    } while (cursor !== '0');
    return [...new Set(out)].sort();
  }

  private async each<T>(
    items: readonly T[],
    add: (pipeline: ChainableCommander, item: T) => void,
  ): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i += this.pipelineSize) {
      const pipeline = crossSlotPipeline(this.redis);
      for (const item of items.slice(i, i + this.pipelineSize)) add(pipeline, item);
      for (const [err, value] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        out.push(value);
      }
    }
    return out;
  }
}

/** The identity graph of a fixed population, in memory (tests, benchmark, demo). */
export class InMemoryIdentityGraph implements IdentityGraphSource {
  private readonly byId = new Map<string, TenantNode>();
  private readonly index = new Map<string, Set<string>>();

  constructor(nodes: readonly TenantNode[] = []) {
    for (const node of nodes) this.put(node);
  }

  /** Adds or replaces a tenant's node, updating the index (as a profile upsert does). */
  put(node: TenantNode): void {
    this.remove(node.tenantId);
    this.byId.set(node.tenantId, node);
    for (const i of node.identities) {
      const key = valueKey(i.kind, i.digest);
      let set = this.index.get(key);
      if (set === undefined) {
        set = new Set();
        this.index.set(key, set);
      }
      set.add(node.tenantId);
    }
  }

  /** Forgets a tenant. */
  remove(tenantId: string): void {
    const old = this.byId.get(tenantId);
    if (old === undefined) return;
    this.byId.delete(tenantId);
    for (const i of old.identities) this.index.get(valueKey(i.kind, i.digest))?.delete(tenantId);
  }

  nodes(tenantIds: readonly string[]): Promise<TenantNode[]> {
    return Promise.resolve(
      tenantIds.map(
        (tenantId) => this.byId.get(tenantId) ?? { tenantId, accountCreatedMs: 0, identities: [] },
      ),
    );
  }

  holderCounts(values: readonly IdentityValue[]): Promise<number[]> {
    return Promise.resolve(values.map((v) => this.index.get(valueKey(v.kind, v.digest))?.size ?? 0));
  }

  holders(values: readonly IdentityValue[]): Promise<string[][]> {
    return Promise.resolve(values.map((v) => [...(this.index.get(valueKey(v.kind, v.digest)) ?? [])]));
  }

  allTenantIds(): Promise<string[]> {
    return Promise.resolve([...this.byId.keys()].sort());
  }
}
