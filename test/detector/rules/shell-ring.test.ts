import { describe, expect, it } from 'vitest';
import type { Link, TenantProfile } from '../../../detector/model.js';
import { shellRing } from '../../../detector/rules/shell-ring.js';
import { addUtcMonths } from '../../../detector/rules/usage-metrics.js';
import { cluster, dayMs, link, nowMs, policy, policyWith, profile } from '../usage-fixtures.js';

const address = { kind: 'address', digest: 'hmac-sha256:addr-1' } as const;

function run(
  a: Partial<TenantProfile>,
  b: Partial<TenantProfile>,
  o: { links?: Link[]; addressTenants?: number; p?: typeof policy } = {},
) {
  return shellRing(
    {
      cluster: cluster(['a', 'b'], o.links ?? [link('a', 'b', ['payment_fingerprint'])]),
      profiles: [
        profile('a', { legalName: 'Alpha Compute Ltd', ...a }),
        profile('b', { legalName: 'Beta AI GmbH', ...b }),
      ],
      usage: [],
      addressTenantCounts: new Map([[address.digest, o.addressTenants ?? 1]]),
    },
    o.p ?? policy,
    nowMs,
  );
}

const signals = (f: ReturnType<typeof run>) =>
  f?.evidence.signalsByMember as Record<string, string[]> | undefined;

describe('shell ring: declared identities and strong identifiers', () => {
  it.each([
    ['different names, shared payment fingerprint', {}, {}, ['payment_fingerprint'], true],
    ['different names, shared SSH key', {}, {}, ['ssh_key'], true],
    ['different names, shared registration number', {}, {}, ['registration_number'], true],
    ['different names, only a shared email (not strong)', {}, {}, ['email', 'phone'], false],
    [
      'same name and country',
      { legalName: 'Acme B.V.' },
      { legalName: 'ACME BV' },
      ['payment_fingerprint'],
      false,
    ],
    [
      'same name, different countries',
      { legalName: 'Acme' },
      { legalName: 'Acme', country: 'SG' },
      ['ssh_key'],
      true,
    ],
  ] as const)('%s → %s', (_name, a, b, kinds, fires) => {
    expect(run(a, b, { links: [link('a', 'b', kinds)] }) !== undefined).toBe(fires);
  });

  it('needs minTenants members with profiles', () => {
    const f = shellRing(
      { cluster: cluster(['a']), profiles: [profile('a')], usage: [], addressTenantCounts: new Map() },
      policy,
      nowMs,
    );
    expect(f).toBeUndefined();
  });

  it('keeps the strong evidence (kind and digest) and the declared identities', () => {
    const f = run({ country: 'SG' }, { country: 'MY' });
    expect(f?.evidence.strongLinks).toEqual([
      {
        a: 'a',
        b: 'b',
        differs: { legalName: true, country: true },
        shared: [{ kind: 'payment_fingerprint', digest: 'hmac-sha256:payment_fingerprint-1', sharedBy: 2 }],
      },
    ]);
    expect(f?.evidence.declaredIdentities).toEqual({
      a: { legalName: 'Alpha Compute Ltd', country: 'SG' },
      b: { legalName: 'Beta AI GmbH', country: 'MY' },
    });
  });
});

describe('shell ring: shell-profile signals raise the score', () => {
  const signedUp = nowMs - 100 * dayMs;
  it.each([
    ['incorporated 12 months before sign-up', { incorporatedMs: addUtcMonths(signedUp, -12) }, false],
    [
      'incorporated 12 months less a day before sign-up',
      { incorporatedMs: addUtcMonths(signedUp, -12) + dayMs },
      true,
    ],
    ['incorporated after sign-up', { incorporatedMs: signedUp + dayMs }, true],
    ['incorporation date unknown', { incorporatedMs: 0 }, false],
  ])('%s → recentIncorporation: %s', (_name, p, expected) => {
    const f = run({ accountCreatedMs: signedUp, ...p }, {});
    expect(signals(f)?.a?.includes('recentIncorporation')).toBe(expected);
  });

  it.each([
    [5, true],
    [4, false],
  ])('an address held by %i tenants → sharedAddress: %s', (tenants, expected) => {
    const f = run({ identities: [address] }, {}, { addressTenants: tenants });
    expect(signals(f)?.a?.includes('sharedAddress')).toBe(expected);
  });

  it.each([
    ['no KYC', { kycVerified: false }, 'noKyc'],
    ['payer not the account holder', { attributes: { payer_is_account_holder: 'false' } }, 'thirdPartyPayer'],
    ['reseller without customer identification', { resellerId: 'r1' }, 'unidentifiedResellerCustomer'],
  ] as const)('%s → %s', (_name, p, signal) => {
    expect(signals(run(p, p))).toEqual({ a: [signal], b: [signal] });
  });

  it.each([
    ['payer is the account holder', { attributes: { payer_is_account_holder: 'true' } }],
    [
      'reseller that identified its customer',
      { resellerId: 'r1', attributes: { reseller_customer_identified: 'true' } },
    ],
  ])('%s → no signal', (_name, p) => {
    expect(signals(run(p, p))).toEqual({ a: [], b: [] });
  });

  it.each([
    ['no signal', {}, {}, 1, 'low'],
    ['no KYC on one of two members', { kycVerified: false }, {}, 1.75, 'low'],
    ['no KYC on both', { kycVerified: false }, { kycVerified: false }, 2.5, 'medium'],
    [
      'no KYC and third-party payer on both',
      { kycVerified: false, attributes: { payer_is_account_holder: 'false' } },
      { kycVerified: false, attributes: { payer_is_account_holder: 'false' } },
      3.5,
      'high',
    ],
    [
      'every signal on both',
      {
        kycVerified: false,
        resellerId: 'r',
        incorporatedMs: nowMs - 800 * dayMs,
        identities: [address],
        attributes: { payer_is_account_holder: 'false' },
      },
      {
        kycVerified: false,
        resellerId: 'r',
        incorporatedMs: nowMs - 800 * dayMs,
        identities: [address],
        attributes: { payer_is_account_holder: 'false' },
      },
      6.5,
      'critical',
    ],
  ] as const)('%s → score %f, %s', (_name, a, b, score, severity) => {
    const f = run(a, b, { addressTenants: 9 });
    expect(f?.score).toBeCloseTo(score, 9);
    expect(f?.severity).toBe(severity);
  });

  it.each([
    [2, 'medium'],
    [2.01, 'low'],
  ])('severity bands are at-or-above: medium cut %f with score 2 → %s', (medium, severity) => {
    const p = policyWith({
      shellRing: { weights: { noKyc: 1 }, severityScore: { medium, high: 3, critical: 4.5 } },
    });
    expect(run({ kycVerified: false }, { kycVerified: false }, { p })?.severity).toBe(severity);
  });
});
