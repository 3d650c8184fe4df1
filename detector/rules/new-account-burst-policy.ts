/** The `newAccountBurst` section of the policy file (docs/design.md §6.7): its shape, defaults and checks. */
import {
  nonNegative,
  numberField,
  positive,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';

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

export const newAccountBurstDefaults: NewAccountBurstPolicy = {
  maxAccountAgeDays: 30,
  firstDays: 7,
  minControlledGpus: 64,
  minAccountsSharingAttribute: 3,
  sharedAttributeWindowDays: 30,
};

export const newAccountBurstField: SectionField = sectionField({
  maxAccountAgeDays: numberField(positive),
  firstDays: numberField(positive),
  minControlledGpus: numberField(positive),
  minAccountsSharingAttribute: numberField({ min: 2, int: true }),
  sharedAttributeWindowDays: numberField(nonNegative),
});
