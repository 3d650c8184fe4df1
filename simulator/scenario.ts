/**
 * What a scenario is: a named part of the simulated provider that adds its nodes, tenants and
 * usage to the fleet and says what the detector should make of them.
 */
import type { Decoy, Expectation } from './ground-truth.js';
import type { FleetBuilder } from './fleet-builder.js';
import type { Prng } from './prng.js';

export interface ScenarioContext {
  /** This scenario's own generator (forked from the seed by scenario name). */
  readonly prng: Prng;
  readonly fleet: FleetBuilder;
}

export interface ScenarioResult {
  readonly expect: readonly Expectation[];
  readonly decoys: readonly Decoy[];
}

export interface Scenario {
  /** kebab-case, as `--scenario` takes it. */
  readonly name: string;
  readonly title: string;
  build(context: ScenarioContext): ScenarioResult;
}
