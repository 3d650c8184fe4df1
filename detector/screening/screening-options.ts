/**
 * The `screening` section of the policy file (docs/design.md §6.8): the name matcher's thresholds
 * and generic words, their defaults and their checks, which the policy file and ScreeningMatcher
 * (name-match.ts) both apply.
 */
import {
  positiveFraction,
  numberField,
  resolveField,
  sectionField,
  type SectionField,
} from '../../common/config-schema.js';
import { ValidationError, type Problem } from '../../common/errors.js';
import { defaultGenericTokens } from './name-normalize.js';

/** The `screening` section of the policy file. */
export interface ScreeningOptions {
  /** Score (0..1] at or above which a match is reviewed. Policy default 0.92. */
  readonly reviewThreshold: number;
  /** Score (0..1] at or above which the tenant is held (short names need corroboration). Policy default 0.97. */
  readonly holdThreshold: number;
  /** Tokens down-weighted in matching (normalized like names), single words. Default {@link defaultGenericTokens}. */
  readonly genericTokens: readonly string[];
}

/** Defaults of docs/design.md §6.8. */
export const defaultScreeningOptions: ScreeningOptions = Object.freeze({
  reviewThreshold: 0.92,
  holdThreshold: 0.97,
  genericTokens: defaultGenericTokens,
});

export const screeningOptionsField: SectionField = sectionField<ScreeningOptions>(
  {
    reviewThreshold: numberField(positiveFraction),
    holdThreshold: numberField(positiveFraction),
    genericTokens: { t: 'strings', pattern: /^\S+$/, what: 'single words' },
  },
  (s, path) =>
    s.reviewThreshold > s.holdThreshold
      ? [
          {
            field: `${path}.holdThreshold`,
            reason: `expected ≥ reviewThreshold (${s.reviewThreshold}), got ${s.holdThreshold}`,
          },
        ]
      : [],
);

/** Checks the options as the policy file's section is checked; throws a ValidationError naming each bad field. */
export function validateScreeningOptions(options: ScreeningOptions): void {
  const problems: Problem[] = [];
  resolveField(screeningOptionsField, options, defaultScreeningOptions, 'screening', problems);
  if (problems.length > 0) throw new ValidationError(problems);
}
