/**
 * Why a tenant is linked to the accounts it is linked to (`gpuwatch tenants explain`): reads Redis
 * directly, as the detector does (profiles, the identity index, workload fingerprints), and
 * resolves the tenant's cluster with the detector's own LinkageResolver under the policy's
 * linkage weights, so the answer is the one the rules judged: the members, every link with the
 * attribute kinds and digests the pair shares, their weights and the total against the
 * threshold, and the values left out for being held by too many tenants.
 *
 * Linkage values are keyed digests (docs/design.md §5): the plain e-mail or address is not stored
 * and cannot be shown. Workload fingerprints are stored as sent (an image digest names software,
 * not a person), so those are given beside their digests.
 */
import type { RedisClient } from '../../common/redis.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { TenantProfileReader } from '../../common/tenants/tenant-profiles.js';
import { workloadFingerprintDigest } from '../../common/tenants/workload-fingerprints.js';
import { RedisIdentityGraph } from './identity-graph.js';
import { LinkageResolver } from './linkage-resolver.js';
import type { LinkagePolicySource } from './linkage-policy-source.js';

/** One shared value of a link, or one ignored value. */
export interface ExplainedValue {
  readonly kind: string;
  /** `hmac-sha256:<hex>` (profile attributes) or `sha256:<hex>` (workload fingerprints). */
  readonly digest: string;
  /** Tenants holding the value, in all. */
  readonly sharedBy: number;
  /** The readable value where it is stored (workload fingerprints only). */
  readonly value?: string;
}

/** A link between two members. */
export interface ExplainedLink {
  readonly a: string;
  readonly b: string;
  /** Sum of the evidence weights. */
  readonly score: number;
  /** The link threshold it was compared with. */
  readonly threshold: number;
  readonly evidence: readonly (ExplainedValue & { readonly weight: number })[];
}

/** A member of the cluster as its profile describes it ("" and 0 where unknown). */
export interface ExplainedMember {
  readonly tenantId: string;
  readonly legalName: string;
  readonly country: string;
  readonly kycVerified: boolean;
  /** Unix ms; 0 when unknown. */
  readonly accountCreatedMs: number;
  /** False when the tenant has usage but no profile. */
  readonly hasProfile: boolean;
}

/** The answer of `tenants explain`. */
export interface Explanation {
  readonly tenantId: string;
  readonly clusterId: string;
  /** Sorted. */
  readonly tenantIds: readonly string[];
  readonly members: readonly ExplainedMember[];
  /** The cluster stopped growing at the resolver's size limit: there may be more members. */
  readonly truncated: boolean;
  readonly policySource: string;
  readonly policyVersion: string;
  readonly linkThreshold: number;
  readonly genericValueMaxTenants: number;
  readonly links: readonly ExplainedLink[];
  /** Values members hold that were left out as too common, sorted by kind and digest. */
  readonly ignored: readonly ExplainedValue[];
}

/** Options of explainTenant. */
export interface ExplainOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly policy: LinkagePolicySource;
}

/**
 * The cluster of `tenantId` with the evidence of every link; undefined when Redis knows no such
 * tenant (neither a profile nor usage).
 */
export async function explainTenant(
  tenantId: string,
  options: ExplainOptions,
): Promise<Explanation | undefined> {
  const { redis, keys, policy } = options;
  const [known, profileFields] = await Promise.all([
    redis.sismember(keys.tenants(), tenantId),
    redis.exists(keys.profile(tenantId)),
  ]);
  if (known === 0 && profileFields === 0) return undefined;

  const resolver = new LinkageResolver({
    source: new RedisIdentityGraph({ redis, keys }),
    linkage: policy.linkage,
  });
  const cluster = await resolver.clusterOf(tenantId);
  const reader = new TenantProfileReader({ redis, keys });
  const [profiles, workloads] = await Promise.all([
    reader.getMany(cluster.tenantIds),
    reader.workloadsOfMany(cluster.tenantIds),
  ]);
  // Workload fingerprints are kept readable: map their digests back for the reader.
  const fingerprintOf = new Map<string, string>();
  for (const w of workloads) for (const fp of w.keys()) fingerprintOf.set(workloadFingerprintDigest(fp), fp);
  const readable = (kind: string, digest: string): { value?: string } => {
    const value = kind === 'workload_fingerprint' ? fingerprintOf.get(digest) : undefined;
    return value === undefined ? {} : { value };
  };

  return {
    tenantId,
    clusterId: cluster.clusterId,
    tenantIds: cluster.tenantIds,
    members: cluster.tenantIds.map((id, i) => {
      const p = profiles[i];
      return {
        tenantId: id,
        legalName: p?.fields.legal_name ?? '',
        country: p?.fields.country ?? '',
        kycVerified: p?.fields.kyc_verified ?? false,
        accountCreatedMs: p?.fields.account_created_unix_ms ?? 0,
        hasProfile: p !== undefined,
      };
    }),
    truncated: cluster.truncated,
    policySource: policy.source,
    policyVersion: policy.version,
    linkThreshold: resolver.linkage.linkThreshold,
    genericValueMaxTenants: resolver.linkage.genericValueMaxTenants,
    links: cluster.links.map((l) => ({
      a: l.a,
      b: l.b,
      score: l.score,
      threshold: resolver.linkage.linkThreshold,
      evidence: l.evidence.map((e) => ({
        kind: e.kind,
        digest: e.digest,
        weight: e.weight,
        sharedBy: e.sharedBy,
        ...readable(e.kind, e.digest),
      })),
    })),
    ignored: cluster.ignored.map((v) => ({
      kind: v.kind,
      digest: v.digest,
      sharedBy: v.sharedBy,
      ...readable(v.kind, v.digest),
    })),
  };
}
