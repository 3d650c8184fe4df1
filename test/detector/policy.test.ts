import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors.js';
import { resolveLinkageOptions } from '../../detector/linkage/linkage-options.js';
import { defaultPolicy, loadPolicy, parsePolicy } from '../../detector/policy.js';
import {
  defaultScreeningOptions,
  validateScreeningOptions,
} from '../../detector/screening/screening-options.js';

const shipped = new URL('../../deploy/policy.yaml', import.meta.url).pathname;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.field}: ${p.reason}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadPolicy', () => {
  it('loads the shipped deploy/policy.yaml, which spells out exactly the defaults', () => {
    const policy = loadPolicy(shipped);
    expect(policy.version).toMatch(/\S/);
    const { version: _version, ...rest } = policy;
    expect(rest).toEqual(defaultPolicy);
    expect(policy.countriesOfConcern).toEqual(expect.arrayContaining(['CN', 'HK', 'MO', 'RU', 'IR', 'KP']));
    expect(policy.countriesOfConcern).not.toContain('KH');
    expect(policy.linkage.genericValueMaxTenants).toBe(20);
    expect(policy.frontierCompute.highFlop).toBe(1e26);
  });

  it('returns a deeply frozen policy', () => {
    const policy = parsePolicy({ version: 'v1' });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.effectiveOwnership.severityH100e)).toBe(true);
    expect(Object.isFrozen(policy.linkage.weights)).toBe(true);
    expect(Object.isFrozen(policy.countriesOfConcern)).toBe(true);
  });

  it('fills omitted sections and fields with the defaults, and merges single linkage weights', () => {
    const policy = parsePolicy({
      version: 'ops-3',
      effectiveOwnership: { minMeanConcurrentGpus: 16 },
      linkage: { weights: { email_domain: 0.5 } },
    });
    expect(policy.effectiveOwnership.minMeanConcurrentGpus).toBe(16);
    expect(policy.effectiveOwnership.windowDays).toBe(90);
    expect(policy.linkage.weights.email_domain).toBe(0.5);
    expect(policy.linkage.weights.payment_fingerprint).toBe(
      defaultPolicy.linkage.weights.payment_fingerprint,
    );
    expect(policy.screening).toEqual(defaultPolicy.screening);
  });

  it('reads JSON by extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const path = join(dir, 'policy.json');
    writeFileSync(path, JSON.stringify({ version: 'j1', alerts: { resolveAfterDays: 3 } }));
    expect(loadPolicy(path).alerts.resolveAfterDays).toBe(3);
  });

  it('lists every problem of a bad file at once: field path, quoted value, expectation, unknown keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      [
        'countriesOfConcern: [CN, "ru", 7]',
        'effectiveOwnership:',
        '  minOccupancy: 1.5',
        '  windowDays: 90.5',
        '  severityH100e: { medium: 300, high: 256, critical: 1699 }',
        '  minTenure: 90',
        'linkage:',
        '  weights: { payment_fingerprint: high, shoe_size: 1 }',
        'screening: { reviewThreshold: 0.98, holdThreshold: 0.97 }',
        'frontierCompute: { utilization: 0 }',
        'alert: {}',
      ].join('\n'),
    );
    const problems = problemsOf(() => loadPolicy(path));
    expect(problems).toEqual(
      expect.arrayContaining([
        `${path}: version: required: every alert records the policy version`,
        `${path}: countriesOfConcern[1]: expected ISO 3166-1 alpha-2 codes in upper case ("CN"), got "ru"`,
        `${path}: countriesOfConcern[2]: expected ISO 3166-1 alpha-2 codes in upper case ("CN"), got 7`,
        `${path}: effectiveOwnership.minOccupancy: expected a number ≥ 0 and ≤ 1, got 1.5`,
        `${path}: effectiveOwnership.windowDays: expected an integer ≥ 1, got 90.5`,
        `${path}: effectiveOwnership.severityH100e: expected medium ≤ high ≤ critical, got 300 / 256 / 1699`,
        expect.stringMatching(
          /^.*: effectiveOwnership\.minTenure: unknown key \(expected one of .*minTenureDays/,
        ),
        `${path}: linkage.weights.payment_fingerprint: expected a number (log-odds), got "high"`,
        expect.stringMatching(/linkage\.weights\.shoe_size: unknown attribute kind/),
        `${path}: screening.holdThreshold: expected ≥ reviewThreshold (0.98), got 0.97`,
        `${path}: frontierCompute.utilization: expected a number > 0 and ≤ 1, got 0`,
        expect.stringMatching(/: alert: unknown key \(expected one of version, countriesOfConcern/),
      ]),
    );
    expect(problems).toHaveLength(12);
  });

  it.each([
    ['a list', [1, 2], 'expected a mapping with at least "version"'],
    ['a section that is not a mapping', { version: 'v', alerts: 7 }, 'alerts: expected a mapping, got 7'],
    ['an empty version', { version: ' ' }, 'version: expected a non-empty string, got " "'],
    [
      'a strong kind linkage does not know',
      { version: 'v', shellRing: { strongKinds: ['iban'] } },
      'shellRing.strongKinds[0]: expected one of payment_fingerprint',
    ],
  ])('refuses %s', (_name, raw, message) => {
    expect(problemsOf(() => parsePolicy(raw)).join('\n')).toContain(message);
  });

  it('refuses at load, in the same words, what linkage and the name matcher refuse', () => {
    const linkage = 'linkage.genericValueMaxTenants: expected an integer ≥ 2, got 1';
    const screening = 'screening.reviewThreshold: expected a number > 0 and ≤ 1, got 0';
    expect(
      problemsOf(() =>
        parsePolicy({
          version: 'v',
          linkage: { genericValueMaxTenants: 1 },
          screening: { reviewThreshold: 0 },
        }),
      ),
    ).toEqual([`policy: ${linkage}`, `policy: ${screening}`]);
    expect(() => resolveLinkageOptions({ genericValueMaxTenants: 1 })).toThrow(linkage);
    expect(() => validateScreeningOptions({ ...defaultScreeningOptions, reviewThreshold: 0 })).toThrow(
      screening,
    );
  });

  it('reports an unreadable or unparsable file as a ConfigError naming it', () => {
    expect(problemsOf(() => loadPolicy('/nonexistent/policy.yaml'))[0]).toMatch(
      /^\/nonexistent\/policy.yaml: cannot read/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'version: [unclosed');
    expect(problemsOf(() => loadPolicy(path))[0]).toMatch(/cannot parse the policy file/);
  });
});
