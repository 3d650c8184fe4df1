/**
 * Account succession (docs/design.md §6.6): after its account was flagged, an actor stops and, five days
 * later, a new account with another name takes up the same amount of the same chips, running the
 * same private image and reachable on the same phone. Decoy: the provider hands the same nodes
 * from one customer to an unrelated one (same size, days apart, nothing shared but a public image).
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory, sharedValues } from '../profile-factory.js';
import type { Decoy, Expectation } from '../ground-truth.js';

export const succession: Scenario = {
  name: 'succession',
  title: 'account succession after a flag, and a node hand-over that is not one',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const expect: Expectation[] = [];
    const decoys: Decoy[] = [];
    const end = fleet.hours;
    const privateImage = `sha256:${prng.hex(64)}`;
    const phone = `+86138${prng.int(10_000_000, 99_999_999)}`;

    const first = profiles.id('su', 'flagged');
    profiles.add(first, {
      legal_name: 'Nanjing Starlight Vision Co., Ltd.',
      country: 'CN',
      createdDaysAgo: 420,
      kyc_verified: false,
      phone,
      attributes: { note: 'throttled after a compliance review' },
    });
    const successor = profiles.id('su', 'successor');
    profiles.add(successor, {
      legal_name: 'Brightpath Imaging Ltd',
      country: 'HK',
      createdDaysAgo: 50,
      kyc_verified: false,
      phone,
    });
    const stopAt = fleet.hourAt(46);
    const resumeAt = fleet.hourAt(41);
    for (let n = 0; n < 2; n++) {
      const a = fleet.node(`su-node-${first}-${n}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(first, a, 0, 8, fleet.continuous(prng, 0, stopAt, 1, 2), {
        workloadFingerprint: privateImage,
        source: 'kubernetes',
      });
      const b = fleet.node(`su-node-${successor}-${n}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(successor, b, 0, n === 0 ? 8 : 7, fleet.continuous(prng, resumeAt, end, 1, 2), {
        workloadFingerprint: privateImage,
        source: 'kubernetes',
      });
    }
    expect.push({
      rule: 'succession',
      tenantIds: [first, successor].sort(),
      kind: 'alert',
      why: '16 H100 stop; 5 days later 15 H100 under a new name, same private image and phone',
    });

    // Node hand-over between strangers: same nodes, same size, days apart.
    const leaving = profiles.id('su', 'leaving');
    profiles.add(leaving, {
      legal_name: 'Polaris Genomics Inc.',
      country: 'US',
      createdDaysAgo: 500,
      email: `${leaving}@${sharedValues.freeMailDomain}`,
    });
    const arriving = profiles.id('su', 'arriving');
    profiles.add(arriving, {
      legal_name: 'Tidewater Climate Modelling Ltd',
      country: 'GB',
      createdDaysAgo: 200,
      email: `${arriving}@${sharedValues.freeMailDomain}`,
    });
    for (let n = 0; n < 2; n++) {
      const node = fleet.node(`su-node-handover-${leaving}-${n}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(leaving, node, 0, 8, fleet.continuous(prng, 0, fleet.hourAt(50), 1, 2), {
        workloadFingerprint: sharedValues.publicImage,
        source: 'kubernetes',
      });
      fleet.use(arriving, node, 0, 8, fleet.continuous(prng, fleet.hourAt(47), end, 1, 2), {
        workloadFingerprint: sharedValues.publicImage,
        source: 'kubernetes',
      });
    }
    decoys.push({
      tenantIds: [leaving, arriving],
      why: 'node hand-over between unrelated customers (same nodes and size, nothing shared)',
    });
    return { expect, decoys };
  },
};
