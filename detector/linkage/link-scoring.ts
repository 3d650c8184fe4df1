/**
 * Pairwise link scoring (docs/design.md §6.2), pure: two tenants are one actor when the Fellegi–Sunter
 * weights (log-odds) of the attribute values they share sum to the link threshold. A value held
 * by more than `genericValueMaxTenants` tenants is generic and ignored. Nothing about nodes or
 * GPUs is evidence here (see linkage-options.ts).
 */
import type { Link, LinkEvidence, TenantIdentity } from '../model.js';
import type { LinkageOptions } from './linkage-options.js';

/** The linkage attributes of one tenant, as the identity graph reads them. */
export interface TenantNode {
  readonly tenantId: string;
  /** Unix ms the account was created; 0 when unknown (picks a sweep cluster's anchor). */
  readonly accountCreatedMs: number;
  /** Profile digests and workload fingerprint digests, each value once. */
  readonly identities: readonly TenantIdentity[];
}

/** A value two tenants share, with how many tenants hold it in all. */
export interface SharedValue {
  readonly kind: TenantIdentity['kind'];
  readonly digest: string;
  readonly sharedBy: number;
}

/** A value ignored as generic: held by more than genericValueMaxTenants tenants. */
export interface IgnoredValue {
  readonly kind: TenantIdentity['kind'];
  readonly digest: string;
  readonly sharedBy: number;
}

/** One string per (kind, digest), for maps and sets. */
export function valueKey(kind: string, digest: string): string {
  return `${kind}\x1f${digest}`;
}

/** The weight (log-odds) of a kind; 0 for a kind the options do not weigh. */
export function weightOf(kind: string, options: LinkageOptions): number {
  const w = options.weights[kind];
  return typeof w === 'number' && Number.isFinite(w) ? w : 0;
}

/** True when a value held by `sharedBy` tenants says nothing about any one pair. */
export function isGeneric(sharedBy: number, options: LinkageOptions): boolean {
  return sharedBy > options.genericValueMaxTenants;
}

/** Evidence order: heaviest first, then kind and digest, so equal inputs give equal links. */
export function compareEvidence(x: LinkEvidence, y: LinkEvidence): number {
  return (
    y.weight - x.weight ||
    (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.digest < y.digest ? -1 : x.digest > y.digest ? 1 : 0)
  );
}

/**
 * The link between two tenants from the values they share: generic values and kinds without
 * weight are left out, the rest become evidence (sorted, see compareEvidence) whose weights sum
 * to the score. The endpoints come out sorted (`a` < `b`). Whether it is a link is isLink().
 */
export function scorePair(
  tenantA: string,
  tenantB: string,
  shared: readonly SharedValue[],
  options: LinkageOptions,
): Link {
  const evidence: LinkEvidence[] = [];
  for (const v of shared) {
    if (isGeneric(v.sharedBy, options)) continue;
    const weight = weightOf(v.kind, options);
    if (weight === 0) continue;
    evidence.push({ kind: v.kind, digest: v.digest, weight, sharedBy: v.sharedBy });
  }
  evidence.sort(compareEvidence);
  let score = 0;
  for (const e of evidence) score += e.weight;
  const [a, b] = tenantA < tenantB ? [tenantA, tenantB] : [tenantB, tenantA];
  return { a, b, score, evidence };
}

/** True when the link's evidence reaches the threshold. */
export function isLink(link: Link, options: LinkageOptions): boolean {
  return link.evidence.length > 0 && link.score >= options.linkThreshold;
}

/**
 * The values two nodes both hold, each with its holder count from `sharedBy` (a value missing
 * from it counts as held by these two only).
 */
export function sharedValues(
  a: TenantNode,
  b: TenantNode,
  sharedBy: (kind: string, digest: string) => number | undefined,
): SharedValue[] {
  if (a.identities.length === 0 || b.identities.length === 0) return [];
  const mine = new Set(a.identities.map((i) => valueKey(i.kind, i.digest)));
  const out: SharedValue[] = [];
  for (const i of b.identities) {
    if (!mine.has(valueKey(i.kind, i.digest))) continue;
    out.push({ kind: i.kind, digest: i.digest, sharedBy: sharedBy(i.kind, i.digest) ?? 2 });
  }
  return out;
}
