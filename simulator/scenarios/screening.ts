/**
 * Restricted-party screening (docs/design.md §6.8): parties of the sample list
 * (deploy/screening/sample-csl.csv, imported by the demo) signed up under other spellings — an
 * alias, a transliteration, the Chinese legal name, a short name in the alias field, a listed
 * person as beneficial owner. Decoys: names that look alike to a person but not to the matcher.
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory } from '../profile-factory.js';
import type { Decoy, Expectation } from '../ground-truth.js';

/** The screening list the truth of this scenario assumes, relative to the repository root. */
export const sampleScreeningList = 'deploy/screening/sample-csl.csv';

export const screening: Scenario = {
  name: 'screening',
  title: 'screened parties under several spellings, and look-alike names',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const expect: Expectation[] = [];
    const decoys: Decoy[] = [];
    const end = fleet.hours;
    const listed: [string, Partial<Parameters<ProfileFactory['add']>[1]>, string][] = [
      ['iflytek', { legal_name: 'iFlytek Co., Ltd.', country: 'CN' }, 'an alias of IFLYTEK'],
      [
        'sensetime',
        { legal_name: 'Meridian Vision Holdings Ltd', aliases: ['Sense Time'], country: 'HK' },
        'alias "Sense Time" (SenseTime, as listed in 2019)',
      ],
      [
        'shili-latin',
        { legal_name: 'Beijing Shili Intelligent Technology Co Ltd', country: 'CN' },
        'transliterated name of a listed party',
      ],
      [
        'shili-chinese',
        { legal_name: '北京示例智能科技有限公司', country: 'CN' },
        'the listed Chinese legal name',
      ],
      [
        'quorvex',
        { legal_name: 'Quorvex Computing Ltd.', country: 'HK' },
        'a listed name with another legal-form suffix',
      ],
      [
        'examplenko',
        { legal_name: 'Baltic Grid Services OU', country: 'EE', beneficial_owners: ['Viktor Q Examplenko'] },
        'a listed person as beneficial owner',
      ],
    ];
    for (const [role, fields, why] of listed) {
      const id = profiles.id('sc', role);
      profiles.add(id, { createdDaysAgo: prng.int(100, 500), kyc_verified: false, ...fields });
      const node = fleet.node(`sc-node-${id}`, 'A100', 4, 'sim-shared');
      fleet.use(id, node, 0, 2, fleet.businessHours(fleet.hourAt(prng.int(20, 60)), end));
      expect.push({ rule: 'screening_match', tenantIds: [id], kind: 'alert', why });
    }
    for (const [name, country] of [
      ['Sensible Time Logistics Ltd', 'GB'],
      ['Flytek Freight GmbH', 'DE'],
      ['Quorvis Computing Limited', 'SG'],
      ['Shiloh Intelligent Systems Inc', 'US'],
      ['iFly Technologies Ltd', 'IE'],
    ] as const) {
      const id = profiles.id('sc', 'look-alike');
      profiles.add(id, {
        legal_name: name,
        country,
        createdDaysAgo: prng.int(100, 500),
        beneficial_owners: ['Victor Example'],
      });
      const node = fleet.node(`sc-node-${id}`, 'A100', 4, 'sim-shared');
      fleet.use(id, node, 0, 2, fleet.businessHours(fleet.hourAt(prng.int(20, 60)), end));
      decoys.push({ tenantIds: [id], why: `look-alike name ${JSON.stringify(name)}` });
    }
    return { expect, decoys };
  },
};
