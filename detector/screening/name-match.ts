/**
 * Name matching for restricted-party screening (docs/design.md §6.8): Jaro–Winkler on tokens, a
 * token-set score in which generic tokens are down-weighted, and a matcher over a screening
 * list's names and alternate names with a blocking index (bench/screening.ts measures 100 000
 * tenants against 20 000 entries).
 *
 * Score of two normalized names A and B (each token distinctive or generic, see
 * name-normalize.ts):
 *
 * - The *index tokens* of a name are its distinctive tokens, or all of its tokens when it has
 *   none ("China Electronics Technology Group").
 * - core = min(dir(A→B), dir(B→A)), where dir(X→Y) is the weighted mean over X's index tokens of
 *   the best token similarity with any of Y's index tokens. Taking the minimum means an extra
 *   distinctive word on either side lowers the score: "Time Sense Media" is not "Sense Time".
 *   Weights (matcher only; 1 in {@link nameSimilarity}): inverse entry frequency on the list,
 *   squared, between 0.1 and 1 — a given name that hundreds of listed people share counts less
 *   than their surnames.
 * - Token similarity is Jaro–Winkler, except that the Winkler prefix bonus is not given when one
 *   token is a proper prefix of the other ("sense" vs "sensetime" → 0.852): that is a missing
 *   word or ending, not a typo; split or joined words are compared explicitly (below).
 * - Generic tokens are down-weighted, not deleted: each generic token without a match (JW ≥ 0.92)
 *   among the other side's generic tokens costs 0.005, at most 0.02 in all; when both sides
 *   have generic tokens and none agree ("Huawei Cloud" / "Huawen Trading") each costs 0.02, at
 *   most 0.04.
 * - Entities (not individuals, whose names are often written surname first) lose 0.05 when their
 *   matched distinctive tokens stand in another order ("Time Sense" / "Sense Time" → 0.95).
 * - Variants: each name is also compared with its distinctive tokens joined into one
 *   ("Sense Time" → "sensetime"; a joined form is compared only with forms that are not joined)
 *   and, when it mixes scripts, with its Han and its other tokens separately. The score is the
 *   best over the variant pairs.
 *
 * Levels: score ≥ holdThreshold → hold, ≥ reviewThreshold → review. A *short* name on either side
 * ({@link isShortName}: one distinctive token, or fewer than 10 distinctive letters) is held only
 * when the tenant's country is one of the entry's address countries (or nationalities) or the
 * tenant's registration number is one of its ids; otherwise it is capped at review.
 */
import type { ScreeningEntry } from './csl-import.js';
import { indexKeys, lengthsAllow, letterMask, lettersAllow, queryKeys } from './name-blocking.js';
import { NameNormalizer, type NormalizedName } from './name-normalize.js';
import {
  defaultScreeningOptions,
  validateScreeningOptions,
  type ScreeningOptions,
} from './screening-options.js';

/** Cost of one generic token without a counterpart, and the most they cost together. */
const genericPenalty = 0.005;
const genericPenaltyCap = 0.02;
/** The same when both sides have generic tokens and none of them agree. */
const conflictPenalty = 0.02;
const conflictPenaltyCap = 0.04;
/** Cost of distinctive tokens in another order, for entities (individuals' names are often reversed). */
const orderPenalty = 0.05;
/** Token similarity at which two tokens count as the same word (order, generic agreement). */
const tokenMatch = 0.92;

// Scratch flags for jaro(), grown as needed: no allocation per comparison.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity of two strings (UTF-16 code units), in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/**
 * Jaro–Winkler (Winkler 1990): prefix scale 0.1, common prefix up to 4 characters, bonus only
 * when the Jaro similarity is above 0.7. MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840,
 * DIXON/DICKSONX 0.813.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * Similarity of two tokens: Jaro–Winkler, without the prefix bonus when one is a proper prefix
 * of the other ("sense" / "sensetime" → Jaro 0.852): the bonus is for typos after a shared start,
 * and a cut-off or extended word is not a typo.
 */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.startsWith(short)) return jaro(a, b);
  return jaroWinkler(a, b);
}

/** Weight of an index token in the means (1 unless the matcher knows better). */
type TokenWeight = (token: string) => number;
const unitWeight: TokenWeight = () => 1;

/** One way of reading a name: its token texts, which are generic, and which are index tokens. */
interface Variant {
  readonly tokens: readonly string[];
  readonly generic: readonly boolean[];
  /** Positions of the index tokens (distinctive ones, or all when none is). */
  readonly index: readonly number[];
  /** Distinctive tokens joined into one: compared only with variants that are not. */
  readonly joined: boolean;
}

function variant(tokens: readonly { text: string; generic: boolean }[], joined: boolean): Variant {
  const texts = tokens.map((t) => t.text);
  const generic = tokens.map((t) => t.generic);
  let index = texts.map((_, i) => i).filter((i) => !generic[i]);
  if (index.length === 0) index = texts.map((_, i) => i);
  return { tokens: texts, generic, index, joined };
}

/** The variants of a name: as written, distinctive tokens joined, and each script on its own. */
function variantsOf(name: NormalizedName): Variant[] {
  const groups: (readonly { text: string; generic: boolean }[])[] = [name.tokens];
  const han = name.tokens.filter((t) => t.han);
  if (han.length > 0 && han.length < name.tokens.length) {
    groups.push(
      han,
      name.tokens.filter((t) => !t.han),
    );
  }
  const out: Variant[] = [];
  const seen = new Set<string>();
  const add = (tokens: readonly { text: string; generic: boolean }[], joined: boolean): void => {
    if (tokens.length === 0) return;
    const key = tokens.map((t) => `${t.generic ? '~' : ''}${t.text}`).join(' ');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(variant(tokens, joined));
  };
  for (const group of groups) {
    add(group, false);
    const distinctive = group.filter((t) => !t.generic);
    if (distinctive.length > 1) {
      add(
        [
          { text: distinctive.map((t) => t.text).join(''), generic: false },
          ...group.filter((t) => t.generic),
        ],
        true,
      );
    }
  }
  return out;
}

/** Score of one variant pair, and whether the matched index tokens stand in a different order. */
function variantScore(a: Variant, b: Variant, weight: TokenWeight): { score: number; reordered: boolean } {
  const bestA = new Float64Array(a.index.length);
  const argA = new Int32Array(a.index.length).fill(-1);
  const bestB = new Float64Array(b.index.length);
  for (let i = 0; i < a.index.length; i++) {
    const ta = a.tokens[a.index[i] ?? 0] ?? '';
    for (let j = 0; j < b.index.length; j++) {
      const s = tokenSimilarity(ta, b.tokens[b.index[j] ?? 0] ?? '');
      if (s > (bestA[i] ?? 0)) {
        bestA[i] = s;
        argA[i] = j;
      }
      if (s > (bestB[j] ?? 0)) bestB[j] = s;
    }
  }
  const mean = (xs: Float64Array, v: Variant): number => {
    let sum = 0;
    let total = 0;
    xs.forEach((x, i) => {
      const w = weight(v.tokens[v.index[i] ?? 0] ?? '');
      sum += w * x;
      total += w;
    });
    return total === 0 ? 0 : sum / total;
  };
  const core = Math.min(mean(bestA, a), mean(bestB, b));
  if (core === 0) return { score: 0, reordered: false };
  let reordered = false;
  let last = -1;
  for (let i = 0; i < argA.length; i++) {
    if ((bestA[i] ?? 0) < tokenMatch) continue;
    const j = argA[i] ?? -1;
    if (j <= last) reordered = true;
    last = j;
  }
  const ua = unmatchedGeneric(a, b);
  const ub = unmatchedGeneric(b, a);
  // Descriptors left out on one side cost little; descriptors that contradict each other
  // ("Cloud" against "Trading", none in common) cost more.
  const conflict =
    ua.generic > 0 && ub.generic > 0 && ua.unmatched === ua.generic && ub.unmatched === ub.generic;
  const unmatched = ua.unmatched + ub.unmatched;
  const penalty = conflict
    ? Math.min(conflictPenaltyCap, unmatched * conflictPenalty)
    : Math.min(genericPenaltyCap, unmatched * genericPenalty);
  return { score: Math.max(0, core - penalty), reordered };
}

/** Generic tokens of `a` (those that are not index tokens), and how many have no close generic token in `b`. */
function unmatchedGeneric(a: Variant, b: Variant): { generic: number; unmatched: number } {
  if (a.index.length === a.tokens.length) return { generic: 0, unmatched: 0 };
  let generic = 0;
  let unmatched = 0;
  for (let i = 0; i < a.tokens.length; i++) {
    if (!a.generic[i]) continue;
    generic++;
    const t = a.tokens[i] ?? '';
    let found = false;
    for (let j = 0; j < b.tokens.length && !found; j++) {
      found = b.generic[j] === true && tokenSimilarity(t, b.tokens[j] ?? '') >= tokenMatch;
    }
    if (!found) unmatched++;
  }
  return { generic, unmatched };
}

/**
 * A short name: one distinctive token, or distinctive tokens shorter than 10 letters together (so
 * "Sense Time" is as short as "SenseTime"; a Han character counts as three letters). A name
 * without distinctive tokens is judged on all of its tokens.
 */
export function isShortName(name: NormalizedName): boolean {
  let tokens = name.tokens.filter((t) => !t.generic);
  if (tokens.length === 0) tokens = [...name.tokens];
  if (tokens.length <= 1) return true;
  const letters = tokens.reduce((n, t) => n + (t.han ? 3 * t.text.length : t.text.length), 0);
  return letters < 10;
}

/**
 * Token-set similarity of two normalized names in [0, 1] (see the module comment). Names without
 * tokens score 0.
 */
export function nameSimilarity(
  a: NormalizedName,
  b: NormalizedName,
  options: { ordered?: boolean } = {},
): number {
  return bestVariantScore(variantsOf(a), variantsOf(b), options.ordered ?? false);
}

/** Best score over the variant pairs; `ordered` costs reordered distinctive tokens {@link orderPenalty}. */
function bestVariantScore(
  as: readonly Variant[],
  bs: readonly Variant[],
  ordered: boolean,
  weight: TokenWeight = unitWeight,
): number {
  let best = 0;
  for (const va of as) {
    for (const vb of bs) {
      // Two joined forms compare the same words as the tokens do, minus the token boundaries
      // (and with the Winkler bonus of a shared first word): skip the pair.
      if (va.joined && vb.joined) continue;
      const { score, reordered } = variantScore(va, vb, weight);
      best = Math.max(best, ordered && reordered ? score - orderPenalty : score);
    }
  }
  return Math.max(0, best);
}

/** What a tenant name is matched with: the facts that corroborate a short name. */
export interface MatchContext {
  /** ISO 3166-1 alpha-2 of the tenant's headquarters; "" or absent when unknown. */
  readonly country?: string;
  /** The tenant's registration number; compared with the entry's ids (letters and digits only). */
  readonly registrationNumber?: string;
}

export type MatchLevel = 'hold' | 'review';

/** A list entry that matched a name, with the list name (name or alternate name) that matched best. */
export interface NameMatch {
  readonly entry: ScreeningEntry;
  /** The entry's name or alternate name that gave the score, as on the list. */
  readonly matchedName: string;
  readonly matchedNameKind: 'name' | 'alt_name';
  /** Normalized forms, for evidence. */
  readonly normalizedQuery: string;
  readonly normalizedMatch: string;
  readonly score: number;
  readonly level: MatchLevel;
  /** A short name ({@link isShortName}) on either side: hold needs a country or id match. */
  readonly shortName: boolean;
  /** The country or id that corroborated the match, if any. */
  readonly corroboration?: { readonly country?: string; readonly id?: string };
  /** True when the score reached hold but a short name without corroboration kept it at review. */
  readonly cappedAtReview: boolean;
}

interface ListName {
  readonly entryIndex: number;
  readonly kind: 'name' | 'alt_name';
  readonly original: string;
  readonly normalized: NormalizedName;
  readonly variants: readonly Variant[];
  readonly short: boolean;
}

function compactId(value: string): string {
  return value.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/**
 * Matches names against one screening list. Built once per list (normalizes every name and
 * alternate name and indexes their tokens); `match` is then cheap and synchronous.
 *
 * Blocking: a list name scoring at or above the review threshold has, for every index token of
 * the query, a token at similarity ≥ 1 − (1 − review) × W / w(token) (see candidates()), since
 * the score is at most the weighted mean of those similarities; candidates come from the query
 * token whose matches are rarest on the list. Tokens are found through their first and last
 * three characters (four between tokens of 8 characters or more), so a token changed at both
 * ends can be missed (the bench measures this recall against comparing every list name, and a
 * test checks it on the sample list).
 */
export class ScreeningMatcher {
  readonly options: ScreeningOptions;
  readonly normalizer: NameNormalizer;
  private readonly entries: readonly ScreeningEntry[];
  private readonly names: ListName[] = [];
  /** Index token → list names (ids into `names`) in which it is an index token. */
  private readonly vocabIds = new Map<string, number>();
  /** Per vocabulary id (an index token of the list): its text, letter mask and postings. */
  private readonly vocab: string[] = [];
  private readonly vocabMasks: number[] = [];
  private readonly postings: number[][] = [];
  /** Per vocabulary id: the stamp of the last query token that looked at it (no Set per lookup). */
  private seenStamps = new Uint32Array(0);
  private stamp = 0;
  /** Blocking key → index tokens. */
  private readonly blocks = new Map<string, number[]>();
  private readonly entryCountries: readonly ReadonlySet<string>[];
  /** Index token → number of entries it is an index token of. */
  private readonly entryFrequency = new Map<string, number>();
  private readonly weight: TokenWeight;
  private readonly entryIds: readonly ReadonlySet<string>[];
  /**
   * Answers already computed (name + context → matches). A sweep screens every tenant's names
   * again although they rarely change; the memo dies with the matcher, which is rebuilt when the
   * list or the policy changes. Bounded: cleared when full.
   */
  private readonly memo = new Map<string, NameMatch[]>();
  private static readonly memoLimit = 200_000;

  constructor(entries: readonly ScreeningEntry[], options: ScreeningOptions = defaultScreeningOptions) {
    validateScreeningOptions(options);
    this.options = options;
    this.entries = entries;
    this.normalizer = new NameNormalizer(options.genericTokens);
    this.entryCountries = entries.map(
      (e) =>
        new Set(
          [...e.addresses.map((a) => a.country), ...e.countries].map((c) => c.toUpperCase()).filter(Boolean),
        ),
    );
    this.entryIds = entries.map(
      (e) => new Set(e.ids.map((id) => compactId(id.number)).filter((n) => n.length >= 4)),
    );
    entries.forEach((entry, entryIndex) => {
      const seen = new Set<string>();
      const entryTokens = new Set<string>();
      const add = (original: string, kind: 'name' | 'alt_name'): void => {
        const normalized = this.normalizer.normalize(original);
        if (normalized.tokens.length === 0 || seen.has(normalized.text)) return;
        seen.add(normalized.text);
        const variants = variantsOf(normalized);
        const id = this.names.length;
        this.names.push({
          entryIndex,
          kind,
          original,
          normalized,
          variants,
          short: isShortName(normalized),
        });
        for (const v of variants) {
          for (const i of v.index) {
            this.post(v.tokens[i] ?? '', id);
            entryTokens.add(v.tokens[i] ?? '');
          }
        }
      };
      add(entry.name, 'name');
      for (const alt of entry.altNames) add(alt, 'alt_name');
      for (const t of entryTokens) this.entryFrequency.set(t, (this.entryFrequency.get(t) ?? 0) + 1);
    });
    // Inverse entry frequency, squared: a token on one entry weighs 1, one on many entries (a
    // common given name, a word every third company uses) less, down to 0.1 (a given name on 2 %
    // of a 20 000-entry list weighs ~0.18).
    const n = Math.max(1, entries.length);
    const top = Math.log(1 + n / 2);
    this.weight = (token) => {
      const df = this.entryFrequency.get(token) ?? 0;
      const idf = Math.min(1, Math.log(1 + n / (1 + df)) / top);
      return Math.max(0.1, idf * idf);
    };
  }

  /** Weight of a normalized token in the means: 1 for a token on at most one entry, less for common ones. */
  tokenWeight(token: string): number {
    return this.weight(token);
  }

  /** Number of list names (names and distinct alternate names) indexed. */
  get nameCount(): number {
    return this.names.length;
  }

  private post(token: string, id: number): void {
    let vocabId = this.vocabIds.get(token);
    if (vocabId === undefined) {
      vocabId = this.vocab.length;
      this.vocabIds.set(token, vocabId);
      this.vocab.push(token);
      this.vocabMasks.push(letterMask(token));
      this.postings.push([]);
      for (const key of new Set(indexKeys(token))) {
        const block = this.blocks.get(key);
        if (block === undefined) this.blocks.set(key, [vocabId]);
        else block.push(vocabId);
      }
    }
    const list = this.postings[vocabId];
    if (list !== undefined && list[list.length - 1] !== id) list.push(id);
  }

  /**
   * List names that can reach the review threshold with one of the query's variants. A variant
   * reaches it only if each of its index tokens t has a token of the list name at similarity
   * ≥ 1 − (1 − review) × W / w(t) (W: the sum of the variant's weights; otherwise the weighted
   * mean stays below the threshold), so the candidates come from the token whose matches have
   * the fewest postings: a common given name does not make every "Ivan" on the list a candidate.
   */
  private nextStamp(): number {
    if (this.seenStamps.length < this.vocab.length) this.seenStamps = new Uint32Array(this.vocab.length);
    this.stamp = this.stamp >= 0xffffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.seenStamps.fill(0);
    return this.stamp;
  }

  private candidates(variants: readonly Variant[]): Set<number> {
    const review = this.options.reviewThreshold;
    const found = new Set<number>();
    for (const v of variants) {
      const total = v.index.reduce((sum, i) => sum + this.weight(v.tokens[i] ?? ''), 0);
      let best: number[] | undefined;
      let bestPostings = Infinity;
      for (const i of v.index) {
        const token = v.tokens[i] ?? '';
        const bound = Math.max(0, 1 - ((1 - review) * total) / this.weight(token));
        const matches: number[] = [];
        let postings = 0;
        const stamp = this.nextStamp();
        const mask = letterMask(token);
        for (const key of queryKeys(token, bound)) {
          for (const vocabId of this.blocks.get(key) ?? []) {
            if (this.seenStamps[vocabId] === stamp) continue;
            this.seenStamps[vocabId] = stamp;
            const listToken = this.vocab[vocabId] ?? '';
            if (!lengthsAllow(token.length, listToken.length, bound)) continue;
            if (!lettersAllow(token, mask, listToken, this.vocabMasks[vocabId] ?? -1, bound)) continue;
            if (tokenSimilarity(token, listToken) < bound) continue;
            matches.push(vocabId);
            postings += this.postings[vocabId]?.length ?? 0;
          }
        }
        if (postings < bestPostings) {
          best = matches;
          bestPostings = postings;
        }
        if (postings === 0) break;
      }
      for (const vocabId of best ?? []) for (const id of this.postings[vocabId] ?? []) found.add(id);
    }
    return found;
  }

  /**
   * The entries matching `name` at review level or above, best first, one per entry (the list
   * name that scored best). `exhaustive` compares every list name instead of using the index
   * (for measuring the index's recall).
   */
  match(name: string, context: MatchContext = {}, exhaustive = false): NameMatch[] {
    if (exhaustive) return this.compute(name, context, true);
    const key = `${name}\u0000${context.country ?? ''}\u0000${context.registrationNumber ?? ''}`;
    let found = this.memo.get(key);
    if (found === undefined) {
      found = this.compute(name, context, false);
      if (this.memo.size >= ScreeningMatcher.memoLimit) this.memo.clear();
      this.memo.set(key, found);
    }
    // Callers may sort or extend what they get: a copy, the memo's array stays as computed.
    return [...found];
  }

  private compute(name: string, context: MatchContext, exhaustive: boolean): NameMatch[] {
    const query = this.normalizer.normalize(name);
    if (query.tokens.length === 0) return [];
    const variants = variantsOf(query);
    const review = this.options.reviewThreshold;
    const candidates: Iterable<number> = exhaustive ? this.names.keys() : this.candidates(variants);
    const best = new Map<number, { name: ListName; score: number; id: number }>();
    for (const id of candidates) {
      const listName = this.names[id];
      if (listName === undefined) continue;
      const entry = this.entries[listName.entryIndex];
      const score = bestVariantScore(variants, listName.variants, entry?.type !== 'Individual', this.weight);
      if (score < review) continue;
      const prev = best.get(listName.entryIndex);
      // Ties go to the earlier list name (the entry's name before its alternate names), whatever
      // order the index found them in.
      if (prev === undefined || score > prev.score || (score === prev.score && id < prev.id))
        best.set(listName.entryIndex, { name: listName, score, id });
    }
    const queryShort = isShortName(query);
    const country = (context.country ?? '').trim().toUpperCase();
    const registration = compactId(context.registrationNumber ?? '');
    const out: NameMatch[] = [];
    for (const [entryIndex, { name: listName, score }] of best) {
      const entry = this.entries[entryIndex];
      if (entry === undefined) continue;
      const shortName = queryShort || listName.short;
      const corroboration: { country?: string; id?: string } = {};
      if (country !== '' && this.entryCountries[entryIndex]?.has(country)) corroboration.country = country;
      if (registration.length >= 4 && this.entryIds[entryIndex]?.has(registration))
        corroboration.id = context.registrationNumber?.trim() ?? registration;
      const corroborated = corroboration.country !== undefined || corroboration.id !== undefined;
      const reachesHold = score >= this.options.holdThreshold;
      const level: MatchLevel = reachesHold && (!shortName || corroborated) ? 'hold' : 'review';
      out.push({
        entry,
        matchedName: listName.original,
        matchedNameKind: listName.kind,
        normalizedQuery: query.text,
        normalizedMatch: listName.normalized.text,
        score: Math.round(score * 10_000) / 10_000,
        level,
        shortName,
        ...(corroborated ? { corroboration } : {}),
        cappedAtReview: reachesHold && level === 'review',
      });
    }
    return out.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
  }
}
