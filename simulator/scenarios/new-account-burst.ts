/**
 * New-account burst (docs/design.md §6.7): an account five days old holding 80 H100, and three fresh
 * accounts behind one phone and address. Decoys: a new account with 32 GPUs, an old account that
 * scales up, and three fresh accounts that share only a free-mail domain and a NAT address.
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory, sharedValues } from '../profile-factory.js';
import type { Decoy, Expectation } from '../ground-truth.js';

export const newAccountBurst: Scenario = {
  name: 'new-account-burst',
  title: 'new accounts that go big at once, alone or as a group',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const expect: Expectation[] = [];
    const decoys: Decoy[] = [];
    const end = fleet.hours;

    const burst = profiles.id('nb', 'burst');
    profiles.add(burst, {
      legal_name: 'Quickline Intelligence Pte. Ltd.',
      country: 'SG',
      createdDaysAgo: 6,
      kyc_verified: false,
    });
    for (let n = 0; n < 10; n++) {
      const node = fleet.node(`nb-node-${burst}-${n}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(burst, node, 0, 8, [[fleet.hourAt(5), end]]);
    }
    expect.push({
      rule: 'new_account_burst',
      tenantIds: [burst],
      kind: 'alert',
      why: '80 H100 in the first week of a 6-day-old account',
    });

    const phone = `+65${prng.int(80_000_000, 99_999_999)}`;
    const address = `${prng.int(1, 99)} Tanjong Pagar Road #0${prng.int(1, 9)}-0${prng.int(1, 9)}, Singapore`;
    const group: string[] = [];
    for (const daysAgo of [22, 16, 9]) {
      const id = profiles.id('nb', 'group');
      group.push(id);
      profiles.add(id, {
        legal_name: `${prng.pick(['Vertex', 'Helix', 'Summit'])} ${prng.hex(3).toUpperCase()} Pte. Ltd.`,
        country: 'SG',
        createdDaysAgo: daysAgo,
        phone,
        address,
        kyc_verified: false,
      });
      const node = fleet.node(`nb-node-${id}`, 'A100', 8, 'sim-shared');
      fleet.use(id, node, 0, 4, [[fleet.hourAt(daysAgo - 1), end]]);
    }
    expect.push({
      rule: 'new_account_burst',
      tenantIds: group.sort(),
      kind: 'alert',
      why: 'three accounts created within 13 days sharing a phone and an address',
    });

    const modest = profiles.id('nb', 'modest');
    profiles.add(modest, {
      legal_name: 'Brook Street Vision Ltd',
      country: 'GB',
      createdDaysAgo: 5,
      kyc_verified: true,
    });
    for (let n = 0; n < 4; n++) {
      const node = fleet.node(`nb-node-${modest}-${n}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(modest, node, 0, 8, [[fleet.hourAt(4), end]]);
    }
    decoys.push({ tenantIds: [modest], why: 'a new account with 32 H100 (under 64)' });

    const scaling = profiles.id('nb', 'scaling');
    profiles.add(scaling, {
      legal_name: 'Old Harbour Simulation Inc.',
      country: 'CA',
      createdDaysAgo: 700,
      kyc_verified: true,
    });
    for (let n = 0; n < 12; n++) {
      const node = fleet.node(`nb-node-${scaling}-${n}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(scaling, node, 0, 8, [[fleet.hourAt(4), end]]);
    }
    decoys.push({ tenantIds: [scaling], why: 'a two-year-old account scaling to 96 H100 for a few days' });

    const freeMail: string[] = [];
    for (const daysAgo of [20, 12, 7]) {
      const id = profiles.id('nb', 'freemail');
      freeMail.push(id);
      profiles.add(id, {
        legal_name: `${prng.pick(['Maple', 'Cypress', 'Juniper'])} ${prng.hex(3).toUpperCase()} Studio`,
        country: 'US',
        createdDaysAgo: daysAgo,
        email: `${id}@${sharedValues.freeMailDomain}`,
        admin_ips: [sharedValues.natAddress],
        kyc_verified: false,
      });
      const node = fleet.node(`nb-node-${id}`, 'L40S', 4, 'sim-shared');
      fleet.use(id, node, 0, 2, fleet.bursts(prng, fleet.hourAt(daysAgo - 1), end, 5, 2, 10));
    }
    decoys.push({
      tenantIds: freeMail,
      why: 'three fresh accounts sharing only a free-mail domain and a NAT address',
    });
    return { expect, decoys };
  },
};
