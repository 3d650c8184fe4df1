/**
 * Long-term effective ownership (docs/design.md §6.3): tenants holding controlled chips like owners —
 * many, steadily, all quarter — where the context makes it an alert (not KYC-verified, or
 * headquartered in a country of concern). Decoys fail exactly one criterion each: too short a
 * tenure, too few GPUs, too little occupancy.
 */
import type { Scenario } from '../scenario.js';
import { ProfileFactory } from '../profile-factory.js';
import type { Decoy, Expectation } from '../ground-truth.js';

export const effectiveOwnership: Scenario = {
  name: 'effective-ownership',
  title: 'long-term effective ownership of controlled chips, and near misses',
  build({ prng, fleet }) {
    const profiles = new ProfileFactory(fleet, prng);
    const expect: Expectation[] = [];
    const decoys: Decoy[] = [];
    const end = fleet.hours;

    const holder = profiles.id('eo', 'holder');
    profiles.add(holder, {
      legal_name: 'Shenzhen Yunhe Data Technology Co., Ltd.',
      country: 'CN',
      createdDaysAgo: 500,
      kyc_verified: false,
    });
    for (let n = 0; n < 2; n++) {
      const node = fleet.node(`eo-node-${holder}-${n}`, 'H100 SXM', 8, 'sim-dedicated');
      fleet.use(holder, node, 0, 8, fleet.continuous(prng, 0, end, 3, 6));
    }
    expect.push({
      rule: 'effective_ownership',
      tenantIds: [holder],
      kind: 'alert',
      why: '16 H100 all quarter, CN, not KYC-verified',
    });

    const verifiedHk = profiles.id('eo', 'verified-hk');
    profiles.add(verifiedHk, {
      legal_name: 'Harbour Peak AI Limited',
      country: 'HK',
      createdDaysAgo: 700,
      kyc_verified: true,
    });
    // 10, not 8: maintenance gaps take a little off the mean, and 8 is the threshold itself.
    const hkNode = fleet.node(`eo-node-${verifiedHk}`, 'A100', 10, 'sim-dedicated');
    fleet.use(verifiedHk, hkNode, 0, 10, fleet.continuous(prng, 0, end, 2, 3));
    expect.push({
      rule: 'effective_ownership',
      tenantIds: [verifiedHk],
      kind: 'alert',
      why: '10 A100 all quarter: KYC-verified, but headquartered in HK',
    });

    const unverifiedSg = profiles.id('eo', 'unverified-sg');
    profiles.add(unverifiedSg, {
      legal_name: 'Meridian Tensor Pte. Ltd.',
      country: 'SG',
      createdDaysAgo: 400,
      kyc_verified: false,
    });
    const sgNode = fleet.node(`eo-node-${unverifiedSg}`, 'H20', 12, 'sim-dedicated');
    fleet.use(unverifiedSg, sgNode, 0, 12, fleet.continuous(prng, 0, end, 2, 4));
    expect.push({
      rule: 'effective_ownership',
      tenantIds: [unverifiedSg],
      kind: 'alert',
      why: '12 H20 (licence-bandwidth class) all quarter, not KYC-verified',
    });

    // Near misses, all in a country of concern so that only the usage decides.
    const shortTenure = profiles.id('eo', 'short-tenure');
    profiles.add(shortTenure, {
      legal_name: 'Hangzhou Lanxin Cloud Co., Ltd.',
      country: 'CN',
      createdDaysAgo: 300,
      kyc_verified: false,
    });
    for (let n = 0; n < 2; n++) {
      const node = fleet.node(`eo-node-${shortTenure}-${n}`, 'H100 SXM', 8, 'sim-dedicated');
      fleet.use(shortTenure, node, 0, 8, fleet.continuous(prng, fleet.hourAt(60), end, 2, 3));
    }
    decoys.push({ tenantIds: [shortTenure], why: '16 H100 for only the last 60 days (tenure < 90)' });

    const tooFew = profiles.id('eo', 'seven-gpus');
    profiles.add(tooFew, {
      legal_name: 'Chengdu Feiyu Intelligent Co., Ltd.',
      country: 'CN',
      createdDaysAgo: 600,
      kyc_verified: false,
    });
    const fewNode = fleet.node(`eo-node-${tooFew}`, 'H100 SXM', 8, 'sim-dedicated');
    fleet.use(tooFew, fewNode, 0, 7, fleet.continuous(prng, 0, end, 1, 2));
    decoys.push({ tenantIds: [tooFew], why: '7 H100 all quarter (mean < 8)' });

    const onOff = profiles.id('eo', 'on-off');
    profiles.add(onOff, {
      legal_name: 'Wuhan Qingshan Compute Co., Ltd.',
      country: 'CN',
      createdDaysAgo: 800,
      kyc_verified: false,
    });
    for (let n = 0; n < 3; n++) {
      const node = fleet.node(`eo-node-${onOff}-${n}`, 'A100', 8, 'sim-dedicated');
      fleet.use(onOff, node, 0, 8, fleet.alternating(0, end, 7, 7));
    }
    decoys.push({
      tenantIds: [onOff],
      why: '24 A100 one week on, one week off (occupancy ≈ 0.5, tenure broken)',
    });
    return { expect, decoys };
  },
};
