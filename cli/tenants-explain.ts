/**
 * `gpuwatch tenants explain ID`: why a tenant is linked to the accounts it is linked to. Reads
 * Redis directly, as the detector does (profiles, the identity index, workload fingerprints), and
 * resolves the tenant's cluster with the detector's own LinkageResolver under the policy's
 * linkage weights, so the answer is the one the rules judged: the members, every link with the
 * attribute kinds and digests the pair shares, their weights and the total against the
 * threshold, and the values left out for being held by too many tenants (free-mail domains,
 * NAT/VPN addresses, public images).
 *
 * Linkage values are keyed digests (docs/design.md §5): the plain e-mail or address is not stored and
 * cannot be shown. Workload fingerprints are stored as sent (an image digest names software, not
 * a person), so those are shown beside their digests.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../common/errors.js';
import type { RedisClient } from '../common/redis.js';
import type { RedisKeys } from '../common/redis-keys.js';
import { TenantProfileReader } from '../common/tenants/tenant-profiles.js';
import { workloadFingerprintDigest } from '../common/tenants/workload-fingerprints.js';
import { RedisIdentityGraph } from '../detector/linkage/identity-graph.js';
import { LinkageResolver } from '../detector/linkage/linkage-resolver.js';
import { linkageDefaults, type LinkageOptions } from '../detector/linkage/linkage-options.js';
import { loadPolicy } from '../detector/policy.js';
import { formatTable, isoSeconds, type TableColumn } from './table.js';

/** Where the policy of the analyst commands comes from when `--policy` is not given. */
export const defaultPolicyPath = 'deploy/policy.yaml';

/** The linkage weights in force and where they came from. */
export interface LinkagePolicySource {
  /** The file read, or "built-in defaults". */
  readonly source: string;
  /** The policy's `version` ("built-in" for the defaults). */
  readonly version: string;
  readonly linkage: LinkageOptions;
}

/**
 * The policy's linkage section: from `path` when given (a missing or invalid file is a
 * ConfigError), else from deploy/policy.yaml when it exists here, else the built-in defaults (the
 * same numbers deploy/policy.yaml ships). The source is printed with every answer, so a reader
 * knows which weights made the links.
 */
export function loadLinkagePolicy(path: string | undefined): LinkagePolicySource {
  checkPolicyPath(path);
  const file = path ?? (existsSync(defaultPolicyPath) ? defaultPolicyPath : undefined);
  if (file === undefined)
    return { source: 'built-in defaults', version: 'built-in', linkage: linkageDefaults };
  const policy = loadPolicy(file);
  return { source: file, version: policy.version, linkage: policy.linkage };
}

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

/**
 * A digest shortened for the table: the scheme and 16 hex digits (64 bits: no two values of one
 * deployment collide in practice); `--json` has the whole digest.
 */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  const hex = colon >= 0 ? digest.slice(colon + 1) : digest;
  return hex.length > 16 ? `${digest.slice(0, colon + 1)}${hex.slice(0, 16)}…` : digest;
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** A VALUE column only when some value is readable (workload fingerprints). */
function withValueColumn(columns: TableColumn[], values: readonly ExplainedValue[]): TableColumn[] {
  return values.some((v) => v.value !== undefined) ? [...columns, { header: 'VALUE' }] : columns;
}

/** The explanation as text: the cluster, its members, each link's evidence, the ignored values. */
export function formatExplanation(e: Explanation): string {
  const out: string[] = [];
  const others = e.tenantIds.length - 1;
  out.push(
    others === 0
      ? `tenant ${e.tenantId} is linked to no other tenant (cluster ${e.clusterId})`
      : `tenant ${e.tenantId} belongs to cluster ${e.clusterId} with ${others} other tenant${others === 1 ? '' : 's'}`,
  );
  if (e.truncated)
    out.push('note: the cluster reached the size limit of one resolution: there may be more members');
  out.push(
    `policy ${e.policySource} (version ${e.policyVersion}): a pair is linked at a score of ${number(e.linkThreshold)} or more; values held by more than ${e.genericValueMaxTenants} tenants are ignored`,
  );
  out.push('', 'members:');
  out.push(
    formatTable(
      [
        { header: 'TENANT' },
        { header: 'LEGAL NAME' },
        { header: 'COUNTRY' },
        { header: 'KYC' },
        { header: 'ACCOUNT CREATED' },
      ],
      e.members.map((m) =>
        m.hasProfile
          ? [m.tenantId, m.legalName, m.country, m.kycVerified ? 'yes' : 'no', isoSeconds(m.accountCreatedMs)]
          : [m.tenantId, '(no profile)'],
      ),
      { indent: '  ' },
    ),
  );
  out.push('', `links (${e.links.length}):`);
  if (e.links.length === 0) out.push('  (none)');
  for (const l of e.links) {
    out.push(`  ${l.a} — ${l.b}: score ${number(l.score)} ≥ threshold ${number(l.threshold)}`);
    out.push(
      formatTable(
        withValueColumn(
          [
            { header: 'KIND' },
            { header: 'WEIGHT', align: 'right' },
            { header: 'SHARED BY', align: 'right' },
            { header: 'DIGEST' },
          ],
          l.evidence,
        ),
        l.evidence.map((v) => [
          v.kind,
          number(v.weight),
          String(v.sharedBy),
          shortDigest(v.digest),
          v.value ?? '',
        ]),
        { indent: '    ' },
      ),
    );
  }
  out.push(
    '',
    `ignored as too common (held by more than ${e.genericValueMaxTenants} tenants) (${e.ignored.length}):`,
  );
  out.push(
    e.ignored.length === 0
      ? '  (none)'
      : formatTable(
          withValueColumn(
            [{ header: 'KIND' }, { header: 'SHARED BY', align: 'right' }, { header: 'DIGEST' }],
            e.ignored,
          ),
          e.ignored.map((v) => [v.kind, String(v.sharedBy), shortDigest(v.digest), v.value ?? '']),
          { indent: '  ' },
        ),
  );
  return out.join('\n');
}

/** A policy path that does not exist, as the ConfigError the commands exit 78 with. */
function checkPolicyPath(path: string | undefined): void {
  if (path !== undefined && !existsSync(path)) {
    throw new ConfigError([
      { field: '--policy', reason: `expected a policy file, got ${JSON.stringify(path)} (no such file)` },
    ]);
  }
}
