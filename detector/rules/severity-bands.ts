/**
 * Severity cut-offs on a rule's own measure, as several rules' policy sections hold them
 * (effectiveOwnership.severityH100e, shellRing.severityScore, succession.severityScore).
 */
import { nonNegative, numberField, sectionField, type SectionField } from '../../common/config-schema.js';

/** Severity cut-offs on a rule's own measure (H100-equivalents, score): at or above → that severity. */
export interface SeverityBands {
  readonly medium: number;
  readonly high: number;
  readonly critical: number;
}

/** The policy-file field of a SeverityBands: three numbers ≥ 0, in order. */
export const severityBandsField: SectionField = sectionField<SeverityBands>(
  { medium: numberField(nonNegative), high: numberField(nonNegative), critical: numberField(nonNegative) },
  (b, path) =>
    b.medium <= b.high && b.high <= b.critical
      ? []
      : [
          {
            field: path,
            reason: `expected medium ≤ high ≤ critical, got ${b.medium} / ${b.high} / ${b.critical}`,
          },
        ],
);
