/**
 * Linkage weights and cut-offs (docs/design.md §6.2): the policy file's `linkage` section, its
 * defaults and its checks. resolveLinkageOptions() applies the same checks to a partial set for
 * callers that build one themselves (the resolver, tests, the benchmark).
 */
import {
  deepFreeze,
  numberField,
  positive,
  resolveField,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';
import { ConfigError, type Problem } from '../../common/errors.js';

/** Attribute kinds that linkage weighs (the identity kinds plus workload fingerprints). */
export const linkageAttributeKinds = Object.freeze([
  'payment_fingerprint',
  'ssh_key',
  'registration_number',
  'email',
  'phone',
  'address',
  'admin_ip',
  'beneficial_owner',
  'workload_fingerprint',
  'email_domain',
] as const);

/** One of linkageAttributeKinds. */
export type LinkageAttributeKind = (typeof linkageAttributeKinds)[number];

/** How shared attribute values turn into links. */
export interface LinkageOptions {
  /**
   * Log-odds (Fellegi–Sunter agreement weight, log2 m/u) per attribute kind; a kind without a
   * weight counts 0. Defaults: linkageDefaults.weights.
   */
  readonly weights: Readonly<Record<string, number>>;
  /** Two tenants are linked when the weights of the values they share sum to at least this. Default 6. */
  readonly linkThreshold: number;
  /**
   * A value held by more tenants than this is generic (free-mail domain, NAT or VPN address,
   * public image) and ignored; it is listed as ignored in the evidence. Default 20.
   */
  readonly genericValueMaxTenants: number;
}

/**
 * The defaults, as Fellegi–Sunter agreement weights log2(m/u): m = P(value shared | same actor),
 * u = P(value shared | unrelated tenants). Rounded so that the rules of docs/design.md §6.2 hold by
 * construction (checked in test/detector/linkage/link-scoring.test.ts):
 *
 * - strong identifiers reach the threshold (6) alone: a payment instrument's token (u ≈ 2^-9:
 *   cards are rarely shared between unrelated firms), an SSH key (u ≈ 2^-8: the private half
 *   never leaves its owner), a company registration number (u ≈ 2^-7: unique per jurisdiction,
 *   typos and group companies aside);
 * - medium ones (3–4.5) need two: email (4.5), beneficial owner (4.5: names collide), phone (4:
 *   switchboards), workload fingerprint of a private image (4: a base image can be shared by
 *   partners), normalized address (3.5: office buildings, registered agents), admin IP (3:
 *   offices, cloud egress). Any two sum to ≥ 6, the weakest pair being two admin IPs;
 * - email_domain (1) only ever adds a little: the strongest medium plus a shared domain is 5.5,
 *   below the threshold, so a domain never links alone nor turns one medium into a link;
 * - values shared by more than 20 tenants carry no information about any one pair (u is large:
 *   gmail.com, a carrier-grade NAT, a public base image) and are ignored, whatever their kind.
 *
 * Nodes handed from one tenant to the next are not evidence here at all: providers re-let nodes
 * every day, so linkage reads no node or GPU data (succession may weigh it beside a link).
 */
export const linkageDefaults: LinkageOptions = Object.freeze({
  weights: Object.freeze({
    payment_fingerprint: 9,
    ssh_key: 8,
    registration_number: 7,
    email: 4.5,
    beneficial_owner: 4.5,
    phone: 4,
    workload_fingerprint: 4,
    address: 3.5,
    admin_ip: 3,
    email_domain: 1,
  }),
  linkThreshold: 6,
  genericValueMaxTenants: 20,
});

/** The policy-file field of the linkage section. */
export const linkageOptionsField: SectionField = sectionField({
  weights: { t: 'weights', keys: linkageAttributeKinds, keyName: 'attribute kind' },
  linkThreshold: numberField(positive),
  // Below 2 every shared value would be generic: nothing could link.
  genericValueMaxTenants: numberField({ min: 2, int: true }),
});

/**
 * Fills the defaults (a partial `weights` replaces only the kinds it names) and checks the
 * result as the policy file's section is checked; throws one ConfigError listing every problem.
 * The result is frozen.
 */
export function resolveLinkageOptions(options: Partial<LinkageOptions> = {}): LinkageOptions {
  const problems: Problem[] = [];
  const resolved = resolveField(linkageOptionsField, options, linkageDefaults, 'linkage', problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({ ...(resolved as LinkageOptions) });
}
