/**
 * `gpuwatch tenants explain` as a child process of the built CLI, on profiles seeded through the
 * collector's RedisTenantStore (real digests, real identity index): the cluster, every link with
 * the kinds and digests the pair shares and the score against the threshold, and the values
 * ignored for being held by too many tenants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../common/tenants/identity-digest.js';
import { workloadFingerprintDigest } from '../../common/tenants/workload-fingerprints.js';
import { RedisTenantStore } from '../../collector/tenants/redis-tenant-store.js';
import { RedisUsageStore } from '../../collector/storage/redis-usage-store.js';
import type { TenantInput } from '../../collector/tenants/tenant-store.js';
import { clusterIdOf } from '../../detector/linkage/clusters.js';
import { agent, seg } from '../collector/usage-fixtures.js';
import { tempFile } from '../helpers/collector.js';
import { runCli } from '../helpers/collector-process.js';
import { freePort } from '../../common/free-port.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { tenantInput } from '../helpers/tenant-fixtures.js';

const hmacKey = Buffer.from('explain-test-hmac-key-0123456789abcdef');
const createdMs = Date.UTC(2025, 0, 15);
let t: TestRedis;

function tenant(fields: Partial<TenantInput> & Pick<TenantInput, 'tenant_id'>): TenantInput {
  return tenantInput(fields.tenant_id, fields);
}

const nat = '198.51.100.1';
const phone = '+1 555 0100';
const address = '1 Main St, Springfield';
const privateImage = 'registry.example/private/train@sha256:1111';
const publicImage = 'docker.io/pytorch/pytorch:2.5';

beforeAll(async () => {
  t = await openTestRedis();
  const store = new RedisTenantStore({ redis: t.redis, keys: t.keys, hmacKey });
  // a–b share a payment instrument (9 ≥ 6); b–c a phone and an address (4 + 3.5 = 7.5 ≥ 6);
  // c–d only an admin IP (3 < 6). gmail.com and the NAT address are held by 23 tenants (> 20).
  const fillers = Array.from({ length: 21 }, (_, i) =>
    tenant({
      tenant_id: `f-${String(i + 1).padStart(2, '0')}`,
      email: `f${i}@gmail.com`,
      admin_ips: [nat],
    }),
  );
  await store.upsert(
    [
      tenant({
        tenant_id: 't-a',
        legal_name: 'Alpha Compute Ltd',
        country: 'SG',
        account_created_unix_ms: createdMs,
        kyc_verified: true,
        payment_fingerprint: 'pm-1',
        email: 'a@gmail.com',
        admin_ips: [nat],
      }),
      tenant({
        tenant_id: 't-b',
        legal_name: 'Beta Cloud LLC',
        country: 'HK',
        payment_fingerprint: 'pm-1',
        email: 'b@shell.example',
        phone,
        address,
      }),
      tenant({ tenant_id: 't-c', phone, address, email: 'c@gmail.com', admin_ips: ['192.0.2.9', nat] }),
      tenant({ tenant_id: 't-d', admin_ips: ['192.0.2.9'] }),
      ...fillers,
    ],
    Date.UTC(2026, 0, 1),
  );
  // Workload fingerprints come with usage: b and c ran one private image (4 more for b–c), a,
  // every filler and a tenant without a profile one public image (23 holders: generic).
  const startMs = Date.UTC(2026, 0, 1);
  const ran: [string, string][] = [
    ['t-b', privateImage],
    ['t-c', privateImage],
    ['t-a', publicImage],
    ['t-usage-only', publicImage],
    ...fillers.map((f): [string, string] => [f.tenant_id, publicImage]),
  ];
  await new RedisUsageStore({ redis: t.redis, keys: t.keys }).storeBatch(
    agent(),
    1,
    ran.map(([tenantId, workloadFingerprint], i) =>
      seg({ tenantId, workloadFingerprint, startMs, endMs: startMs + 60_000 }, i),
    ),
    startMs + 60_000,
  );
});

afterAll(() => t.cleanup());

function explain(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['tenants', 'explain', ...args, '--redis', testRedisUrl, '--key-prefix', t.prefix]);
}

const d = (kind: Parameters<typeof digest>[0], value: string): string => digest(kind, value, hmacKey);
const short = (digestValue: string): string => `${digestValue.slice(0, digestValue.indexOf(':') + 1 + 16)}…`;

describe('gpuwatch tenants explain', () => {
  it('gives the cluster, every link with its shared kinds, digests and score, and the ignored common values', async () => {
    const result = await explain(['t-b', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      tenantId: 't-b',
      clusterId: clusterIdOf(['t-a', 't-b', 't-c']),
      tenantIds: ['t-a', 't-b', 't-c'],
      members: [
        {
          tenantId: 't-a',
          legalName: 'Alpha Compute Ltd',
          country: 'SG',
          kycVerified: true,
          accountCreatedMs: createdMs,
          hasProfile: true,
        },
        {
          tenantId: 't-b',
          legalName: 'Beta Cloud LLC',
          country: 'HK',
          kycVerified: false,
          accountCreatedMs: 0,
          hasProfile: true,
        },
        {
          tenantId: 't-c',
          legalName: '',
          country: '',
          kycVerified: false,
          accountCreatedMs: 0,
          hasProfile: true,
        },
      ],
      truncated: false,
      policySource: 'deploy/policy.yaml',
      policyVersion: expect.any(String) as string,
      linkThreshold: 6,
      genericValueMaxTenants: 20,
      links: [
        {
          a: 't-a',
          b: 't-b',
          score: 9,
          threshold: 6,
          evidence: [
            { kind: 'payment_fingerprint', digest: d('payment_fingerprint', 'pm-1'), weight: 9, sharedBy: 2 },
          ],
        },
        {
          a: 't-b',
          b: 't-c',
          score: 11.5,
          threshold: 6,
          evidence: [
            { kind: 'phone', digest: d('phone', phone), weight: 4, sharedBy: 2 },
            {
              kind: 'workload_fingerprint',
              digest: workloadFingerprintDigest(privateImage),
              weight: 4,
              sharedBy: 2,
              value: privateImage,
            },
            { kind: 'address', digest: d('address', address), weight: 3.5, sharedBy: 2 },
          ],
        },
      ],
      ignored: [
        { kind: 'admin_ip', digest: d('admin_ip', nat), sharedBy: 23 },
        { kind: 'email_domain', digest: d('email_domain', 'gmail.com'), sharedBy: 23 },
        {
          kind: 'workload_fingerprint',
          digest: workloadFingerprintDigest(publicImage),
          sharedBy: 23,
          value: publicImage,
        },
      ],
    });
  });

  it('prints the same as aligned tables', async () => {
    const result = await explain(['t-a']);
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toContain(
      `tenant t-a belongs to cluster ${clusterIdOf(['t-a', 't-b', 't-c'])} with 2 other tenants\n`,
    );
    expect(text).toMatch(
      /\npolicy deploy\/policy\.yaml \(version [^)]+\): a pair is linked at a score of 6 or more; values held by more than 20 tenants are ignored\n/,
    );
    expect(text).toContain(
      [
        'members:',
        '  TENANT  LEGAL NAME         COUNTRY  KYC  ACCOUNT CREATED',
        '  t-a     Alpha Compute Ltd  SG       yes  2025-01-15T00:00:00Z',
        '  t-b     Beta Cloud LLC     HK       no',
        '  t-c                                 no',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        'links (2):',
        '  t-a — t-b: score 9 ≥ threshold 6',
        '    KIND                 WEIGHT  SHARED BY  DIGEST',
        `    payment_fingerprint       9          2  ${short(d('payment_fingerprint', 'pm-1'))}`,
        '  t-b — t-c: score 11.5 ≥ threshold 6',
        '    KIND                  WEIGHT  SHARED BY  DIGEST                         VALUE',
        `    phone                      4          2  ${short(d('phone', phone))}`,
        `    workload_fingerprint       4          2  ${short(workloadFingerprintDigest(privateImage))}       ${privateImage}`,
        `    address                  3.5          2  ${short(d('address', address))}`,
      ].join('\n'),
    );
    expect(text).toContain(
      [
        'ignored as too common (held by more than 20 tenants) (3):',
        '  KIND                  SHARED BY  DIGEST                         VALUE',
        `  admin_ip                     23  ${short(d('admin_ip', nat))}`,
        `  email_domain                 23  ${short(d('email_domain', 'gmail.com'))}`,
        `  workload_fingerprint         23  ${short(workloadFingerprintDigest(publicImage))}       ${publicImage}`,
      ].join('\n'),
    );
  });

  it('says when a tenant is linked to nobody, and a sharing below the threshold makes no link', async () => {
    const result = await explain(['t-d']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `tenant t-d is linked to no other tenant (cluster ${clusterIdOf(['t-d'])})`,
    );
    expect(result.stdout).toContain('links (0):\n  (none)');
  });

  it('lists a tenant known only from its usage as having no profile', async () => {
    const result = await explain(['t-usage-only']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        'members:',
        '  TENANT        LEGAL NAME    COUNTRY  KYC  ACCOUNT CREATED',
        '  t-usage-only  (no profile)',
        '',
        'links (0):',
      ].join('\n'),
    );
    expect(result.stdout).toContain(
      `  workload_fingerprint         23  ${short(workloadFingerprintDigest(publicImage))}`,
    );
  });

  it('follows the weights of the policy given', async () => {
    // With a threshold of 12 neither the payment (9) nor phone + image + address (11.5) links.
    const policy = tempFile(
      'policy.json',
      JSON.stringify({ version: 'strict-1', linkage: { linkThreshold: 12 } }),
    );
    const result = await explain(['t-b', '--policy', policy, '--json']);
    expect(result.code).toBe(0);
    const e = JSON.parse(result.stdout) as { tenantIds: string[]; policyVersion: string; links: unknown[] };
    expect(e.policyVersion).toBe('strict-1');
    expect(e.tenantIds).toEqual(['t-b']);
    expect(e.links).toEqual([]);
  });

  it('says what is missing or wrong', async () => {
    const unknown = await explain(['t-nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      `gpuwatch tenants: tenant "t-nobody" not found (no profile and no usage under key prefix "${t.prefix}")\n`,
    );
    const down = await runCli([
      'tenants',
      'explain',
      't-a',
      '--redis',
      `redis://127.0.0.1:${await freePort()}`,
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^gpuwatch: cannot use Redis at redis:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/,
    );
    const noRedis = await runCli(['tenants', 'explain', 't-a']);
    expect(noRedis.code).toBe(78);
    expect(noRedis.stderr).toContain(
      '--redis: tenants explain reads profiles and the identity index in Redis',
    );
    const noPolicy = await explain(['t-a', '--policy', '/nonexistent/policy.yaml']);
    expect(noPolicy.code).toBe(78);
    expect(noPolicy.stderr).toContain(
      '--policy: expected a policy file, got "/nonexistent/policy.yaml" (no such file)',
    );
    const bad = tempFile('bad-policy.json', JSON.stringify({ version: 'x', linkage: { linkThreshold: -1 } }));
    const invalid = await explain(['t-a', '--policy', bad]);
    expect(invalid.code).toBe(78);
    expect(invalid.stderr).toContain('linkThreshold');
  });
});
