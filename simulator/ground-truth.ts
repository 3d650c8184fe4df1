/**
 * The ground truth a simulation writes beside its usage: per scenario, which tenants (as the
 * linked cluster an alert names) each rule should flag, as an alert or as an informational record,
 * and which decoys no rule may flag.
 */
import type { AlertRule } from '../common/alerts/alert-model.js';

/** One finding the detector should make. */
export interface Expectation {
  readonly rule: AlertRule;
  /** The tenants the finding is about (the linked cluster), sorted. */
  readonly tenantIds: readonly string[];
  /** `alert`: a real alert; `info`: an informational record (docs/design.md §6.3 context), no webhook. */
  readonly kind: 'alert' | 'info';
  /** Why, in words, for the report. */
  readonly why: string;
}

/** Tenants that look suspicious in some way but must not be flagged by any rule. */
export interface Decoy {
  readonly tenantIds: readonly string[];
  readonly why: string;
}

export interface ScenarioTruth {
  readonly scenario: string;
  readonly title: string;
  readonly expect: readonly Expectation[];
  readonly decoys: readonly Decoy[];
}

export interface GroundTruth {
  readonly version: 1;
  readonly seed: number;
  /** End of the simulated timeline (the anchor hour), unix ms. */
  readonly endMs: number;
  readonly days: number;
  readonly scenarios: readonly ScenarioTruth[];
}

/** An alert or record as the store holds it, reduced to what scoring needs. */
export interface RaisedFinding {
  readonly rule: AlertRule;
  readonly tenantIds: readonly string[];
  readonly informational: boolean;
  readonly state: string;
  readonly alertId: string;
}

/** Per rule: expectations found and missed, raised findings that match none (false alarms). */
export interface RuleScore {
  readonly rule: AlertRule;
  readonly expected: number;
  readonly found: number;
  readonly missed: number;
  readonly falseAlarms: number;
  /** Of the findings counted above, how many were informational records. */
  readonly infoExpected: number;
  readonly infoFound: number;
}

export interface Score {
  readonly rules: readonly RuleScore[];
  /** Expectations no raised finding matched. */
  readonly missed: readonly (Expectation & { readonly scenario: string })[];
  /** Raised findings that match no expectation. */
  readonly falseAlarms: readonly RaisedFinding[];
  /** False alarms that name a decoy or a tenant of the honest fleet. */
  readonly decoysFlagged: readonly RaisedFinding[];
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return b.some((x) => set.has(x));
}

/**
 * Matches the live findings (not resolved) against the truth. A finding matches an expectation of
 * the same rule and kind (alert vs informational) that names at least one of its tenants; an
 * alert where an informational record was expected (or the reverse) is a false alarm and leaves
 * the expectation missed.
 */
export function scoreFindings(
  truth: GroundTruth,
  raised: readonly RaisedFinding[],
  rules: readonly AlertRule[],
): Score {
  const live = raised.filter((r) => r.state !== 'resolved');
  const expectations = truth.scenarios.flatMap((s) => s.expect.map((e) => ({ ...e, scenario: s.scenario })));
  const matched = new Set<number>();
  const falseAlarms: RaisedFinding[] = [];
  for (const r of live) {
    const kind = r.informational ? 'info' : 'alert';
    let hit = false;
    expectations.forEach((e, i) => {
      if (e.rule === r.rule && e.kind === kind && overlaps(e.tenantIds, r.tenantIds)) {
        matched.add(i);
        hit = true;
      }
    });
    if (!hit) falseAlarms.push(r);
  }
  const decoyTenants = truth.scenarios.flatMap((s) => s.decoys.flatMap((d) => d.tenantIds));
  const scores = rules.map((rule): RuleScore => {
    const mine = expectations.map((e, i) => ({ e, i })).filter(({ e }) => e.rule === rule);
    const found = mine.filter(({ i }) => matched.has(i));
    return {
      rule,
      expected: mine.length,
      found: found.length,
      missed: mine.length - found.length,
      falseAlarms: falseAlarms.filter((f) => f.rule === rule).length,
      infoExpected: mine.filter(({ e }) => e.kind === 'info').length,
      infoFound: found.filter(({ e }) => e.kind === 'info').length,
    };
  });
  return {
    rules: scores,
    missed: expectations.filter((_, i) => !matched.has(i)),
    falseAlarms,
    decoysFlagged: falseAlarms.filter((f) => overlaps(decoyTenants, f.tenantIds)),
  };
}

/** Precision and recall of one rule (1 when there is nothing to find or nothing was raised). */
export function precisionRecall(s: RuleScore): { precision: number; recall: number } {
  const raised = s.found + s.falseAlarms;
  return {
    precision: raised === 0 ? 1 : s.found / raised,
    recall: s.expected === 0 ? 1 : s.found / s.expected,
  };
}
