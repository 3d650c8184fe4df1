/** The `effectiveOwnership` section of the policy file (docs/design.md §6.3): its shape, defaults and checks. */
import {
  fraction,
  nonNegativeInt,
  numberField,
  positive,
  positiveInt,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';
import { severityBandsField, type SeverityBands } from './severity-bands.js';

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

export const effectiveOwnershipDefaults: EffectiveOwnershipPolicy = {
  windowDays: 90,
  minMeanConcurrentGpus: 8,
  minOccupancy: 0.8,
  occupancyFractionOfMean: 0.8,
  minTenureDays: 90,
  tenureGapToleranceDays: 1,
  reservedTermMonths: 12,
  reservedTermAttribute: 'reserved_term_months',
  severityH100e: { medium: 64, high: 256, critical: 1699 },
};

export const effectiveOwnershipField: SectionField = sectionField({
  windowDays: numberField(positiveInt),
  minMeanConcurrentGpus: numberField(positive),
  minOccupancy: numberField(fraction),
  occupancyFractionOfMean: numberField(fraction),
  minTenureDays: numberField(nonNegativeInt),
  tenureGapToleranceDays: numberField(nonNegativeInt),
  reservedTermMonths: numberField(positiveInt),
  reservedTermAttribute: { t: 'string' },
  severityH100e: severityBandsField,
});
