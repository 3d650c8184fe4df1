/**
 * Clusters of linked tenants (docs/design.md §6.2), pure: union-find over the links, a stable id per
 * cluster, and the whole-population pass a sweep runs (every tenant's values in memory, pairs
 * scored through an inverted index: a value held by k ≤ genericValueMaxTenants tenants yields
 * k(k-1)/2 pairs, a generic one none).
 */
import { createHash } from 'node:crypto';
import type { Cluster, Link, LinkEvidence } from '../model.js';
import type { LinkageOptions } from './linkage-options.js';
import {
  compareEvidence,
  isGeneric,
  isLink,
  weightOf,
  type IgnoredValue,
  type TenantNode,
} from './link-scoring.js';
import { UnionFind } from './union-find.js';

/** A cluster with what the evidence summary needs beyond the links. */
export interface LinkageCluster extends Cluster {
  /**
   * Values members hold that were ignored as generic (held by more than genericValueMaxTenants
   * tenants: free-mail domains, NAT/VPN addresses, public images), sorted by kind and digest.
   */
  readonly ignored: readonly IgnoredValue[];
  /** clusterOf stopped growing at its maxClusterSize: there may be more members. */
  readonly truncated: boolean;
}

/** `c-` + the first 16 hex digits of SHA-256 over the sorted member ids: stable across runs. */
export function clusterIdOf(sortedTenantIds: readonly string[]): string {
  return `c-${createHash('sha256').update(sortedTenantIds.join('\n')).digest('hex').slice(0, 16)}`;
}

function compareIgnored(x: IgnoredValue, y: IgnoredValue): number {
  return x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.digest < y.digest ? -1 : x.digest > y.digest ? 1 : 0;
}

function compareLinks(x: Link, y: Link): number {
  return x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;
}

/** The oldest account (known creation time first), then the smallest id. */
export function oldestAnchor(members: readonly { tenantId: string; accountCreatedMs: number }[]): string {
  let best: { tenantId: string; accountCreatedMs: number } | undefined;
  for (const m of members) {
    if (best === undefined) {
      best = m;
      continue;
    }
    const mKnown = m.accountCreatedMs > 0;
    const bKnown = best.accountCreatedMs > 0;
    if (
      (mKnown && !bKnown) ||
      (mKnown === bKnown &&
        (m.accountCreatedMs < best.accountCreatedMs ||
          (m.accountCreatedMs === best.accountCreatedMs && m.tenantId < best.tenantId)))
    ) {
      best = m;
    }
  }
  return best?.tenantId ?? '';
}

/** Assembles a cluster: members and links sorted, id from the members. */
export function makeCluster(
  tenantIds: readonly string[],
  anchorTenantId: string,
  links: readonly Link[],
  ignored: readonly IgnoredValue[],
  truncated: boolean,
): LinkageCluster {
  const sorted = [...tenantIds].sort();
  return {
    clusterId: clusterIdOf(sorted),
    tenantIds: sorted,
    anchorTenantId,
    links: [...links].sort(compareLinks),
    ignored: [...ignored].sort(compareIgnored),
    truncated,
  };
}

/** What a sweep found: every multi-member cluster, and the cluster of any tenant. */
export interface LinkageSweep {
  /** Tenants looked at. */
  readonly tenantCount: number;
  /** Links at or above the threshold. */
  readonly linkCount: number;
  /** Clusters of two or more tenants, sorted by clusterId. */
  readonly clusters: readonly LinkageCluster[];
  /** The cluster of a tenant: a multi-member one, or the tenant alone (its generic values listed). */
  clusterOf(tenantId: string): LinkageCluster;
}

/**
 * Links and clusters over a whole population, in memory. Holder counts come from the nodes
 * themselves (exact for the population given). Cost: O(values held + pairs sharing a
 * non-generic value).
 */
export function linkTenants(nodes: readonly TenantNode[], options: LinkageOptions): LinkageSweep {
  const n = nodes.length;
  const indexOf = new Map<string, number>();
  nodes.forEach((node, i) => indexOf.set(node.tenantId, i));

  // Inverted index: value → holders (tenant indices), each tenant once per value. Built for
  // ~10 values per tenant, most held by one tenant only: one map per kind keyed by the digest
  // string as it is (no concatenated keys), and a holder list only for values held twice or more.
  const valueOfDigest = new Map<string, Map<string, number>>();
  const kinds: LinkEvidence['kind'][] = [];
  const digests: string[] = [];
  const firstHolder: number[] = [];
  const holderCount: number[] = [];
  const moreHolders = new Map<number, number[]>();
  const valueOf = (kind: string, digest: string): number | undefined => valueOfDigest.get(kind)?.get(digest);
  for (let t = 0; t < n; t++) {
    for (const identity of nodes[t]?.identities ?? []) {
      let byDigest = valueOfDigest.get(identity.kind);
      if (byDigest === undefined) {
        byDigest = new Map();
        valueOfDigest.set(identity.kind, byDigest);
      }
      const v = byDigest.get(identity.digest);
      if (v === undefined) {
        byDigest.set(identity.digest, kinds.length);
        kinds.push(identity.kind);
        digests.push(identity.digest);
        firstHolder.push(t);
        holderCount.push(1);
        continue;
      }
      let list = moreHolders.get(v);
      if (list === undefined) {
        if (firstHolder[v] === t) continue;
        list = [firstHolder[v] ?? 0];
        moreHolders.set(v, list);
      } else if (list[list.length - 1] === t) continue;
      list.push(t);
      holderCount[v] = list.length;
    }
  }

  // Pairs sharing a weighed, non-generic value: pair (i < j) → the values they share.
  const pairs = new Map<number, number[]>();
  for (const [v, list] of moreHolders) {
    const k = list.length;
    if (isGeneric(k, options) || weightOf(kinds[v] ?? '', options) === 0) continue;
    for (let x = 0; x < k; x++) {
      for (let y = x + 1; y < k; y++) {
        const i = list[x] ?? 0;
        const j = list[y] ?? 0;
        const key = i < j ? i * n + j : j * n + i;
        const shared = pairs.get(key);
        if (shared === undefined) pairs.set(key, [v]);
        else shared.push(v);
      }
    }
  }

  const sets = new UnionFind(n);
  const links: Link[] = [];
  for (const [key, shared] of pairs) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    const evidence: LinkEvidence[] = shared.map((v) => ({
      kind: kinds[v] ?? 'email',
      digest: digests[v] ?? '',
      weight: weightOf(kinds[v] ?? '', options),
      sharedBy: holderCount[v] ?? 0,
    }));
    evidence.sort(compareEvidence);
    let score = 0;
    for (const e of evidence) score += e.weight;
    const ta = nodes[i]?.tenantId ?? '';
    const tb = nodes[j]?.tenantId ?? '';
    const link: Link = ta < tb ? { a: ta, b: tb, score, evidence } : { a: tb, b: ta, score, evidence };
    if (!isLink(link, options)) continue;
    links.push(link);
    sets.union(i, j);
  }

  const ignoredOf = (members: readonly number[]): IgnoredValue[] => {
    const out = new Map<number, IgnoredValue>();
    for (const t of members) {
      for (const identity of nodes[t]?.identities ?? []) {
        const v = valueOf(identity.kind, identity.digest);
        if (v === undefined || out.has(v)) continue;
        const count = holderCount[v] ?? 0;
        if (isGeneric(count, options) && weightOf(identity.kind, options) !== 0) {
          out.set(v, { kind: identity.kind, digest: identity.digest, sharedBy: count });
        }
      }
    }
    return [...out.values()];
  };

  // Group by root: members and links.
  const membersOf = new Map<number, number[]>();
  const linksOf = new Map<number, Link[]>();
  for (const link of links) {
    const root = sets.find(indexOf.get(link.a) ?? 0);
    const list = linksOf.get(root);
    if (list === undefined) linksOf.set(root, [link]);
    else list.push(link);
  }
  for (const root of linksOf.keys()) membersOf.set(root, []);
  for (let t = 0; t < n; t++) membersOf.get(sets.find(t))?.push(t);

  const clusterByRoot = new Map<number, LinkageCluster>();
  for (const [root, members] of membersOf) {
    const memberNodes = members.map((t) => nodes[t]).filter((m): m is TenantNode => m !== undefined);
    clusterByRoot.set(
      root,
      makeCluster(
        memberNodes.map((m) => m.tenantId),
        oldestAnchor(memberNodes),
        linksOf.get(root) ?? [],
        ignoredOf(members),
        false,
      ),
    );
  }
  const clusters = [...clusterByRoot.values()].sort((x, y) =>
    x.clusterId < y.clusterId ? -1 : x.clusterId > y.clusterId ? 1 : 0,
  );
  return {
    tenantCount: n,
    linkCount: links.length,
    clusters,
    clusterOf(tenantId: string): LinkageCluster {
      const t = indexOf.get(tenantId);
      if (t === undefined) return makeCluster([tenantId], tenantId, [], [], false);
      const found = clusterByRoot.get(sets.find(t));
      if (found !== undefined) return found;
      return makeCluster([tenantId], tenantId, [], ignoredOf([t]), false);
    },
  };
}
