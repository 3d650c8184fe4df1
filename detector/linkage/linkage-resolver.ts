/**
 * Identity resolution (docs/design.md §6.2): which tenants are one actor, with the evidence of every
 * link. `clusterOf(tenant)` answers for one tenant by expanding from it through the identity
 * index — the tenant's values, their holders, the holders' values, … — so a profile change is
 * seen at the next evaluation without a sweep; `clusterAll()` links a whole population at once
 * for the periodic sweep. Both score pairs with link-scoring.ts and group with union-find.
 */
import { ConfigError, quote } from '../../common/errors.js';
import type { Link } from '../model.js';
import { linkTenants, makeCluster, type LinkageCluster, type LinkageSweep } from './clusters.js';
import type { IdentityGraphSource, IdentityValue } from './identity-graph.js';
import { resolveLinkageOptions, type LinkageOptions } from './linkage-options.js';
import {
  isGeneric,
  isLink,
  scorePair,
  sharedValues,
  valueKey,
  weightOf,
  type IgnoredValue,
  type TenantNode,
} from './link-scoring.js';
import { UnionFind } from './union-find.js';

/** Options of LinkageResolver. */
export interface LinkageResolverOptions {
  /** Where the identity graph is read (RedisIdentityGraph, InMemoryIdentityGraph). */
  readonly source: IdentityGraphSource;
  /** Weights and cut-offs (the policy's `linkage` section); missing parts take linkageDefaults. */
  readonly linkage?: Partial<LinkageOptions>;
  /**
   * clusterOf stops adding members at this many and marks the cluster `truncated` (a chain of
   * links through a whole population would otherwise read all of it per evaluation). Default 500.
   */
  readonly maxClusterSize?: number;
}

/** Resolves clusters of linked tenants; see the module comment. */
export class LinkageResolver {
  /** The weights and cut-offs in force. */
  readonly linkage: LinkageOptions;
  /** See LinkageResolverOptions.maxClusterSize. */
  readonly maxClusterSize: number;
  private readonly source: IdentityGraphSource;

  constructor(options: LinkageResolverOptions) {
    this.linkage = resolveLinkageOptions(options.linkage);
    this.maxClusterSize = options.maxClusterSize ?? 500;
    if (!Number.isSafeInteger(this.maxClusterSize) || this.maxClusterSize < 1) {
      throw new ConfigError([
        { field: 'maxClusterSize', reason: `expected an integer ≥ 1, got ${quote(options.maxClusterSize)}` },
      ]);
    }
    this.source = options.source;
  }

  /**
   * The cluster of one tenant, anchored on it: breadth-first from the tenant, one round of reads
   * per distance (holder counts, holders of the non-generic values, the holders' values), each
   * candidate pair scored on the values both really hold. Stops at maxClusterSize (`truncated`).
   */
  async clusterOf(tenantId: string): Promise<LinkageCluster> {
    const options = this.linkage;
    const nodes = new Map<string, TenantNode>();
    for (const node of await this.source.nodes([tenantId])) nodes.set(node.tenantId, node);
    const members: string[] = [tenantId];
    const memberSet = new Set(members);
    const counts = new Map<string, number>();
    const ignored = new Map<string, IgnoredValue>();
    const links = new Map<string, Link>();
    let truncated = false;
    let frontier = [tenantId];

    while (frontier.length > 0) {
      // Holder counts of the frontier's weighed values not seen yet.
      const values: IdentityValue[] = [];
      const wanted = new Set<string>();
      for (const t of frontier) {
        for (const i of nodes.get(t)?.identities ?? []) {
          const key = valueKey(i.kind, i.digest);
          if (counts.has(key) || wanted.has(key) || weightOf(i.kind, options) === 0) continue;
          wanted.add(key);
          values.push(i);
        }
      }
      const got = await this.source.holderCounts(values);
      values.forEach((v, k) => counts.set(valueKey(v.kind, v.digest), got[k] ?? 0));

      // Holders of each frontier tenant's specific values: the candidates.
      const specific: IdentityValue[] = [];
      const specificOf = new Map<string, IdentityValue[]>();
      const asked = new Set<string>();
      for (const t of frontier) {
        const own: IdentityValue[] = [];
        for (const i of nodes.get(t)?.identities ?? []) {
          const key = valueKey(i.kind, i.digest);
          const count = counts.get(key);
          if (count === undefined) continue;
          if (isGeneric(count, options)) {
            ignored.set(key, { kind: i.kind, digest: i.digest, sharedBy: count });
          } else if (count >= 2) {
            own.push(i);
            if (!asked.has(key)) {
              asked.add(key);
              specific.push(i);
            }
          }
        }
        specificOf.set(t, own);
      }
      const holderLists = await this.source.holders(specific);
      const holdersOf = new Map<string, string[]>();
      specific.forEach((v, k) => holdersOf.set(valueKey(v.kind, v.digest), holderLists[k] ?? []));

      const candidatesOf = new Map<string, string[]>();
      const unknown = new Set<string>();
      for (const t of frontier) {
        const candidates = new Set<string>();
        for (const v of specificOf.get(t) ?? []) {
          for (const u of holdersOf.get(valueKey(v.kind, v.digest)) ?? []) {
            if (u === t) continue;
            candidates.add(u);
            if (!nodes.has(u)) unknown.add(u);
          }
        }
        candidatesOf.set(t, [...candidates].sort());
      }
      const unknownIds = [...unknown].sort();
      for (const node of await this.source.nodes(unknownIds)) nodes.set(node.tenantId, node);

      const next: string[] = [];
      for (const t of frontier) {
        const node = nodes.get(t);
        if (node === undefined) continue;
        for (const u of candidatesOf.get(t) ?? []) {
          const other = nodes.get(u);
          if (other === undefined) continue;
          const pair = t < u ? `${t}\x1f${u}` : `${u}\x1f${t}`;
          if (links.has(pair)) continue;
          const link = scorePair(
            t,
            u,
            sharedValues(node, other, (kind, digest) => counts.get(valueKey(kind, digest))),
            options,
          );
          if (!isLink(link, options)) continue;
          if (!memberSet.has(u)) {
            if (members.length >= this.maxClusterSize) {
              truncated = true;
              continue;
            }
            members.push(u);
            memberSet.add(u);
            next.push(u);
          }
          links.set(pair, link);
        }
      }
      frontier = next;
    }

    // Every member is connected to the tenant through the links (checked, not assumed).
    const indexOf = new Map(members.map((m, i) => [m, i]));
    const sets = new UnionFind(members.length);
    for (const link of links.values()) sets.union(indexOf.get(link.a) ?? 0, indexOf.get(link.b) ?? 0);
    const connected = members.filter((m) => sets.connected(0, indexOf.get(m) ?? 0));
    return makeCluster(connected, tenantId, [...links.values()], [...ignored.values()], truncated);
  }

  /**
   * Links every tenant the source knows, in memory (see linkTenants): the periodic sweep's view.
   * Holder counts are exact for the population read, so a stale index entry cannot skew them.
   */
  async clusterAll(): Promise<LinkageSweep> {
    const ids = await this.source.allTenantIds();
    return linkTenants(await this.source.nodes(ids), this.linkage);
  }
}
