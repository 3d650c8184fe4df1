import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsl } from '../../../detector/screening/csl-import.js';
import { ScreeningMatcher } from '../../../detector/screening/name-match.js';
import { defaultScreeningOptions } from '../../../detector/screening/screening-options.js';
import { evaluateScreeningMatch, isScreenedParty } from '../../../detector/rules/screening-match.js';
import type { Cluster, TenantProfile } from '../../../detector/model.js';

const entries = parseCsl(
  readFileSync(new URL('../../../deploy/screening/sample-csl.json', import.meta.url), 'utf8'),
  'sample-csl.json',
).entries;
const matcher = new ScreeningMatcher(entries, defaultScreeningOptions);
const nowMs = Date.UTC(2026, 0, 15);

function profile(tenantId: string, fields: Partial<TenantProfile> = {}): TenantProfile {
  return {
    tenantId,
    legalName: '',
    aliases: [],
    country: '',
    accountCreatedMs: 0,
    incorporatedMs: 0,
    registrationNumber: '',
    beneficialOwners: [],
    resellerId: '',
    kycVerified: false,
    identities: [],
    attributes: {},
    ...fields,
  };
}

function cluster(...tenantIds: string[]): Cluster {
  const sorted = [...tenantIds].sort();
  return {
    clusterId: `c:${sorted.join(',')}`,
    tenantIds: sorted,
    anchorTenantId: tenantIds[0] ?? '',
    links: [],
  };
}

describe('screening_match rule', () => {
  it('raises nothing for a cluster whose names match no entry', () => {
    const profiles = [
      profile('t1', { legalName: 'Sense Technologies Inc', country: 'CN' }),
      profile('t2', {
        legalName: 'Flytech Ltd',
        aliases: ['Time Sense Media'],
        beneficialOwners: ['Viktor Petrov'],
      }),
    ];
    expect(
      evaluateScreeningMatch({
        cluster: cluster('t1', 't2'),
        profiles,
        matcher,
        usesControlledChips: true,
        nowMs,
      }),
    ).toBeUndefined();
    expect(isScreenedParty(profiles, matcher)).toBe(false);
  });

  it('starts at the event time the evaluator gives for the matched members, not at the evaluation', () => {
    const asked: string[][] = [];
    const finding = evaluateScreeningMatch({
      cluster: cluster('t1', 't2'),
      profiles: [
        profile('t1', { legalName: 'Honest Compute Ltd' }),
        profile('t2', { aliases: ['SenseTime Hong Kong'] }),
      ],
      matcher,
      usesControlledChips: true,
      nowMs,
      firstSeenOf: (ids) => {
        asked.push([...ids]);
        return nowMs - 40 * 86_400_000;
      },
    });
    expect(asked).toEqual([['t2']]);
    expect(finding).toMatchObject({ firstSeenMs: nowMs - 40 * 86_400_000, lastSeenMs: nowMs });
  });

  it('is medium for a review-level match, with the tenant field, the entry and the scores as evidence', () => {
    const profiles = [
      profile('t1', { legalName: 'Honest Compute Ltd' }),
      profile('t2', { aliases: ['', 'SenseTime Hong Kong'] }),
    ];
    const finding = evaluateScreeningMatch({
      cluster: cluster('t1', 't2'),
      profiles,
      matcher,
      usesControlledChips: true,
      nowMs,
      listVersion: 'sha256:abc',
    });
    expect(finding).toMatchObject({
      rule: 'screening_match',
      severity: 'medium',
      score: 0.99,
      tenantIds: ['t1', 't2'],
      anchorTenantId: 't1',
      firstSeenMs: nowMs,
      lastSeenMs: nowMs,
      informational: false,
    });
    expect(finding?.evidence).toMatchObject({
      level: 'review',
      match_count: 1,
      tenants_matched: ['t2'],
      list_version: 'sha256:abc',
      thresholds: { review: 0.92, hold: 0.97 },
      matches: [
        {
          tenant_id: 't2',
          field: 'aliases[1]',
          value: 'SenseTime Hong Kong',
          normalized_value: 'sensetime hong kong',
          entry: {
            id: 'gpuwatch-sample-el-sensetime',
            source: 'Entity List (EL) - Bureau of Industry and Security',
            name: 'Beijing SenseTime Technology Development Co., Ltd.',
            matched_name: 'SenseTime',
            matched_name_kind: 'alt_name',
            programs: [],
            countries: ['CN'],
          },
          score: 0.99,
          level: 'review',
          short_name: true,
          capped_at_review: true,
        },
      ],
    });
    expect(isScreenedParty(profiles, matcher)).toBe(false);
  });

  it('is high for a hold, critical when the party is on the Entity List and controlled chips are used', () => {
    const profiles = [
      profile('t1', { legalName: 'Harbour Rentals Ltd', country: 'HK' }),
      profile('t2', { legalName: 'iFlytek Co., Ltd.', country: 'CN' }),
    ];
    const base = { cluster: cluster('t1', 't2'), profiles, matcher, nowMs };
    const critical = evaluateScreeningMatch({ ...base, usesControlledChips: true });
    expect(critical).toMatchObject({ severity: 'critical', score: 1 });
    expect(critical?.evidence).toMatchObject({
      level: 'hold',
      entity_list_hold: true,
      matches: [{ tenant_id: 't2', field: 'legal_name', level: 'hold', corroboration: { country: 'CN' } }],
    });
    expect(evaluateScreeningMatch({ ...base, usesControlledChips: false })?.severity).toBe('high');
    expect(isScreenedParty(profiles, matcher)).toBe(true);
  });

  it('is high, not critical, for a hold on a list other than the Entity List', () => {
    const profiles = [
      profile('t1', { legalName: 'Nordlicht Leasing', beneficialOwners: ['Examplenko, Viktor'] }),
    ];
    const finding = evaluateScreeningMatch({
      cluster: cluster('t1'),
      profiles,
      matcher,
      usesControlledChips: true,
      nowMs,
    });
    expect(finding).toMatchObject({ severity: 'high' });
    expect(finding?.evidence).toMatchObject({
      entity_list_hold: false,
      matches: [
        {
          field: 'beneficial_owners[0]',
          entry: {
            source: 'Specially Designated Nationals (SDN) - Treasury Department',
            programs: ['RUSSIA-EO14024'],
          },
        },
      ],
    });
  });

  it('gives the same finding when evaluated twice, whatever the order of the profiles', () => {
    const profiles = [
      profile('a', { legalName: 'Quorvex Ltd', aliases: ['SenseTime'] }),
      profile('b', { legalName: 'IFLYTEK CO.,LTD', country: 'CN', beneficialOwners: ['Viktor Examplenko'] }),
    ];
    const input = { cluster: cluster('a', 'b'), matcher, usesControlledChips: true, nowMs };
    const first = evaluateScreeningMatch({ ...input, profiles });
    expect(evaluateScreeningMatch({ ...input, profiles: [...profiles].reverse() })).toEqual(first);
    expect(first?.evidence.match_count).toBe(4);
  });

  it('lists holds before reviews and ignores profiles outside the cluster', () => {
    const profiles = [
      profile('a', { legalName: 'Quorvex Ltd' }),
      profile('b', { legalName: 'Zentrova Lattice LLC' }),
      profile('outsider', { legalName: 'IFLYTEK', country: 'CN' }),
    ];
    const finding = evaluateScreeningMatch({
      cluster: cluster('a', 'b'),
      profiles,
      matcher,
      usesControlledChips: false,
      nowMs,
    });
    const matches = finding?.evidence.matches as { tenant_id: string; level: string }[];
    expect(matches.map((m) => [m.tenant_id, m.level])).toEqual([
      ['b', 'hold'],
      ['a', 'review'],
    ]);
    expect(finding?.severity).toBe('high');
  });
});
