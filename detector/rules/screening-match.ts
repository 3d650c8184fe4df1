/**
 * Rule `screening_match` (docs/design.md §6.8): the legal names, aliases and beneficial owners of a
 * cluster's tenants matched against the active screening list. A hold-level match is a high
 * alert (critical when the party is on the Entity List and the cluster uses controlled chips),
 * a review-level match a medium one. The evidence names the tenant field and value, the list
 * entry and the scores.
 */
import { isEntityListEntry } from '../screening/csl-import.js';
import type { NameMatch, ScreeningMatcher } from '../screening/name-match.js';
import type { Cluster, Finding, Severity, TenantProfile } from '../model.js';

/** How many matches the evidence lists (best first); the count of all is recorded too. */
export const maxEvidenceMatches = 20;

/** One tenant name that matched a list entry. */
export interface ScreeningHit {
  readonly tenantId: string;
  /** `legal_name`, `aliases[1]`, `beneficial_owners[0]` (the §3 field names). */
  readonly field: string;
  readonly value: string;
  readonly match: NameMatch;
}

/** The names of a profile that are screened, with their field paths. */
function screenedNames(profile: TenantProfile): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = [];
  if (profile.legalName.trim() !== '') out.push({ field: 'legal_name', value: profile.legalName });
  profile.aliases.forEach((value, i) => {
    if (value.trim() !== '') out.push({ field: `aliases[${i}]`, value });
  });
  profile.beneficialOwners.forEach((value, i) => {
    if (value.trim() !== '') out.push({ field: `beneficial_owners[${i}]`, value });
  });
  return out;
}

/**
 * Every name of the profiles matched against the list: all hits at review level or above, best
 * first (hold before review, then score, then tenant and field for a stable order).
 */
export function screenProfiles(
  profiles: readonly TenantProfile[],
  matcher: ScreeningMatcher,
): ScreeningHit[] {
  const hits: ScreeningHit[] = [];
  for (const profile of profiles) {
    const context = { country: profile.country, registrationNumber: profile.registrationNumber };
    for (const { field, value } of screenedNames(profile)) {
      for (const match of matcher.match(value, context))
        hits.push({ tenantId: profile.tenantId, field, value, match });
    }
  }
  const rank = (h: ScreeningHit): number => (h.match.level === 'hold' ? 1 : 0);
  return hits.sort(
    (a, b) =>
      rank(b) - rank(a) ||
      b.match.score - a.match.score ||
      a.tenantId.localeCompare(b.tenantId) ||
      a.field.localeCompare(b.field) ||
      a.match.entry.id.localeCompare(b.match.entry.id),
  );
}

/**
 * True when any member of the cluster matches the list at hold level: the "linked to a screened
 * party" context of the effective-ownership rule (docs/design.md §6.3).
 */
export function isScreenedParty(profiles: readonly TenantProfile[], matcher: ScreeningMatcher): boolean {
  return screenProfiles(profiles, matcher).some((h) => h.match.level === 'hold');
}

/** What the rule needs about one cluster. */
export interface ScreeningMatchInput {
  readonly cluster: Cluster;
  /** Profiles of the cluster's tenants (tenants without a profile are simply absent). */
  readonly profiles: readonly TenantProfile[];
  /** Matcher over the active list. */
  readonly matcher: ScreeningMatcher;
  /** The cluster holds controlled chips (any class but `not-controlled`) in the evaluated window. */
  readonly usesControlledChips: boolean;
  /** Event time of the evaluation (the watermark): the finding's last seen. */
  readonly nowMs: number;
  /**
   * Event time the match started, from the matched members' ids (the evaluator: their first
   * controlled usage or their account's creation). Default: nowMs.
   */
  readonly firstSeenOf?: (tenantIds: readonly string[]) => number;
  /** Version of the active list, recorded in the evidence; "" when unknown. */
  readonly listVersion?: string;
}

function evidenceOf(hit: ScreeningHit): Record<string, unknown> {
  const { match } = hit;
  return {
    tenant_id: hit.tenantId,
    field: hit.field,
    value: hit.value,
    normalized_value: match.normalizedQuery,
    entry: {
      id: match.entry.id,
      source: match.entry.source,
      type: match.entry.type,
      name: match.entry.name,
      matched_name: match.matchedName,
      matched_name_kind: match.matchedNameKind,
      normalized_match: match.normalizedMatch,
      programs: match.entry.programs,
      start_date: match.entry.startDate,
      countries: [...new Set(match.entry.addresses.map((a) => a.country).filter(Boolean))],
    },
    score: match.score,
    level: match.level,
    short_name: match.shortName,
    capped_at_review: match.cappedAtReview,
    ...(match.corroboration !== undefined ? { corroboration: match.corroboration } : {}),
  };
}

/** Evaluates the rule for one cluster: a finding when any name matches at review level or above. */
export function evaluateScreeningMatch(input: ScreeningMatchInput): Finding | undefined {
  const members = new Set(input.cluster.tenantIds);
  const hits = screenProfiles(
    input.profiles.filter((p) => members.has(p.tenantId)),
    input.matcher,
  );
  const top = hits[0];
  if (top === undefined) return undefined;
  const holds = hits.filter((h) => h.match.level === 'hold');
  let severity: Severity = 'medium';
  if (holds.length > 0) {
    severity =
      input.usesControlledChips && holds.some((h) => isEntityListEntry(h.match.entry)) ? 'critical' : 'high';
  }
  const { options } = input.matcher;
  const matched = [...new Set(hits.map((h) => h.tenantId))].sort();
  return {
    rule: 'screening_match',
    severity,
    score: top.match.score,
    tenantIds: input.cluster.tenantIds,
    anchorTenantId: input.cluster.anchorTenantId,
    firstSeenMs: Math.min(input.firstSeenOf?.(matched) ?? input.nowMs, input.nowMs),
    lastSeenMs: input.nowMs,
    informational: false,
    evidence: {
      level: holds.length > 0 ? 'hold' : 'review',
      matches: hits.slice(0, maxEvidenceMatches).map(evidenceOf),
      match_count: hits.length,
      tenants_matched: [...new Set(hits.map((h) => h.tenantId))].sort(),
      entity_list_hold: holds.some((h) => isEntityListEntry(h.match.entry)),
      uses_controlled_chips: input.usesControlledChips,
      thresholds: { review: options.reviewThreshold, hold: options.holdThreshold },
      ...(input.listVersion !== undefined && input.listVersion !== ''
        ? { list_version: input.listVersion }
        : {}),
    },
  };
}
