/**
 * The detector's policy (docs/design.md §6): every threshold the rules, linkage and screening use, in one
 * versioned file (`deploy/policy.yaml`, YAML or JSON). Validated as a whole at load: one
 * ConfigError lists every problem (field path, the value, what was expected), unknown keys
 * included; omitted sections and fields take the defaults, so an operator's file holds only
 * `version` and what they change. The result is deeply frozen. Every alert records `version`.
 *
 * Each section belongs to what reads it, which states its shape, defaults and checks
 * (detector/rules/<rule>-policy.ts, detector/linkage/linkage-options.ts,
 * detector/screening/screening-options.ts); this file assembles them, with the fields of the
 * policy as a whole (version, countries of concern, the alert lifecycle), and loads the file.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  deepFreeze,
  isRecord,
  numberField,
  positive,
  resolveFields,
  sectionField,
  type FieldSpecs,
} from '../common/config-schema.js';
import { ConfigError, quote, type Problem } from '../common/errors.js';
import { linkageDefaults, linkageOptionsField, type LinkageOptions } from './linkage/linkage-options.js';
import {
  effectiveOwnershipDefaults,
  effectiveOwnershipField,
  type EffectiveOwnershipPolicy,
} from './rules/effective-ownership-policy.js';
import {
  frontierComputeDefaults,
  frontierComputeField,
  type FrontierComputePolicy,
} from './rules/frontier-compute-policy.js';
import {
  newAccountBurstDefaults,
  newAccountBurstField,
  type NewAccountBurstPolicy,
} from './rules/new-account-burst-policy.js';
import { shellRingDefaults, shellRingField, type ShellRingPolicy } from './rules/shell-ring-policy.js';
import { structuringDefaults, structuringField, type StructuringPolicy } from './rules/structuring-policy.js';
import { successionDefaults, successionField, type SuccessionPolicy } from './rules/succession-policy.js';
import {
  defaultScreeningOptions,
  screeningOptionsField,
  type ScreeningOptions,
} from './screening/screening-options.js';

/** Where the programs look for the policy when no path is given. */
export const defaultPolicyPath = 'deploy/policy.yaml';

/** docs/design.md §7. */
export interface AlertsPolicy {
  /** An open alert whose condition has not held for this many days (event time) is resolved. Default 7. */
  readonly resolveAfterDays: number;
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
  /** docs/design.md §6.2, implemented by detector/linkage/. */
  readonly linkage: LinkageOptions;
  /** docs/design.md §6.8, implemented by detector/screening/. */
  readonly screening: ScreeningOptions;
}

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
  effectiveOwnership: effectiveOwnershipDefaults,
  structuring: structuringDefaults,
  shellRing: shellRingDefaults,
  succession: successionDefaults,
  newAccountBurst: newAccountBurstDefaults,
  frontierCompute: frontierComputeDefaults,
  alerts: { resolveAfterDays: 7 },
  linkage: linkageDefaults,
  screening: defaultScreeningOptions,
};

const schema: FieldSpecs = {
  version: { t: 'string' },
  countriesOfConcern: {
    t: 'strings',
    pattern: /^[A-Z]{2}$/,
    what: 'ISO 3166-1 alpha-2 codes in upper case ("CN")',
  },
  effectiveOwnership: effectiveOwnershipField,
  structuring: structuringField,
  shellRing: shellRingField,
  succession: successionField,
  newAccountBurst: newAccountBurstField,
  frontierCompute: frontierComputeField,
  alerts: sectionField({ resolveAfterDays: numberField(positive) }),
  linkage: linkageOptionsField,
  screening: screeningOptionsField,
};

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
