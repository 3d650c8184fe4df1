/**
 * A whole simulation from a seed: the scenarios asked for, built into one fleet, and the ground
 * truth. Deterministic: the only input besides the seed is the anchor (the end hour).
 */
import { quote } from '../common/errors.js';
import { FleetBuilder } from './fleet-builder.js';
import type { GroundTruth } from './ground-truth.js';
import { Prng } from './prng.js';
import type { Scenario } from './scenario.js';
import { effectiveOwnership } from './scenarios/effective-ownership.js';
import { frontierCompute } from './scenarios/frontier-compute.js';
import { honestFleet } from './scenarios/honest-fleet.js';
import { newAccountBurst } from './scenarios/new-account-burst.js';
import { screening } from './scenarios/screening.js';
import { shellRing } from './scenarios/shell-ring.js';
import { succession } from './scenarios/succession.js';

/** Every scenario, in the order `all` runs them. */
export const scenarios: readonly Scenario[] = Object.freeze([
  honestFleet,
  effectiveOwnership,
  shellRing,
  succession,
  newAccountBurst,
  screening,
  frontierCompute,
]);

export const scenarioNames: readonly string[] = Object.freeze(scenarios.map((s) => s.name));

/** Shortest timeline the scenarios' truth holds for: the 90-day rule window plus the hand-overs. */
export const minDays = 95;
/** Longest: hourly aggregates are kept 120 days. */
export const maxDays = 110;

/** What a simulation takes when not told otherwise (the simulate and demo commands show these). */
export const simulationDefaults: {
  readonly scenarios: readonly string[];
  readonly seed: number;
  readonly days: number;
} = Object.freeze({
  scenarios: Object.freeze(['all']),
  seed: 1,
  /** Days of usage, in minDays..maxDays. */
  days: 100,
});

/** The problem with a `--scenario` list (names or `all`), or undefined when every name is known. */
export function checkScenarioNames(names: readonly string[]): string | undefined {
  if (names.length === 0) return 'expected at least one scenario';
  const bad = names.filter((s) => s !== 'all' && !scenarioNames.includes(s));
  return bad.length === 0
    ? undefined
    : `expected all or one of ${scenarioNames.join(', ')}, got ${bad.map((b) => quote(b)).join(', ')}`;
}

/** The problem with a number of days, or undefined when it is an integer in minDays..maxDays. */
export function checkDays(days: number): string | undefined {
  return Number.isInteger(days) && days >= minDays && days <= maxDays
    ? undefined
    : `expected an integer ${minDays}..${maxDays}, got ${days}`;
}

export interface SimulationOptions {
  /** Scenario names, or ["all"]. */
  readonly scenarios: readonly string[];
  readonly seed: number;
  /** End of the timeline, on an hour edge (the one wall-clock input). */
  readonly endMs: number;
  /** Default simulationDefaults.days. */
  readonly days?: number;
}

export interface Simulation {
  readonly fleet: FleetBuilder;
  readonly truth: GroundTruth;
}

/** Resolves `--scenario` values: names or `all`; throws naming an unknown one. */
export function selectScenarios(names: readonly string[]): Scenario[] {
  if (names.includes('all')) return [...scenarios];
  return names.map((name) => {
    const s = scenarios.find((x) => x.name === name);
    if (s === undefined)
      throw new Error(
        `unknown scenario ${JSON.stringify(name)}: expected all or one of ${scenarioNames.join(', ')}`,
      );
    return s;
  });
}

export function buildSimulation(options: SimulationOptions): Simulation {
  const days = options.days ?? simulationDefaults.days;
  const problem = checkDays(days);
  if (problem !== undefined) throw new Error(`days: ${problem}`);
  const fleet = new FleetBuilder(options.endMs, days);
  const root = new Prng(options.seed);
  const truths = selectScenarios(options.scenarios).map((scenario) => {
    // Each scenario draws from its own stream, so adding one leaves the others unchanged.
    const result = scenario.build({ prng: root.fork(scenario.name), fleet });
    return { scenario: scenario.name, title: scenario.title, expect: result.expect, decoys: result.decoys };
  });
  return {
    fleet,
    truth: { version: 1, seed: options.seed, endMs: options.endMs, days, scenarios: truths },
  };
}
