/**
 * Frontier-scale compute (docs/design.md §6.9): a verified lab training on ten GB200 NVL72 racks (720
 * GPUs) all quarter, ≈ 1.1 × 10^25 FLOP at the assumed utilization: the info line of the EU AI
 * Act. Holding them is also effective ownership, informational for a verified US customer.
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory } from '../profile-factory.js';
import type { Expectation } from '../ground-truth.js';

export const frontierCompute: Scenario = {
  name: 'frontier-compute',
  title: 'frontier-scale training compute',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const lab = profiles.id('fc', 'lab');
    profiles.add(lab, {
      legal_name: 'Northstar Frontier Labs Inc.',
      country: 'US',
      createdDaysAgo: 900,
      kyc_verified: true,
    });
    for (let n = 0; n < 10; n++) {
      const rack = fleet.node(`fc-rack-${lab}-${n}`, 'GB200', 72, 'sim-nvl72');
      fleet.use(lab, rack, 0, 72, [[fleet.hourAt(92), fleet.hours]], { source: 'slurm', utilization: 0.45 });
    }
    const expect: Expectation[] = [
      {
        rule: 'frontier_compute',
        tenantIds: [lab],
        kind: 'alert',
        why: '720 GB200 all quarter ≈ 1.1e25 FLOP',
      },
      {
        rule: 'effective_ownership',
        tenantIds: [lab],
        kind: 'info',
        why: '720 GB200 all quarter, KYC-verified, US',
      },
    ];
    return { expect, decoys: [] };
  },
};
