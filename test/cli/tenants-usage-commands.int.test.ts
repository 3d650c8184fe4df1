/**
 * `gpuwatch tenants import|get` and `gpuwatch usage` as child processes of the built CLI,
 * against an in-process collector with the Redis stores and an admin token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, hello, segment } from '../helpers/agent-client.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';
import { runCli } from '../helpers/collector-process.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';
import { formatUsageTable } from '../../cli/usage-command.js';
import { parseTenantLine } from '../../cli/tenants-command.js';

const adminToken = 'admin-token-0123456789abcdef';
let t: TestRedis;
let c: TestCollector;
let tokenFile: string;

beforeAll(async () => {
  t = await openTestRedis();
  tokenFile = tempFile('admin', `${adminToken}\n`);
  c = await startTestCollector({ redis: t.redis, keys: t.keys, auth: { adminTokenFile: tokenFile } });
});

afterAll(async () => {
  await c.stop();
  await t.cleanup();
});

function cli(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli([...args, '--collector', c.address, '--admin-token-file', tokenFile]);
}

describe('gpuwatch tenants', () => {
  it('imports good lines, reports bad ones by line number, and exits non-zero', async () => {
    const file = tempFile(
      'tenants.jsonl',
      [
        JSON.stringify({
          tenant_id: 'acme',
          legal_name: 'Acme Compute Ltd',
          country: 'HK',
          email: 'ops@acme.example',
        }),
        '',
        '{"tenant_id": "broken",',
        JSON.stringify({ tenant_id: 'beta', legalname: 'typo' }),
        JSON.stringify({ tenant_id: 'gamma', admin_ips: ['999.1.1.1'] }),
        JSON.stringify({ tenant_id: 'delta', account_created_unix_ms: '1700000000000', kyc_verified: true }),
        JSON.stringify({ tenant_id: 'eps', aliases: 'not-a-list' }),
      ].join('\n'),
    );
    const r = await cli(['tenants', 'import', file, '--chunk-size', '2']);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file}:3: not JSON: `)),
      `${file}:4: unknown field "legalname" (expected the Tenant fields of the wire contract, e.g. "tenant_id", "legal_name")`,
      `${file}:5: admin_ips[0]: expected an IPv4 or IPv6 address (optionally /prefix), got "999.1.1.1"`,
      `${file}:7: aliases: array expected`,
    ]);
    expect(r.stdout.trim()).toBe(`imported 2 tenants from ${file}; 4 lines failed (see above)`);
    expect(r.code).toBe(1);

    const got = await cli(['tenants', 'get', 'delta']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({
      tenant_id: 'delta',
      account_created_unix_ms: 1_700_000_000_000,
      kyc_verified: true,
    });
    const acme = JSON.parse((await cli(['tenants', 'get', 'acme'])).stdout) as { email: string };
    expect(acme.email).toMatch(/^hmac-sha256:/);
  });

  it('exits 0 when every line imports', async () => {
    const file = tempFile('ok.jsonl', `${JSON.stringify({ tenant_id: 'zeta' })}\n`);
    const r = await cli(['tenants', 'import', file]);
    expect(r).toMatchObject({ code: 0, stdout: `imported 1 tenant from ${file}\n` });
  });

  it('says when a tenant is not found, or the token is wrong, or the collector is unreachable', async () => {
    const missing = await cli(['tenants', 'get', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `gpuwatch tenants: collector at ${c.address} answered NOT_FOUND: tenant "nobody" not found\n`,
    );

    const wrong = await runCli(['tenants', 'get', 'acme', '--collector', c.address], {
      GPUWATCH_ADMIN_TOKEN: 'wrong-token-0123456789',
    });
    expect(wrong.stderr).toContain('answered PERMISSION_DENIED: not the admin token');

    const unreachable = await runCli([
      'tenants',
      'get',
      'acme',
      '--collector',
      '127.0.0.1:1',
      '--timeout',
      '2s',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^gpuwatch tenants: (cannot reach the collector at 127\.0\.0\.1:1|collector at 127\.0\.0\.1:1 answered)/,
    );
  });

  it('parses a line with the wire names', () => {
    expect(parseTenantLine('{"tenant_id":"a","attributes":{"k":"v"}}')).toMatchObject({
      tenant_id: 'a',
      attributes: { k: 'v' },
    });
    expect(parseTenantLine('[1]')).toBe('expected a JSON object with Tenant fields');
  });
});

describe('gpuwatch usage', () => {
  const hour = 3_600_000;
  const start = Math.floor(Date.now() / hour) * hour - 3 * hour;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

  beforeAll(async () => {
    await deliver({
      address: () => c.address,
      hello: hello('node-u'),
      batches: [{ seq: 1, segments: [segment('node-u', 'tenant-u', start, start + hour)] }],
    });
  });

  it('prints GPU-hours and H100e-hours by day and chip', async () => {
    const r = await cli(['usage', 'tenant-u']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'usage of tenant tenant-u',
      'DAY         CHIP      CLASS    GPU-HOURS  H100E-HOURS',
      `${day(start)}  H100 SXM  3A090.a       1.00         1.00`,
      `total${' '.repeat(31)}1.00         1.00`,
    ]);
    expect(r.stdout).not.toContain('note:');
  });

  it('notes when the range was widened to whole hours', async () => {
    const from = new Date(start + 10 * 60_000).toISOString();
    const r = await cli(['usage', 'tenant-u', '--from', from, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ total_gpu_seconds: 3600, effective_from_unix_ms: start });
    const text = await cli(['usage', 'tenant-u', '--from', from]);
    expect(text.stdout).toContain(
      `note: usage is kept per whole UTC hour; the range was widened to whole hours: ${new Date(start).toISOString().replace(':00.000Z', 'Z')} – `,
    );
  });

  it('refuses a bad date with exit 78', async () => {
    const r = await cli(['usage', 'tenant-u', '--from', 'yesterday']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('--from: expected YYYY-MM-DD or an RFC 3339 time, got "yesterday"');
  });

  it('formats an empty answer', () => {
    expect(formatUsageTable({ tenant_id: 'x', total_gpu_seconds: 0, rows: [] }, 0, 0)).toContain(
      '(no usage in this range)',
    );
  });
});
