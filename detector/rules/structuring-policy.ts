/** The `structuring` section of the policy file (docs/design.md §6.4): its shape, defaults and checks. */
import { numberField, sectionField, type SectionField } from '../../common/config-schema.js';

/** docs/design.md §6.4; the thresholds crossed are those of effectiveOwnership. */
export interface StructuringPolicy {
  /** Members with controlled usage in the window needed before a split is considered. Default 2. */
  readonly minMembers: number;
}

export const structuringDefaults: StructuringPolicy = { minMembers: 2 };

export const structuringField: SectionField = sectionField({
  minMembers: numberField({ min: 2, int: true }),
});
