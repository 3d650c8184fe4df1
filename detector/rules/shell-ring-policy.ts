/** The `shellRing` section of the policy file (docs/design.md §6.5): its shape, defaults and checks. */
import {
  nonNegative,
  nonNegativeInt,
  numberField,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';
import { linkageAttributeKinds } from '../linkage/linkage-options.js';
import { severityBandsField, type SeverityBands } from './severity-bands.js';

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

export const shellRingDefaults: ShellRingPolicy = {
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
};

export const shellRingField: SectionField = sectionField({
  minTenants: numberField({ min: 2, int: true }),
  strongKinds: { t: 'strings', what: 'linkage attribute kinds', oneOf: linkageAttributeKinds },
  incorporatedBeforeSignupMonths: numberField(nonNegativeInt),
  sharedAddressMinTenants: numberField({ min: 2, int: true }),
  weights: sectionField({
    strongLink: numberField(nonNegative),
    recentIncorporation: numberField(nonNegative),
    sharedAddress: numberField(nonNegative),
    noKyc: numberField(nonNegative),
    thirdPartyPayer: numberField(nonNegative),
    unidentifiedResellerCustomer: numberField(nonNegative),
  }),
  severityScore: severityBandsField,
});
