/**
 * A whole simulation from a seed: the scenarios asked for, built into one fleet, and the ground
 * truth. Deterministic: the only input besides the seed is the anchor (the end hour).
 */
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

export interface SimulationOptions {
  /** Scenario names, or ["all"]. */
  readonly scenarios: readonly string[];
  readonly seed: number;
  /** End of the timeline, on an hour edge (the one wall-clock input). */
  readonly endMs: number;
  /** Default 100. */
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
  const days = options.days ?? 100;
  if (!Number.isInteger(days) || days < minDays || days > maxDays)
    throw new Error(`days: expected an integer ${minDays}..${maxDays}, got ${days}`);
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
