/**
 * The honest mixed fleet: what most of a provider looks like, and what must stay quiet. Bursty
 * users and small teams (many share a free-mail domain, an ISP's NAT address and a public image:
 * generic values, not links), large KYC-verified customers outside the countries of concern that
 * hold many GPUs for months (informational effective-ownership records, no alert), one of them on
 * a 12-month reserved term, and users of chips that are not export-controlled.
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory, sharedValues } from '../profile-factory.js';
import type { Decoy, Expectation } from '../ground-truth.js';

const companyWords = [
  'Nimbus',
  'Lumen',
  'Orbit',
  'Fjord',
  'Kestrel',
  'Quartz',
  'Tundra',
  'Vela',
  'Willow',
  'Zephyr',
  'Atlas',
  'Cobalt',
];
const kinds = ['Labs', 'Analytics', 'Robotics', 'Studio', 'Bio', 'Systems'];
const countries = ['US', 'DE', 'FR', 'GB', 'JP', 'NL', 'CA', 'SE', 'KR', 'IN', 'BR', 'SG'];

/** Bursty users: enough of them that the shared values pass genericValueMaxTenants (20) on their own. */
export const burstyUsers = 24;

export const honestFleet: Scenario = {
  name: 'honest-fleet',
  title: 'honest mixed fleet: bursty users, small teams, large verified customers, uncontrolled chips',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const expect: Expectation[] = [];
    const decoys: Decoy[] = [];
    const end = fleet.hours;

    for (let i = 0; i < burstyUsers; i++) {
      const id = profiles.id('hf', 'bursty');
      profiles.add(id, {
        legal_name: `${prng.pick(companyWords)} ${prng.pick(kinds)} ${prng.hex(3).toUpperCase()}`,
        country: prng.pick(countries),
        createdDaysAgo: prng.int(150, 900),
        email: `${id}@${sharedValues.freeMailDomain}`,
        admin_ips: [sharedValues.natAddress],
        kyc_verified: prng.chance(0.5),
      });
      const node = fleet.node(
        `hf-node-${id}`,
        prng.pick(['H100 SXM', 'A100', 'L40S'] as const),
        8,
        'sim-shared',
      );
      fleet.use(id, node, 0, prng.int(1, 8), fleet.bursts(prng, 0, end, prng.float(1, 4), 2, 16), {
        workloadFingerprint: sharedValues.publicImage,
        source: 'kubernetes',
        utilization: prng.float(0.3, 0.95),
      });
    }
    decoys.push({
      tenantIds: fleet.tenants.slice(-burstyUsers).map((t) => t.tenant_id ?? ''),
      why: 'bursty users sharing a free-mail domain, a NAT address and a public image',
    });

    // Small teams: a few GPUs in office hours, all quarter; one in a country of concern.
    for (const [country, gpus, model] of [
      ['DE', 4, 'A100'],
      ['US', 3, 'L40S'],
      ['CN', 4, 'H100 SXM'],
      ['FR', 2, 'H200'],
    ] as const) {
      const id = profiles.id('hf', 'team');
      profiles.add(id, {
        legal_name: `${prng.pick(companyWords)} ${prng.pick(kinds)} GmbH`,
        country,
        createdDaysAgo: prng.int(200, 700),
        kyc_verified: country !== 'CN',
      });
      const node = fleet.node(`hf-node-${id}`, model, 8, 'sim-shared');
      fleet.use(id, node, 0, gpus, fleet.businessHours(0, end), { source: 'slurm' });
      decoys.push({ tenantIds: [id], why: `small team: ${gpus} ${model} in office hours (${country})` });
    }

    // Large verified customers outside the countries of concern: owners in effect, but known ones.
    for (const [country, nodes, model, label] of [
      ['NL', 2, 'H100 SXM', 'nl-enterprise'],
      ['US', 3, 'H200', 'us-enterprise'],
    ] as const) {
      const id = profiles.id('hf', label);
      profiles.add(id, {
        legal_name: `${prng.pick(companyWords)} ${label === 'nl-enterprise' ? 'B.V.' : 'Inc.'}`,
        country,
        createdDaysAgo: prng.int(400, 1200),
        kyc_verified: true,
      });
      for (let n = 0; n < nodes; n++) {
        const node = fleet.node(`hf-node-${id}-${n}`, model, 8, 'sim-dedicated');
        fleet.use(id, node, 0, 8, fleet.continuous(prng, 0, end, 2, 4));
      }
      expect.push({
        rule: 'effective_ownership',
        tenantIds: [id],
        kind: 'info',
        why: `${nodes * 8} ${model} all quarter, KYC-verified, ${country}`,
      });
    }

    // A reserved term of 12 months stands in for tenure: 24 A100 for the last 40 days.
    const reserved = profiles.id('hf', 'reserved');
    profiles.add(reserved, {
      legal_name: `${prng.pick(companyWords)} K.K.`,
      country: 'JP',
      createdDaysAgo: 60,
      kyc_verified: true,
      attributes: { reserved_term_months: '12' },
    });
    for (let n = 0; n < 3; n++) {
      const node = fleet.node(`hf-node-${reserved}-${n}`, 'A100', 8, 'sim-dedicated');
      fleet.use(reserved, node, 0, 8, [[fleet.hourAt(40), end]]);
    }
    expect.push({
      rule: 'effective_ownership',
      tenantIds: [reserved],
      kind: 'info',
      why: '24 A100 on a 12-month reserved term, KYC-verified, JP',
    });

    // Users of chips that are not export-controlled, held like owners, in countries of concern.
    for (const [country, model] of [
      ['CN', 'L20'],
      ['RU', 'T4'],
    ] as const) {
      const id = profiles.id('hf', 'uncontrolled');
      profiles.add(id, {
        legal_name: `${prng.pick(companyWords)} Compute`,
        country,
        createdDaysAgo: prng.int(300, 800),
        kyc_verified: false,
      });
      for (let n = 0; n < 2; n++) {
        const node = fleet.node(`hf-node-${id}-${n}`, model, 8, 'sim-shared');
        fleet.use(id, node, 0, 8, fleet.continuous(prng, 0, end, 1, 3));
      }
      decoys.push({ tenantIds: [id], why: `16 ${model} all quarter in ${country}: not export-controlled` });
    }
    return { expect, decoys };
  },
};
