/**
 * `gpuwatch usage import` as a child process of the built CLI, against a collector process on a
 * test Redis prefix with an admin token: exact totals through Query.TenantUsage, idempotent
 * re-imports, bad and overlapping rows reported by line while the rest is stored.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFile } from '../helpers/collector.js';
import { cliPath, CollectorProcess, runCli, type CliResult } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import type { ImportSummary } from '../../cli/usage-import-command.js';

const adminToken = 'admin-token-0123456789abcdef';
const h = 3_600_000;
// Whole hours ten days back: inside the collector's 400-day window.
const t0 = Math.floor(Date.now() / h) * h - 240 * h;
const iso = (ms: number): string => new Date(ms).toISOString();

let t: TestRedis;
let collector: CollectorProcess;
let tokenFile: string;

beforeAll(async () => {
  t = await openTestRedis();
  tokenFile = tempFile('admin', `${adminToken}\n`);
  collector = await CollectorProcess.start([
    '--redis',
    testRedisUrl,
    '--key-prefix',
    t.prefix,
    '--admin-token-file',
    tokenFile,
  ]);
});

afterAll(async () => {
  collector.signal('SIGTERM');
  await collector.exited;
  await t.cleanup();
});

const connection = (): string[] => ['--collector', collector.grpcAddress, '--admin-token-file', tokenFile];

function importFile(file: string, extra: string[] = []): Promise<CliResult> {
  return runCli(
    ['usage', 'import', file, '--json', '--progress', '0', ...connection(), ...extra],
    {},
    60_000,
  );
}

function summaryOf(r: CliResult): ImportSummary {
  return JSON.parse(r.stdout) as ImportSummary;
}

interface Usage {
  total_gpu_seconds: number;
  rows: { day: string; chip_model: string; control_class: string; gpu_seconds: number }[];
}

async function usage(tenant: string): Promise<Usage> {
  const r = await runCli(['usage', tenant, '--json', ...connection()]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Usage;
}

describe('gpuwatch usage import', () => {
  it('imports a CSV with exact totals, splits long rows, and a second import changes nothing', async () => {
    const file = tempFile(
      'history.csv',
      [
        'tenant_id,allocation_id,start,end,gpus,chip,node,source',
        // 2.5 h on 4 H100s, from half past: three hour-pieces.
        `csv-a,job-1,${iso(t0 + 0.5 * h)},${iso(t0 + 3 * h)},4,NVIDIA H100 80GB HBM3,n1,slurm`,
        // Two rows of one allocation, out of order, touching: both stored.
        `csv-a,job-2,${t0 + 2 * h},${t0 + 3 * h},1,A100,,`,
        `csv-a,job-2,${t0},${t0 + 2 * h},1,A100,,`,
        `csv-b,job-3,${t0},${t0 + 26 * h},2,L20,n2,`,
      ].join('\n'),
    );
    const first = await importFile(file);
    expect(first.code, first.stderr).toBe(0);
    const s1 = summaryOf(first);
    expect(s1).toMatchObject({
      format: 'csv',
      rows: 4,
      rows_stored: 4,
      rows_rejected: 0,
      hour_pieces: { sent: 3 + 2 + 1 + 26, stored: 32, duplicate: 0, rejected: 0 },
      gpu_hours_by_class: { '3A090.a': 10 + 3, 'not-controlled': 52 },
      tenants: 2,
      rejected_rows_by_reason: {},
    });

    const a = await usage('csv-a');
    expect(a.total_gpu_seconds).toBe((10 + 3) * 3600);
    expect(a.rows.map((r) => [r.chip_model, r.control_class, r.gpu_seconds])).toEqual(
      expect.arrayContaining([
        ['H100 SXM', '3A090.a', 10 * 3600],
        ['A100', '3A090.a', 3 * 3600],
      ]),
    );
    const b = await usage('csv-b');
    expect(b.total_gpu_seconds).toBe(52 * 3600);
    expect(b.rows.map((r) => r.chip_model)).toEqual(['L20', 'L20']);

    const second = await importFile(file);
    expect(second.code, second.stderr).toBe(0);
    expect(summaryOf(second).hour_pieces).toEqual({ sent: 32, stored: 0, duplicate: 32, rejected: 0 });
    expect((await usage('csv-a')).total_gpu_seconds).toBe(13 * 3600);
    expect((await usage('csv-b')).total_gpu_seconds).toBe(52 * 3600);
  });

  it('imports JSONL from stdin with given GPU uuids and Unix ms times', async () => {
    const lines = [
      {
        tenant_id: 'jl-a',
        allocation_id: 'lease-1',
        start: t0,
        end: t0 + 90 * 60_000,
        gpus: 2,
        chip: 'H100 SXM',
        gpu_uuids: ['GPU-j1', 'GPU-j2'],
        workload_fingerprint: 'sha256:abc',
      },
      {
        tenant_id: 'jl-a',
        allocation_id: 'lease-2',
        start: iso(t0 + 5 * h),
        end: iso(t0 + 6 * h),
        gpus: 8,
        chip: 'NVIDIA H100 80GB HBM3',
      },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const r = await new Promise<CliResult>((resolve) => {
      const child = spawn(
        process.execPath,
        [cliPath, 'usage', 'import', '-', '--json', '--progress', '0', ...connection()],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(lines);
    });
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r)).toMatchObject({
      format: 'jsonl',
      rows: 2,
      hour_pieces: { stored: 3 },
      gpu_hours_by_class: { '3A090.a': 3 + 8 },
    });
    expect((await usage('jl-a')).total_gpu_seconds).toBe(11 * 3600);
  });

  it('reports every bad row with its line and field, stores the good ones, and exits 1', async () => {
    const file = tempFile(
      'bad.csv',
      [
        'tenant_id,allocation_id,start,end,gpus,chip,node,gpu_uuids',
        `bad-a,ok-1,${t0},${t0 + h},1,A100,,`,
        `bad-a,j2,yesterday,${t0 + h},1,A100,,`,
        `bad-a,j3,${t0},${t0 + h},0,A100,,`,
        `bad-a,j4,${t0},${t0 + h},1,Z9000,,`,
        `bad-a,j5,${t0},${t0 + h},2,A100,,GPU-only-one`,
        `,j6,${t0},${t0 + h},1,A100,,`,
        `bad-a,j7,${t0 + h},${t0},1,A100,,`,
        `bad-a,j8,${t0},${t0 + h},1,A100`,
        // Older than the collector's --max-segment-age: refused by the collector, reported here.
        `bad-a,j9,${t0 - 500 * 24 * h},${t0 - 500 * 24 * h + 2 * h},1,A100,,`,
        // Overlapping rows of one allocation: the later-starting one is refused.
        `bad-a,ov,${t0},${t0 + 2 * h},1,A100,n1,`,
        `bad-a,ov,${t0 + h},${t0 + 3 * h},1,A100,n1,`,
      ].join('\n'),
    );
    const r = await importFile(file);
    expect(r.code).toBe(1);
    const problems = r.stderr.trim().split('\n');
    expect(problems).toEqual([
      `${file}:3: start: expected an RFC 3339 time with a zone or Unix milliseconds, got "yesterday"`,
      `${file}:4: gpus: expected a whole number 1..256, got "0"`,
      expect.stringMatching(new RegExp(`^${file}:5: chip: expected an NVML product name`)),
      `${file}:6: gpu_uuids: expected 2 uuids (gpus), got 1`,
      `${file}:7: tenant_id: expected a value, got none`,
      expect.stringMatching(new RegExp(`^${file}:8: end: expected after start `)),
      `${file}:9: line: expected 8 cells (as the header), got 6`,
      expect.stringMatching(
        new RegExp(`^${file}:10: start_unix_ms: expected at most 400d old .*\\(hour-piece from `),
      ),
      expect.stringMatching(
        new RegExp(
          `^${file}:12: start: expected at or after .*, the end of line 11 of the same allocation "ov" \\(rows of one allocation must not overlap\\)`,
        ),
      ),
    ]);
    const s = summaryOf(r);
    expect(s).toMatchObject({
      rows: 11,
      rows_stored: 2,
      rows_rejected: 9,
      hour_pieces: { sent: 5, stored: 3, duplicate: 0, rejected: 2 },
      rejected_rows_by_reason: {
        start: 1,
        gpus: 1,
        chip: 1,
        gpu_uuids: 1,
        tenant_id: 1,
        end: 1,
        line: 1,
        start_unix_ms: 1,
        'start (overlap)': 1,
      },
    });
    expect((await usage('bad-a')).total_gpu_seconds).toBe(3 * 3600);
  });

  it('refuses a file whose header lacks a required column, sending nothing', async () => {
    const file = tempFile('noheader.csv', `tenant_id,allocation_id,start,end,gpus\nx,y,${t0},${t0 + h},1\n`);
    const r = await importFile(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${file}: line 1: expected a header naming tenant_id, allocation_id, start, end, gpus, chip`,
    );
  });

  it('keeps a tenant named "import" reachable', async () => {
    const file = tempFile(
      'one.csv',
      `tenant_id,allocation_id,start,end,gpus,chip\nimport,j,${t0},${t0 + h},1,A100\n`,
    );
    expect((await importFile(file)).code).toBe(0);
    const r = await runCli(['usage', '--json', ...connection(), '--', 'import']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Usage).total_gpu_seconds).toBe(3600);
  });

  it('authenticates with the admin token where agents need credentials, and with no agent token', async () => {
    const t2 = await openTestRedis();
    const agentTokens = tempFile('agents', 'node-1 node-1-token-0123456789\n');
    const secured = await CollectorProcess.start([
      ...['--redis', testRedisUrl, '--key-prefix', t2.prefix],
      ...['--admin-token-file', tokenFile, '--agent-tokens-file', agentTokens],
    ]);
    try {
      const file = tempFile(
        'auth.csv',
        `tenant_id,allocation_id,start,end,gpus,chip\nauth-a,j,${t0},${t0 + h},1,A100\n`,
      );
      const base = ['usage', 'import', file, '--progress', '0', '--collector', secured.grpcAddress];
      const none = await runCli(base);
      expect(none.code).toBe(3);
      expect(none.stderr).toContain('UNAUTHENTICATED');
      const agentToken = await runCli(base, { GPUWATCH_ADMIN_TOKEN: 'node-1-token-0123456789' });
      expect(agentToken.code).toBe(3);
      expect(agentToken.stderr).toContain(`PERMISSION_DENIED: hello.agent_id "import:source:import:`);
      const admin = await runCli([...base, '--admin-token-file', tokenFile]);
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toContain('hour-pieces: 1 sent, 1 stored, 0 duplicate, 0 rejected');
    } finally {
      secured.signal('SIGTERM');
      await secured.exited;
      await t2.cleanup();
    }
  });
});
