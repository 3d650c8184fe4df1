/**
 * Linkage over a synthetic population (issue 4 goal: 100 000 tenant profiles in ≤ 10 s).
 *
 *   npm run build && node dist/bench/linkage.js
 *
 * Environment (all optional): GPUWATCH_BENCH_REDIS_URL (else GPUWATCH_TEST_REDIS_URL, else
 * redis://127.0.0.1:6379), BENCH_TENANTS (100000), BENCH_RINGS (1000), BENCH_SAMPLES (200
 * clusterOf calls), BENCH_SKIP_REDIS=1 (the in-memory part only).
 *
 * The population: most tenants share nothing specific; 60 % use one of five free-mail domains
 * (the largest held by tens of thousands), 10 % sit behind one of 50 NAT addresses (~200 each),
 * 30 % run one of 10 public images, addresses repeat in groups of up to 15 (registered agents),
 * and BENCH_RINGS rings of 2–6 tenants are one actor (a shared card, a chain of SSH keys, phone +
 * address, or a private image + email). The expected clusters are exactly the rings; the bench
 * checks that.
 *
 * Three numbers: the pure pass (linkTenants over nodes in memory), clusterAll() reading every
 * profile, workload hash and the tenants set from Redis (written under a random prefix, deleted
 * afterwards) and linking them, and clusterOf() latency for ring members and random tenants.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisKeys } from '../common/redis-keys.js';
import { deleteKeysWithPrefix } from '../common/redis.js';
import { workloadFingerprintDigest } from '../common/tenants/workload-fingerprints.js';
import { linkTenants } from '../detector/linkage/clusters.js';
import { RedisIdentityGraph } from '../detector/linkage/identity-graph.js';
import { linkageDefaults } from '../detector/linkage/linkage-options.js';
import { LinkageResolver } from '../detector/linkage/linkage-resolver.js';
import type { TenantNode } from '../detector/linkage/link-scoring.js';
import type { TenantIdentity } from '../detector/model.js';
import { benchRedisUrl, envInt, mulberry32 } from './bench-support.js';

const env = process.env;
const url = benchRedisUrl;
const tenantCount = envInt('BENCH_TENANTS', 100_000);
const ringCount = envInt('BENCH_RINGS', 1000);
const samples = envInt('BENCH_SAMPLES', 200);
const skipRedis = env.BENCH_SKIP_REDIS === '1';

let serial = 0;
/** A fresh digest-shaped value (the same length as a real one). */
const fresh = (): string => `hmac-sha256:${(++serial).toString(16).padStart(64, '0')}`;

interface Synthetic {
  readonly nodes: TenantNode[];
  /** Per tenant index, its workload fingerprints in clear (what the collector's hash holds). */
  readonly workloads: string[][];
  readonly ringMembers: string[];
}

function population(): Synthetic {
  const random = mulberry32(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const freeMail = Array.from({ length: 5 }, fresh);
  const freeMailShare = [0.5, 0.25, 0.12, 0.08, 0.05];
  const nat = Array.from({ length: 50 }, fresh);
  const publicImages = Array.from({ length: 10 }, (_, i) => `nvcr.io/public/image-${i}@sha256:${i}`);
  const nodes: TenantNode[] = [];
  const workloads: string[][] = [];
  let address = fresh();
  let addressLeft = 0;
  for (let t = 0; t < tenantCount; t++) {
    const identities: [TenantIdentity['kind'], string][] = [
      ['payment_fingerprint', fresh()],
      ['email', fresh()],
      ['phone', fresh()],
      ['admin_ip', random() < 0.1 ? pick(nat) : fresh()],
      ['ssh_key', fresh()],
    ];
    if (random() < 0.6) {
      let r = random();
      let domain = freeMail[4] ?? '';
      for (let d = 0; d < 5; d++) {
        r -= freeMailShare[d] ?? 0;
        if (r < 0) {
          domain = freeMail[d] ?? '';
          break;
        }
      }
      identities.push(['email_domain', domain]);
    } else identities.push(['email_domain', fresh()]);
    if (addressLeft-- <= 0) {
      address = fresh();
      addressLeft = random() < 0.05 ? 5 + Math.floor(random() * 10) : 0;
    }
    identities.push(['address', address]);
    if (random() < 0.5) identities.push(['admin_ip', fresh()]);
    if (random() < 0.7) identities.push(['registration_number', fresh()]);
    if (random() < 0.5) identities.push(['beneficial_owner', fresh()]);
    const runs: string[] = [];
    if (random() < 0.3) runs.push(pick(publicImages));
    if (random() < 0.5) runs.push(`registry.example/t${t}/train@sha256:${t}`);
    workloads.push(runs);
    nodes.push({
      tenantId: `tenant-${t}`,
      accountCreatedMs: Date.UTC(2024, 0, 1) + t * 60_000,
      identities: identities.map(([kind, digest]) => ({ kind, digest })),
    });
  }
  // Rings: consecutive blocks of tenants spread over the population, one actor each.
  const ringMembers: string[] = [];
  const stride = Math.floor(tenantCount / ringCount);
  for (let r = 0; r < ringCount; r++) {
    const size = 2 + (r % 5);
    const first = r * stride;
    if (first + size > tenantCount) break;
    const kind = r % 4;
    const card = fresh();
    const phone = fresh();
    const street = fresh();
    const email = fresh();
    const image = `registry.example/ring${r}/private@sha256:${r}`;
    for (let m = 0; m < size; m++) {
      const t = first + m;
      const node = nodes[t];
      if (node === undefined) continue;
      const extra: TenantIdentity[] = [];
      if (kind === 0) extra.push({ kind: 'payment_fingerprint', digest: card });
      // A chain: member m shares key m+1 with member m+1.
      if (kind === 1 && m > 0) extra.push({ kind: 'ssh_key', digest: `${card}-${m}` });
      if (kind === 1 && m < size - 1) extra.push({ kind: 'ssh_key', digest: `${card}-${m + 1}` });
      if (kind === 2) extra.push({ kind: 'phone', digest: phone }, { kind: 'address', digest: street });
      if (kind === 3) {
        extra.push({ kind: 'email', digest: email });
        workloads[t]?.push(image);
      }
      nodes[t] = { ...node, identities: [...node.identities, ...extra] };
      ringMembers.push(node.tenantId);
    }
  }
  // Workload fingerprints become identities the way the detector reads them.
  nodes.forEach((node, t) => {
    const runs = workloads[t] ?? [];
    if (runs.length === 0) return;
    nodes[t] = {
      ...node,
      identities: [
        ...node.identities,
        ...runs.map((fp) => ({
          kind: 'workload_fingerprint' as const,
          digest: workloadFingerprintDigest(fp),
        })),
      ],
    };
  });
  return { nodes, workloads, ringMembers };
}

async function writeToRedis(redis: Redis, keys: RedisKeys, data: Synthetic): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < data.nodes.length; i += chunk) {
    const pipeline = redis.pipeline();
    data.nodes.slice(i, i + chunk).forEach((node, j) => {
      const profileIdentities = node.identities.filter((x) => x.kind !== 'workload_fingerprint');
      // The fields RedisTenantStore writes that linkage reads, in its format.
      pipeline.hset(keys.profile(node.tenantId), {
        tenant_id: node.tenantId,
        account_created_unix_ms: String(node.accountCreatedMs),
        identities: JSON.stringify(profileIdentities.map((x) => [x.kind, x.digest])),
      });
      for (const x of profileIdentities) pipeline.sadd(keys.identity(x.kind, x.digest), node.tenantId);
      for (const fp of data.workloads[i + j] ?? []) {
        pipeline.hset(keys.workloads(node.tenantId), fp, '1767225600000');
        pipeline.sadd(keys.identity('workload_fingerprint', workloadFingerprintDigest(fp)), node.tenantId);
      }
    });
    pipeline.sadd(
      keys.tenants(),
      data.nodes.slice(i, i + chunk).map((n) => n.tenantId),
    );
    await pipeline.exec();
  }
}

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const data = population();
  const values = data.nodes.reduce((n, node) => n + node.identities.length, 0);

  const t0 = process.hrtime.bigint();
  const sweep = linkTenants(data.nodes, linkageDefaults);
  const memorySeconds = seconds(t0);
  const expectRings = (clusters: number, where: string): void => {
    if (clusters !== ringCount)
      throw new Error(`${where}: expected ${ringCount} clusters (the rings), got ${clusters}`);
  };
  expectRings(sweep.clusters.length, 'in memory');
  const result: Record<string, unknown> = {
    bench: 'linkage',
    tenants: tenantCount,
    values,
    rings: ringCount,
    ringMembers: data.ringMembers.length,
    links: sweep.linkCount,
    clusters: sweep.clusters.length,
    inMemorySeconds: Number(memorySeconds.toFixed(3)),
  };

  if (!skipRedis) {
    const prefix = `bench-${randomBytes(4).toString('hex')}`;
    const keys = new RedisKeys(prefix);
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    try {
      const w0 = process.hrtime.bigint();
      await writeToRedis(redis, keys, data);
      result.redisWriteSeconds = Number(seconds(w0).toFixed(3));
      const resolver = new LinkageResolver({ source: new RedisIdentityGraph({ redis, keys }) });
      const r0 = process.hrtime.bigint();
      const fromRedis = await resolver.clusterAll();
      result.redisClusterAllSeconds = Number(seconds(r0).toFixed(3));
      expectRings(fromRedis.clusters.length, 'from Redis');
      const random = mulberry32(7);
      const latencies: number[] = [];
      for (let s = 0; s < samples; s++) {
        const tenantId =
          s % 2 === 0
            ? (data.ringMembers[Math.floor(random() * data.ringMembers.length)] ?? 'tenant-0')
            : `tenant-${Math.floor(random() * tenantCount)}`;
        const c0 = process.hrtime.bigint();
        const cluster = await resolver.clusterOf(tenantId);
        latencies.push(seconds(c0) * 1000);
        const expected = fromRedis.clusterOf(tenantId).tenantIds;
        if (cluster.tenantIds.join() !== expected.join()) {
          throw new Error(
            `clusterOf(${tenantId}) gave ${cluster.tenantIds.join()}, the sweep ${expected.join()}`,
          );
        }
      }
      latencies.sort((a, b) => a - b);
      result.clusterOfMs = {
        samples,
        p50: Number(percentile(latencies, 0.5).toFixed(2)),
        p95: Number(percentile(latencies, 0.95).toFixed(2)),
        max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(2)),
      };
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    }
  }
  result.rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
