/**
 * A shell ring (docs/design.md §6.4, §6.5): three recently incorporated fronts with different names and
 * countries, one card and one SSH key between them, each holding 5 H100 all quarter — under the
 * ownership threshold alone, over it together (structuring), and the cluster holds like an owner.
 * Decoys: one company's two accounts that share a card openly (same legal name and country), a
 * look-alike name that shares nothing, and a coworking address shared by several small tenants.
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory, sharedValues } from '../profile-factory.js';
import type { Decoy, Expectation } from '../ground-truth.js';

export const shellRing: Scenario = {
  name: 'shell-ring',
  title: 'shell ring splitting usage to stay under thresholds (structuring), and decoys',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const expect: Expectation[] = [];
    const decoys: Decoy[] = [];
    const end = fleet.hours;

    const card = `pm_ring_${prng.hex(10)}`;
    const sshKey = `SHA256:ring${prng.hex(32)}`;
    const fronts = [
      ['Aurora Compute Pte. Ltd.', 'SG'],
      ['Bluefin Data Services Ltd', 'GB'],
      ['Cedar Analytics FZ-LLC', 'AE'],
    ] as const;
    const ring: string[] = [];
    for (const [name, country] of fronts) {
      const id = profiles.id('sr', 'front');
      ring.push(id);
      profiles.add(id, {
        legal_name: name,
        country,
        createdDaysAgo: prng.int(160, 180),
        incorporatedDaysAgo: prng.int(200, 250),
        payment_fingerprint: card,
        ssh_key_fingerprints: [sshKey],
        kyc_verified: false,
        attributes: { payer_is_account_holder: 'false' },
      });
      const node = fleet.node(`sr-node-${id}`, 'H100 SXM', 8, 'sim-shared');
      fleet.use(id, node, 0, 5, fleet.continuous(prng, 0, end, 2, 3));
    }
    ring.sort();
    expect.push(
      {
        rule: 'shell_ring',
        tenantIds: ring,
        kind: 'alert',
        why: 'three fronts (SG, GB, AE) sharing one card and one SSH key',
      },
      {
        rule: 'structuring',
        tenantIds: ring,
        kind: 'alert',
        why: '3 × 5 H100: each under 8 alone, 15 together',
      },
      {
        rule: 'effective_ownership',
        tenantIds: ring,
        kind: 'alert',
        why: 'the linked cluster holds 15 H100 all quarter',
      },
    );

    // One company, two accounts, one card: linked, but the same declared identity.
    const groupCard = `pm_group_${prng.hex(10)}`;
    const group: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = profiles.id('sr', 'same-company');
      group.push(id);
      profiles.add(id, {
        legal_name: 'Northwind Research GmbH',
        country: 'DE',
        createdDaysAgo: prng.int(300, 600),
        payment_fingerprint: groupCard,
        kyc_verified: true,
      });
      const node = fleet.node(`sr-node-${id}`, 'A100', 8, 'sim-shared');
      fleet.use(id, node, 0, 2, fleet.businessHours(0, end));
    }
    decoys.push({
      tenantIds: group,
      why: 'two accounts of one company sharing its card (same name, same country)',
    });

    const lookAlike = profiles.id('sr', 'look-alike');
    profiles.add(lookAlike, {
      legal_name: 'Aurora Compute Labs Inc.',
      country: 'US',
      createdDaysAgo: 400,
      email: `${lookAlike}@${sharedValues.freeMailDomain}`,
    });
    const laNode = fleet.node(`sr-node-${lookAlike}`, 'H100 SXM', 8, 'sim-shared');
    fleet.use(lookAlike, laNode, 0, 4, fleet.businessHours(0, end));
    decoys.push({ tenantIds: [lookAlike], why: "a name like a front's, nothing shared" });

    // A coworking address: medium evidence only (3.5 < the link threshold of 6).
    const coworking = `${prng.int(10, 99)} Startup Avenue, Floor 3, Berlin`;
    const tenants: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = profiles.id('sr', 'coworking');
      tenants.push(id);
      profiles.add(id, {
        legal_name: `Coworker ${prng.hex(4).toUpperCase()} UG`,
        country: 'DE',
        createdDaysAgo: prng.int(100, 400),
        address: coworking,
        incorporatedDaysAgo: prng.int(150, 500),
        kyc_verified: prng.chance(0.5),
      });
      const node = fleet.node(`sr-node-${id}`, 'L40S', 4, 'sim-shared');
      fleet.use(id, node, 0, 1, fleet.bursts(prng, 0, end, 2, 2, 8));
    }
    decoys.push({ tenantIds: tenants, why: 'five small tenants at one coworking address' });
    return { expect, decoys };
  },
};
