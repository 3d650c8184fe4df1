/** The `frontierCompute` section of the policy file (docs/design.md §6.9): its shape, defaults and checks. */
import {
  numberField,
  positive,
  positiveFraction,
  positiveInt,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';

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

export const frontierComputeDefaults: FrontierComputePolicy = {
  windowDays: 90,
  utilization: 0.4,
  infoFlop: 1e25,
  highFlop: 1e26,
};

export const frontierComputeField: SectionField = sectionField<FrontierComputePolicy>(
  {
    windowDays: numberField(positiveInt),
    utilization: numberField(positiveFraction),
    infoFlop: numberField(positive),
    highFlop: numberField(positive),
  },
  (fc, path) =>
    fc.infoFlop > fc.highFlop
      ? [{ field: `${path}.highFlop`, reason: `expected ≥ infoFlop (${fc.infoFlop}), got ${fc.highFlop}` }]
      : [],
);
