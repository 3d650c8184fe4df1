/**
 * The detector's policy (docs/design.md §6): every threshold the rules, linkage and screening use, in one
 * versioned file (`deploy/policy.yaml`, YAML or JSON). Validated as a whole at load: one
 * ConfigError lists every problem (field path, the value, what was expected), unknown keys
 * included; omitted sections and fields take the defaults below, so an operator's file holds only
 * `version` and what they change. The result is deeply frozen. Every alert records `version`.
 */
import { linkageAttributeKinds, linkageDefaults } from './linkage/linkage-options.js';
import { defaultScreeningOptions } from './screening/name-match.js';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, quote, type Problem } from '../common/errors.js';

/** Severity cut-offs on a rule's own measure (H100-equivalents, score): at or above → that severity. */
export interface SeverityBands {
  readonly medium: number;
  readonly high: number;
  readonly critical: number;
}

/** docs/design.md §6.3. */
export interface EffectiveOwnershipPolicy {
  /** Rolling window of usage, in days, ending at the watermark. Default 90. */
  readonly windowDays: number;
  /** Mean concurrent controlled GPUs over the window, at or above. Default 8. */
  readonly minMeanConcurrentGpus: number;
  /** Share of the window's hours holding ≥ occupancyFractionOfMean × mean, at or above (0..1). Default 0.8. */
  readonly minOccupancy: number;
  /** The per-hour floor of occupancy as a fraction of the mean (0..1). Default 0.8. */
  readonly occupancyFractionOfMean: number;
  /** Unbroken run of days with controlled usage, in days, at or above. Default 90. */
  readonly minTenureDays: number;
  /**
   * Whole UTC days without controlled usage that do not break a tenure run (maintenance, a node
   * swap); they count towards the run's length. Default 1.
   */
  readonly tenureGapToleranceDays: number;
  /** A reserved term of at least this many months stands in for occupancy and tenure. Default 12. */
  readonly reservedTermMonths: number;
  /** Tenant attribute holding the reserved term in months. Default "reserved_term_months". */
  readonly reservedTermAttribute: string;
  /** Severity by mean concurrent H100-equivalents held: ≥ 64 medium, ≥ 256 high, ≥ 1 699 critical; below → low. */
  readonly severityH100e: SeverityBands;
}

/** docs/design.md §6.4; the thresholds crossed are those of effectiveOwnership. */
export interface StructuringPolicy {
  /** Members with controlled usage in the window needed before a split is considered. Default 2. */
  readonly minMembers: number;
}

/** Weights (score points) of the shell-ring signals; the score is strongLink + Σ weight × share of members showing the signal. */
export interface ShellRingWeights {
  /** Base score of members with different declared identities sharing a strong identifier. Default 1. */
  readonly strongLink: number;
  /** Incorporated less than incorporatedBeforeSignupMonths before the account was created. Default 1. */
  readonly recentIncorporation: number;
  /** An address shared by ≥ sharedAddressMinTenants tenants. Default 1. */
  readonly sharedAddress: number;
  /** Not KYC-verified. Default 1.5. */
  readonly noKyc: number;
  /** Attribute payer_is_account_holder = "false". Default 1. */
  readonly thirdPartyPayer: number;
  /** Bought through a reseller that has not identified its customer (attribute reseller_customer_identified ≠ "true"). Default 1. */
  readonly unidentifiedResellerCustomer: number;
}

/** docs/design.md §6.5. */
export interface ShellRingPolicy {
  /** Members needed. Default 2. */
  readonly minTenants: number;
  /** Link evidence kinds that count as strong identifiers. Default payment_fingerprint, ssh_key, registration_number. */
  readonly strongKinds: readonly string[];
  /** Months between incorporation and sign-up under which incorporation is "recent". Default 12. */
  readonly incorporatedBeforeSignupMonths: number;
  /** Tenants at one address digest from which the address is a shell signal. Default 5. */
  readonly sharedAddressMinTenants: number;
  readonly weights: ShellRingWeights;
  /** Severity by score; below medium → low. Default 2 / 3 / 4.5. */
  readonly severityScore: SeverityBands;
}

/** docs/design.md §6.6. */
export interface SuccessionPolicy {
  /** Days from A's last usage to B's first usage, at most. Default 14. */
  readonly maxGapDays: number;
  /** |B − A| ÷ A of mean concurrent GPUs over each one's active span, at most. Default 0.25. */
  readonly sizeTolerance: number;
  /** Score of a shared identifier (any linkage kind but workload_fingerprint). Default 1. */
  readonly sharedIdentifierWeight: number;
  /** Score of a shared workload fingerprint. Default 1. */
  readonly sharedFingerprintWeight: number;
  /** Score added when B landed on A's nodes; never enough alone. Default 0.5. */
  readonly sameNodesWeight: number;
  /** Severity by score; below medium → low. Default 1 / 2 / 2.5. */
  readonly severityScore: SeverityBands;
}

/** docs/design.md §6.7. */
export interface NewAccountBurstPolicy {
  /** Accounts younger than this (days, at the watermark) are new. Default 30. */
  readonly maxAccountAgeDays: number;
  /** The burst is measured over the account's first days. Default 7. */
  readonly firstDays: number;
  /** Peak concurrent controlled GPUs in those days, at or above. Default 64. */
  readonly minControlledGpus: number;
  /** Accounts sharing one attribute value … Default 3. */
  readonly minAccountsSharingAttribute: number;
  /** … all created within this many days. Default 30. */
  readonly sharedAttributeWindowDays: number;
}

/** docs/design.md §6.9. */
export interface FrontierComputePolicy {
  /** Usage window in days ending at the watermark. Default 90. */
  readonly windowDays: number;
  /** Assumed utilization of dense peak FLOP/s (0..1]. Default 0.4. */
  readonly utilization: number;
  /** Estimated FLOP at or above which an info finding is made. Default 1e25 (EU AI Act). */
  readonly infoFlop: number;
  /** Estimated FLOP at or above which the finding is high. Default 1e26 (2023 US executive order). */
  readonly highFlop: number;
}

/** docs/design.md §7. */
export interface AlertsPolicy {
  /** An open alert whose condition has not held for this many days (event time) is resolved. Default 7. */
  readonly resolveAfterDays: number;
}

/** docs/design.md §6.2, implemented by detector/linkage/. */
export interface LinkagePolicy {
  /**
   * Log-odds per attribute kind: payment_fingerprint, ssh_key, registration_number, email, phone,
   * address, admin_ip, beneficial_owner, workload_fingerprint, email_domain.
   */
  readonly weights: Readonly<Record<string, number>>;
  /** Two tenants are linked when their summed evidence weight is at or above this. Default 6. */
  readonly linkThreshold: number;
  /** A value shared by more tenants than this is generic and ignored. Default 20. */
  readonly genericValueMaxTenants: number;
}

/** docs/design.md §6.8, implemented by detector/screening/. */
export interface ScreeningPolicy {
  /** Name similarity (0..1) at or above which a match is reviewed. Default 0.92. */
  readonly reviewThreshold: number;
  /** Name similarity (0..1) at or above which the tenant is held. Default 0.97. */
  readonly holdThreshold: number;
  /** Lower-case tokens down-weighted in name matching. */
  readonly genericTokens: readonly string[];
}

export interface Policy {
  /** Recorded on every alert. Required. */
  readonly version: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly countriesOfConcern: readonly string[];
  readonly effectiveOwnership: EffectiveOwnershipPolicy;
  readonly structuring: StructuringPolicy;
  readonly shellRing: ShellRingPolicy;
  readonly succession: SuccessionPolicy;
  readonly newAccountBurst: NewAccountBurstPolicy;
  readonly frontierCompute: FrontierComputePolicy;
  readonly alerts: AlertsPolicy;
  readonly linkage: LinkagePolicy;
  readonly screening: ScreeningPolicy;
}

/** Linkage attribute kinds the weights may name. */
export const linkageKinds: readonly string[] = linkageAttributeKinds;

/**
 * Country Group D:5 (15 CFR 740 Supp. 1; the same as ITAR § 126.1) as of 2026 — Cambodia left it
 * in February 2026 — plus China, Hong Kong and Macau.
 */
export const defaultCountriesOfConcern: readonly string[] = Object.freeze([
  'AF', 'BY', 'CF', 'CN', 'CU', 'CD', 'ER', 'HT', 'IR', 'IQ', 'KP', 'LB', 'LY', 'MM', 'NI', 'RU', 'SO', 'SS', 'SD',
  'SY', 'VE', 'ZW', 'HK', 'MO',
]); // prettier-ignore

/** Every default but `version` (which an operator must set). */
export const defaultPolicy: Omit<Policy, 'version'> = {
  countriesOfConcern: defaultCountriesOfConcern,
  effectiveOwnership: {
    windowDays: 90,
    minMeanConcurrentGpus: 8,
    minOccupancy: 0.8,
    occupancyFractionOfMean: 0.8,
    minTenureDays: 90,
    tenureGapToleranceDays: 1,
    reservedTermMonths: 12,
    reservedTermAttribute: 'reserved_term_months',
    severityH100e: { medium: 64, high: 256, critical: 1699 },
  },
  structuring: { minMembers: 2 },
  shellRing: {
    minTenants: 2,
    strongKinds: ['payment_fingerprint', 'ssh_key', 'registration_number'],
    incorporatedBeforeSignupMonths: 12,
    sharedAddressMinTenants: 5,
    weights: {
      strongLink: 1,
      recentIncorporation: 1,
      sharedAddress: 1,
      noKyc: 1.5,
      thirdPartyPayer: 1,
      unidentifiedResellerCustomer: 1,
    },
    severityScore: { medium: 2, high: 3, critical: 4.5 },
  },
  succession: {
    maxGapDays: 14,
    sizeTolerance: 0.25,
    sharedIdentifierWeight: 1,
    sharedFingerprintWeight: 1,
    sameNodesWeight: 0.5,
    severityScore: { medium: 1, high: 2, critical: 2.5 },
  },
  newAccountBurst: {
    maxAccountAgeDays: 30,
    firstDays: 7,
    minControlledGpus: 64,
    minAccountsSharingAttribute: 3,
    sharedAttributeWindowDays: 30,
  },
  frontierCompute: { windowDays: 90, utilization: 0.4, infoFlop: 1e25, highFlop: 1e26 },
  alerts: { resolveAfterDays: 7 },
  // One source for linkage defaults: the module that implements it (rationale there).
  linkage: linkageDefaults,
  // One source for screening defaults: the matcher (its generic words include place names).
  screening: defaultScreeningOptions,
};

// ── schema ──────────────────────────────────────────────────────────────────

type NumberSpec = {
  readonly t: 'number';
  readonly min?: number;
  /** min is exclusive. */
  readonly above?: boolean;
  readonly max?: number;
  readonly int?: boolean;
};
type Spec =
  | NumberSpec
  | { readonly t: 'string' }
  | {
      readonly t: 'strings';
      readonly pattern?: RegExp;
      readonly what: string;
      readonly oneOf?: readonly string[];
    }
  | { readonly t: 'weights'; readonly keys: readonly string[] }
  | { readonly t: 'section'; readonly fields: Readonly<Record<string, Spec>> };

const positive: NumberSpec = { t: 'number', min: 0, above: true };
const nonNegative: NumberSpec = { t: 'number', min: 0 };
const fraction: NumberSpec = { t: 'number', min: 0, max: 1 };
const positiveFraction: NumberSpec = { t: 'number', min: 0, above: true, max: 1 };
const positiveInt: NumberSpec = { t: 'number', min: 1, int: true };
const nonNegativeInt: NumberSpec = { t: 'number', min: 0, int: true };
const bands: Spec = {
  t: 'section',
  fields: { medium: nonNegative, high: nonNegative, critical: nonNegative },
};

const schema: Readonly<Record<string, Spec>> = {
  version: { t: 'string' },
  countriesOfConcern: {
    t: 'strings',
    pattern: /^[A-Z]{2}$/,
    what: 'ISO 3166-1 alpha-2 codes in upper case ("CN")',
  },
  effectiveOwnership: {
    t: 'section',
    fields: {
      windowDays: positiveInt,
      minMeanConcurrentGpus: positive,
      minOccupancy: fraction,
      occupancyFractionOfMean: fraction,
      minTenureDays: nonNegativeInt,
      tenureGapToleranceDays: nonNegativeInt,
      reservedTermMonths: positiveInt,
      reservedTermAttribute: { t: 'string' },
      severityH100e: bands,
    },
  },
  structuring: { t: 'section', fields: { minMembers: { t: 'number', min: 2, int: true } } },
  shellRing: {
    t: 'section',
    fields: {
      minTenants: { t: 'number', min: 2, int: true },
      strongKinds: { t: 'strings', what: 'linkage attribute kinds', oneOf: linkageKinds },
      incorporatedBeforeSignupMonths: nonNegativeInt,
      sharedAddressMinTenants: { t: 'number', min: 2, int: true },
      weights: {
        t: 'section',
        fields: {
          strongLink: nonNegative,
          recentIncorporation: nonNegative,
          sharedAddress: nonNegative,
          noKyc: nonNegative,
          thirdPartyPayer: nonNegative,
          unidentifiedResellerCustomer: nonNegative,
        },
      },
      severityScore: bands,
    },
  },
  succession: {
    t: 'section',
    fields: {
      maxGapDays: nonNegative,
      sizeTolerance: fraction,
      sharedIdentifierWeight: nonNegative,
      sharedFingerprintWeight: nonNegative,
      sameNodesWeight: nonNegative,
      severityScore: bands,
    },
  },
  newAccountBurst: {
    t: 'section',
    fields: {
      maxAccountAgeDays: positive,
      firstDays: positive,
      minControlledGpus: positive,
      minAccountsSharingAttribute: { t: 'number', min: 2, int: true },
      sharedAttributeWindowDays: nonNegative,
    },
  },
  frontierCompute: {
    t: 'section',
    fields: {
      windowDays: positiveInt,
      utilization: positiveFraction,
      infoFlop: positive,
      highFlop: positive,
    },
  },
  alerts: { t: 'section', fields: { resolveAfterDays: positive } },
  linkage: {
    t: 'section',
    fields: {
      weights: { t: 'weights', keys: linkageKinds },
      linkThreshold: positive,
      genericValueMaxTenants: positiveInt,
    },
  },
  screening: {
    t: 'section',
    fields: {
      reviewThreshold: fraction,
      holdThreshold: fraction,
      genericTokens: { t: 'strings', pattern: /^\S+$/, what: 'single words' },
    },
  },
};

function describeNumber(spec: NumberSpec): string {
  const kind = spec.int ? 'an integer' : 'a number';
  const lo = spec.min === undefined ? '' : spec.above ? `> ${spec.min}` : `≥ ${spec.min}`;
  const hi = spec.max === undefined ? '' : `≤ ${spec.max}`;
  const range = [lo, hi].filter((s) => s !== '').join(' and ');
  return range === '' ? kind : `${kind} ${range}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates `raw` against `spec`, merging over `fallback`; pushes problems and returns the merged value. */
function resolve(spec: Spec, raw: unknown, fallback: unknown, path: string, problems: Problem[]): unknown {
  if (raw === undefined) return fallback;
  switch (spec.t) {
    case 'number': {
      const ok =
        typeof raw === 'number' &&
        Number.isFinite(raw) &&
        (!spec.int || Number.isInteger(raw)) &&
        (spec.min === undefined || (spec.above ? raw > spec.min : raw >= spec.min)) &&
        (spec.max === undefined || raw <= spec.max);
      if (!ok) problems.push({ field: path, reason: `expected ${describeNumber(spec)}, got ${quote(raw)}` });
      return ok ? raw : fallback;
    }
    case 'string': {
      const ok = typeof raw === 'string' && raw.trim() !== '';
      if (!ok) problems.push({ field: path, reason: `expected a non-empty string, got ${quote(raw)}` });
      return ok ? raw.trim() : fallback;
    }
    case 'strings': {
      if (!Array.isArray(raw)) {
        problems.push({ field: path, reason: `expected a list of ${spec.what}, got ${quote(raw)}` });
        return fallback;
      }
      const before = problems.length;
      raw.forEach((item: unknown, i) => {
        const ok =
          typeof item === 'string' &&
          (spec.pattern === undefined || spec.pattern.test(item)) &&
          (spec.oneOf === undefined || spec.oneOf.includes(item));
        if (!ok) {
          const expected = spec.oneOf !== undefined ? `one of ${spec.oneOf.join(', ')}` : spec.what;
          problems.push({ field: `${path}[${i}]`, reason: `expected ${expected}, got ${quote(item)}` });
        }
      });
      return problems.length === before ? [...new Set(raw as string[])] : fallback;
    }
    case 'weights': {
      if (!isRecord(raw)) {
        problems.push({
          field: path,
          reason: `expected a mapping of attribute kind to weight, got ${quote(raw)}`,
        });
        return fallback;
      }
      // Per-kind override: an operator changes one weight without restating the others.
      const merged: Record<string, number> = { ...(fallback as Record<string, number>) };
      for (const [key, value] of Object.entries(raw)) {
        if (!spec.keys.includes(key)) {
          problems.push({
            field: `${path}.${key}`,
            reason: `unknown attribute kind (expected one of ${spec.keys.join(', ')})`,
          });
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          problems.push({
            field: `${path}.${key}`,
            reason: `expected a number (log-odds), got ${quote(value)}`,
          });
        } else merged[key] = value;
      }
      return merged;
    }
    case 'section': {
      if (!isRecord(raw)) {
        problems.push({ field: path, reason: `expected a mapping, got ${quote(raw)}` });
        return fallback;
      }
      return resolveFields(spec.fields, raw, fallback as Record<string, unknown>, `${path}.`, problems);
    }
  }
}

function resolveFields(
  fields: Readonly<Record<string, Spec>>,
  raw: Record<string, unknown>,
  fallback: Record<string, unknown>,
  prefix: string,
  problems: Problem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in fields)) {
      problems.push({
        field: `${prefix}${key}`,
        reason: `unknown key (expected one of ${Object.keys(fields).join(', ')})`,
      });
    }
  }
  for (const [key, spec] of Object.entries(fields)) {
    out[key] = resolve(spec, raw[key], fallback[key], `${prefix}${key}`, problems);
  }
  return out;
}

function checkBands(b: SeverityBands, path: string, problems: Problem[]): void {
  if (!(b.medium <= b.high && b.high <= b.critical)) {
    problems.push({
      field: path,
      reason: `expected medium ≤ high ≤ critical, got ${b.medium} / ${b.high} / ${b.critical}`,
    });
  }
}

function crossChecks(p: Policy, problems: Problem[]): void {
  checkBands(p.effectiveOwnership.severityH100e, 'effectiveOwnership.severityH100e', problems);
  checkBands(p.shellRing.severityScore, 'shellRing.severityScore', problems);
  checkBands(p.succession.severityScore, 'succession.severityScore', problems);
  if (p.frontierCompute.infoFlop > p.frontierCompute.highFlop) {
    problems.push({
      field: 'frontierCompute.highFlop',
      reason: `expected ≥ infoFlop (${p.frontierCompute.infoFlop}), got ${p.frontierCompute.highFlop}`,
    });
  }
  if (p.screening.reviewThreshold > p.screening.holdThreshold) {
    problems.push({
      field: 'screening.holdThreshold',
      reason: `expected ≥ reviewThreshold (${p.screening.reviewThreshold}), got ${p.screening.holdThreshold}`,
    });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates a parsed policy document and fills in the defaults. Throws one ConfigError listing
 * every problem; `source` (a file name) prefixes the field paths.
 */
export function parsePolicy(raw: unknown, source = 'policy'): Policy {
  const problems: Problem[] = [];
  let policy: Policy | undefined;
  if (!isRecord(raw)) {
    problems.push({ field: source, reason: `expected a mapping with at least "version", got ${quote(raw)}` });
  } else {
    if (raw.version === undefined) {
      problems.push({ field: 'version', reason: 'required: every alert records the policy version' });
    }
    const fallback: Record<string, unknown> = { ...structuredClone(defaultPolicy), version: '' };
    policy = resolveFields(schema, raw, fallback, '', problems) as unknown as Policy;
    crossChecks(policy, problems);
  }
  if (problems.length > 0 || policy === undefined) {
    throw new ConfigError(
      problems.map((p) => (p.field === source ? p : { ...p, field: `${source}: ${p.field}` })),
    );
  }
  return deepFreeze(policy);
}

/** Reads and validates a policy file: `.json` as JSON, anything else as YAML. */
export function loadPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    throw new ConfigError([
      { field: path, reason: `cannot read the policy file: ${(err as Error).message}` },
    ]);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err: unknown) {
    throw new ConfigError([
      { field: path, reason: `cannot parse the policy file: ${(err as Error).message}` },
    ]);
  }
  return parsePolicy(raw, path);
}
