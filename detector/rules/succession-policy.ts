/** The `succession` section of the policy file (docs/design.md §6.6): its shape, defaults and checks. */
import {
  fraction,
  nonNegative,
  numberField,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';
import { severityBandsField, type SeverityBands } from './severity-bands.js';

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

export const successionDefaults: SuccessionPolicy = {
  maxGapDays: 14,
  sizeTolerance: 0.25,
  sharedIdentifierWeight: 1,
  sharedFingerprintWeight: 1,
  sameNodesWeight: 0.5,
  severityScore: { medium: 1, high: 2, critical: 2.5 },
};

export const successionField: SectionField = sectionField({
  maxGapDays: numberField(nonNegative),
  sizeTolerance: numberField(fraction),
  sharedIdentifierWeight: numberField(nonNegative),
  sharedFingerprintWeight: numberField(nonNegative),
  sameNodesWeight: numberField(nonNegative),
  severityScore: severityBandsField,
});
