/**
 * `gpuwatch report` as a child process of the built CLI, on usage stored through the collector's
 * RedisUsageStore (real aggregates) and profiles through its RedisTenantStore (two tenants linked
 * by a shared payment instrument): calendar months in UTC, H100-equivalents from the chip table,
 * not-controlled chips left out, cluster rows equal to the sums of their members, usage older
 * than the hourly retention still reported from the daily aggregates. (monthsOf, once a report
 * helper, is tested with common/usage/usage-time.ts.)
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chipByModel } from '../../common/chips/chips.js';
import { RedisTenantStore } from '../../collector/tenants/redis-tenant-store.js';
import { RedisUsageStore } from '../../collector/storage/redis-usage-store.js';
import type { TenantInput } from '../../collector/tenants/tenant-store.js';
import type { ValidSegment } from '../../collector/storage/usage-store.js';
import { parseReportDate } from '../../cli/report-command.js';
import { csvField, defuseFormula } from '../../cli/report-formats.js';
import { clusterIdOf } from '../../detector/linkage/clusters.js';
import { agent, hour, t as at, tile } from '../collector/usage-fixtures.js';
import { runCli } from '../helpers/collector-process.js';
import { freePort } from '../../common/free-port.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { tenantInput } from '../helpers/tenant-fixtures.js';

let t: TestRedis;
const linked = clusterIdOf(['t-a', 't-b']);
const alone = clusterIdOf(['t-c']);
const l40 = chipByModel('L40').h100e; // 2896 / 15832
const a100 = chipByModel('A100').h100e;
// A 3g MIG slice of an A100 counts 3/7 of a GPU, rounded to the millisecond per hour piece.
const migHourMs = Math.round((3 / 7) * hour);

function profile(tenantId: string, payment: string): TenantInput {
  return tenantInput(tenantId, { legal_name: tenantId, country: 'SG', payment_fingerprint: payment });
}

beforeAll(async () => {
  t = await openTestRedis();
  await new RedisTenantStore({
    redis: t.redis,
    keys: t.keys,
    hmacKey: Buffer.from('report-test-key-0123456789abcdef'),
  }).upsert([profile('t-a', 'pm-77'), profile('t-b', 'pm-77'), profile('t-c', 'pm-c')], Date.UTC(2026, 0, 1));
  const series = (
    tenantId: string,
    allocationId: string,
    gpuUuids: string[],
    count: number,
    start: string,
  ): ValidSegment[] =>
    tile(count, at(start), hour, { tenantId, allocationId, gpuUuids, workloadFingerprint: '' });
  const segments = [
    // Two H100s across the January/February edge: 2 h × 2 GPUs in each month.
    ...series('t-a', 'a-h100', ['GPU-h100-0', 'GPU-h100-1'], 4, '2026-01-31T22:00:00Z'),
    // Not controlled (L20): never in the report.
    ...series('t-a', 'a-l20', ['GPU-l20-0'], 10, '2026-01-05T00:00:00Z'),
    ...series('t-b', 'b-l40', ['GPU-l40-0'], 5, '2026-02-10T00:00:00Z'),
    ...series('t-b', 'b-mig', ['MIG-a100-0'], 7, '2026-03-03T00:00:00Z'),
    // A GPU missing from the inventory: unclassified, counted as one H100.
    ...series('t-b', 'b-unknown', ['GPU-mystery'], 2, '2026-03-20T00:00:00Z'),
    ...series('t-c', 'c-dec', ['GPU-h100-0'], 1, '2025-12-31T23:00:00Z'),
    ...series('t-c', 'c-jan', ['GPU-h100-0'], 1, '2026-01-10T00:00:00Z'),
    ...series('t-c', 'c-apr', ['GPU-h100-0'], 1, '2026-04-01T00:00:00Z'),
    ...series('t-d', 'd-l20', ['GPU-l20-0'], 3, '2026-02-01T00:00:00Z'),
    ...series('t-e', 'e-old', ['GPU-h100-1'], 3, '2025-01-15T00:00:00Z'),
  ].map((s, index) => ({ ...s, index }));
  await new RedisUsageStore({ redis: t.redis, keys: t.keys }).storeBatch(
    agent(),
    1,
    segments,
    at('2026-04-02T00:00:00Z'),
  );
  // The hourly aggregates of January 2025 are past their retention: only the daily ones remain.
  await t.redis.del(t.keys.hourly('t-e', '2025-01-15'));
});

afterAll(() => t.cleanup());

function report(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['report', ...args, '--redis', testRedisUrl, '--key-prefix', t.prefix]);
}

const h = (n: number): string => n.toFixed(4);
const header =
  'scope,tenant_id,cluster_id,cluster_members,month,period_from,period_to,control_class,gpu_hours,h100e_hours';
const jan = '2026-01,2026-01-01,2026-02-01';
const feb = '2026-02,2026-02-01,2026-03-01';
const mar = '2026-03,2026-03-01,2026-04-01';
const migHours = (7 * migHourMs) / hour;

describe('gpuwatch report', () => {
  it('writes controlled-chip usage per tenant and per linked cluster by UTC month as RFC 4180 CSV', async () => {
    const result = await report(['--from', '2026-01', '--to', '2026-04', '--format', 'csv']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        header,
        `tenant,t-a,${linked},,${jan},3A090.a,4.0000,4.0000`,
        `tenant,t-a,${linked},,${feb},3A090.a,4.0000,4.0000`,
        `tenant,t-b,${linked},,${feb},3A090.b,5.0000,${h(5 * l40)}`,
        `tenant,t-b,${linked},,${mar},3A090.a,${h(migHours)},${h(migHours * a100)}`,
        `tenant,t-b,${linked},,${mar},unclassified,2.0000,2.0000`,
        `tenant,t-c,${alone},,${jan},3A090.a,1.0000,1.0000`,
        // The cluster rows are the sums of t-a's and t-b's rows.
        `cluster,,${linked},t-a t-b,${jan},3A090.a,4.0000,4.0000`,
        `cluster,,${linked},t-a t-b,${feb},3A090.a,4.0000,4.0000`,
        `cluster,,${linked},t-a t-b,${feb},3A090.b,5.0000,${h(5 * l40)}`,
        `cluster,,${linked},t-a t-b,${mar},3A090.a,${h(migHours)},${h(migHours * a100)}`,
        `cluster,,${linked},t-a t-b,${mar},unclassified,2.0000,2.0000`,
        '',
      ].join('\r\n'),
    );
  });

  it('cuts at the days given, and as JSON has tenants and clusters whose sums agree', async () => {
    const result = await report(['--from', '2026-01-31', '--to', '2026-03-15', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      from: string;
      to: string;
      excluded_control_classes: string[];
      tenants: {
        tenant_id: string;
        cluster_id: string;
        month: string;
        period_from: string;
        period_to: string;
        control_class: string;
        gpu_hours: number;
        h100e_hours: number;
      }[];
      clusters: {
        cluster_id: string;
        tenant_ids: string[];
        month: string;
        control_class: string;
        gpu_hours: number;
        h100e_hours: number;
      }[];
    };
    expect(json).toMatchObject({
      from: '2026-01-31',
      to: '2026-03-15',
      excluded_control_classes: ['not-controlled'],
    });
    expect(json.tenants).toEqual([
      {
        tenant_id: 't-a',
        cluster_id: linked,
        month: '2026-01',
        period_from: '2026-01-31',
        period_to: '2026-02-01',
        control_class: '3A090.a',
        gpu_hours: 4,
        h100e_hours: 4,
      },
      {
        tenant_id: 't-a',
        cluster_id: linked,
        month: '2026-02',
        period_from: '2026-02-01',
        period_to: '2026-03-01',
        control_class: '3A090.a',
        gpu_hours: 4,
        h100e_hours: 4,
      },
      {
        tenant_id: 't-b',
        cluster_id: linked,
        month: '2026-02',
        period_from: '2026-02-01',
        period_to: '2026-03-01',
        control_class: '3A090.b',
        gpu_hours: 5,
        h100e_hours: Number(h(5 * l40)),
      },
      {
        tenant_id: 't-b',
        cluster_id: linked,
        month: '2026-03',
        period_from: '2026-03-01',
        period_to: '2026-03-15',
        control_class: '3A090.a',
        gpu_hours: Number(h(migHours)),
        h100e_hours: Number(h(migHours * a100)),
      },
    ]);
    // Every cluster row equals the sum of its members' rows of the same month and class.
    expect(json.clusters.map((c) => [c.month, c.control_class])).toEqual([
      ['2026-01', '3A090.a'],
      ['2026-02', '3A090.a'],
      ['2026-02', '3A090.b'],
      ['2026-03', '3A090.a'],
    ]);
    for (const c of json.clusters) {
      expect(c.tenant_ids).toEqual(['t-a', 't-b']);
      const members = json.tenants.filter(
        (r) =>
          c.tenant_ids.includes(r.tenant_id) && r.month === c.month && r.control_class === c.control_class,
      );
      expect(c.gpu_hours).toBeCloseTo(
        members.reduce((s, r) => s + r.gpu_hours, 0),
        4,
      );
      expect(c.h100e_hours).toBeCloseTo(
        members.reduce((s, r) => s + r.h100e_hours, 0),
        4,
      );
    }
  });

  it('reports usage older than the hourly retention from the daily aggregates', async () => {
    expect(await t.redis.exists(t.keys.hourly('t-e', '2025-01-15'))).toBe(0);
    const result = await report(['--from', '2025-01-01', '--to', '2025-02-01', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        header,
        `tenant,t-e,${clusterIdOf(['t-e'])},,2025-01,2025-01-01,2025-02-01,3A090.a,3.0000,3.0000`,
        '',
      ].join('\r\n'),
    );
  });

  it('prints aligned tables with --format table, progress on stderr with --progress, and writes --output', async () => {
    const table = await report(['--from', '2026-03', '--to', '2026-04', '--format', 'table', '--progress']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      [
        'per tenant:',
        `  TENANT  CLUSTER             MONTH    CLASS         GPU-HOURS  H100E-HOURS`,
        `  t-b     ${linked}  2026-03  3A090.a          ${h(migHours)}       ${h(migHours * a100)}`,
        `  t-b     ${linked}  2026-03  unclassified     2.0000       2.0000`,
        '',
        'per linked cluster (two or more tenants):',
        `  CLUSTER             TENANTS   MONTH    CLASS         GPU-HOURS  H100E-HOURS`,
        `  ${linked}  t-a, t-b  2026-03  3A090.a          ${h(migHours)}       ${h(migHours * a100)}`,
        `  ${linked}  t-a, t-b  2026-03  unclassified     2.0000       2.0000`,
        '',
      ].join('\n'),
    );
    expect(table.stdout).toContain('controlled-chip usage 2026-03-01 – 2026-03-31 (UTC');
    expect(table.stderr).toMatch(
      /^report: 5 tenants read, 1 with controlled-chip usage, 1 linked cluster, in \d+\.\d s\n$/m,
    );

    const file = join(mkdtempSync(join(tmpdir(), 'gpuwatch-report-')), 'q1.csv');
    const written = await report(['--from', '2026-01', '--to', '2026-04', '--output', file]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(`gpuwatch report: wrote ${file} (6 tenant rows, 5 cluster rows)\n`);
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith(`${header}\r\n`)).toBe(true);
    expect(csv).toBe((await report(['--from', '2026-01', '--to', '2026-04'])).stdout); // csv is the default off a terminal
  });

  it('refuses a bad range or format with the field, the value and what was expected', async () => {
    const reversed = await report(['--from', '2026-03-01', '--to', '2026-02-01']);
    expect(reversed.code).toBe(78);
    expect(reversed.stderr).toContain('--to: expected a date after --from 2026-03-01, got "2026-02-01"');
    const bad = await report(['--from', '2026-02-30', '--to', '2026-13', '--format', 'xml']);
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain(
      '--from: expected a UTC date YYYY-MM-DD or a month YYYY-MM, got "2026-02-30"',
    );
    expect(bad.stderr).toContain('--to: expected a UTC date YYYY-MM-DD or a month YYYY-MM, got "2026-13"');
    expect(bad.stderr).toContain('--format: expected one of csv, json, table, got "xml"');
    const missing = await report([]);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('--from: required');
    expect(missing.stderr).toContain('--to: required');
    // Nothing listens there: the message names the server, without its password.
    const port = await freePort();
    const down = await runCli([
      'report',
      '--from',
      '2026-01',
      '--to',
      '2026-02',
      '--redis',
      `redis://:s3cret@127.0.0.1:${port}`,
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      `gpuwatch: cannot use Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED`,
    );
    expect(down.stderr).not.toContain('s3cret');
    const long = await report(['--from', '2010-01', '--to', '2026-01']);
    expect(long.code).toBe(78);
    expect(long.stderr).toContain('--to: expected at most 120 months after --from 2010-01');
  });
});

describe('report helpers', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
  ])('CSV field %j is %j (RFC 4180)', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['acme-1', 'acme-1'],
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a=b', 'a=b'],
  ])('tenant id %j goes into a spreadsheet as %j (no formula runs)', (value, expected) => {
    expect(defuseFormula(value)).toBe(expected);
  });

  it.each([
    ['2026-01-31', Date.UTC(2026, 0, 31)],
    ['2026-02', Date.UTC(2026, 1, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2026-02-29', undefined],
    ['2026-1-5', undefined],
    ['2026-01-01T00:00:00Z', undefined],
  ])('date %j parses to %j', (text, ms) => {
    expect(parseReportDate(text)).toBe(ms);
  });
});
