import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { archiveLines, AuditArchiver, compareStreamIds } from '../../../collector/archive/audit-archiver.js';
import { encodeSegmentFrame } from '../../../collector/storage/audit-record.js';
import { run } from '../../../cli/archive-command.js';
import { RedisUsageStore } from '../../../collector/storage/redis-usage-store.js';
import { ConfigError } from '../../../common/errors.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../../helpers/redis.js';
import { agent, minute, seg, t, tile } from '../usage-fixtures.js';

let tr: TestRedis;
let dir: string;
let store: RedisUsageStore;
let seq = 0;

beforeEach(async () => {
  tr = await openTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'gwtest-archive-'));
  store = new RedisUsageStore({ redis: tr.redis, keys: tr.keys, archiveEnabled: true });
});
afterEach(async () => {
  await tr.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Stores `count` one-minute segments of a tenant from `startIso` (audit entries to archive). */
async function produce(tenantId: string, startIso: string, count: number): Promise<void> {
  // A batch of its own per segment: one audit entry each, so entries and segments count alike.
  for (const segment of tile(count, t(startIso), minute, {
    tenantId,
    allocationId: `${tenantId}-${startIso}`,
  })) {
    await store.storeBatch(agent(), ++seq, [segment], 0);
  }
}

function archiver(options: Partial<ConstructorParameters<typeof AuditArchiver>[0]> = {}): AuditArchiver {
  return new AuditArchiver({ redis: tr.redis, keys: tr.keys, dir, ...options });
}

type Line = Record<string, unknown> & { stream_id: string; tenant_id: string; start_unix_ms: number };

function readDay(day: string): Line[] {
  const text = gunzipSync(readFileSync(join(dir, `${day}.jsonl.gz`))).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

const dayFiles = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort();

describe('AuditArchiver', () => {
  it('writes one gzipped JSONL file per UTC day of the segment start, appending a member per pass', async () => {
    await produce('tenant-a', '2026-01-31T23:50:00Z', 20); // 10 on Jan 31, 10 on Feb 1
    await produce('tenant-b', '2026-02-01T08:00:00Z', 5);
    const first = await archiver().runOnce();
    expect(first).toMatchObject({ tenants: 2, entries: 25, replayed: 0, files: 2, trimmed: 0 });
    expect(dayFiles()).toEqual(['2026-01-31.jsonl.gz', '2026-02-01.jsonl.gz']);
    const jan = readDay('2026-01-31');
    expect(jan).toHaveLength(10);
    expect(jan[0]).toMatchObject({
      tenant_id: 'tenant-a',
      allocation_id: 'tenant-a-2026-01-31T23:50:00Z',
      start_unix_ms: t('2026-01-31T23:50:00Z'),
      end_unix_ms: t('2026-01-31T23:51:00Z'),
      gpu_uuids: ['GPU-h100-0'],
      agent_id: 'node-1',
      source: 'kubernetes',
    });
    expect(jan[0]?.stream_id).toMatch(/^\d+-\d+$/);
    const feb = readDay('2026-02-01');
    expect(feb.map((l) => l.tenant_id).sort()).toEqual(
      [...Array<string>(10).fill('tenant-a'), ...Array<string>(5).fill('tenant-b')].sort(),
    );
    for (const line of feb) expect(line.start_unix_ms).toBeGreaterThanOrEqual(t('2026-02-01T00:00:00Z'));

    await produce('tenant-b', '2026-02-01T09:00:00Z', 3);
    expect(await archiver().runOnce()).toMatchObject({ entries: 3, files: 1 });
    expect(readDay('2026-02-01')).toHaveLength(18);
    // Nothing new: nothing written.
    expect(await archiver().runOnce()).toMatchObject({ entries: 0, files: 0 });
    expect(await tr.redis.xpending(tr.keys.audit('tenant-b'), 'archive')).toEqual([0, null, null, null]);
  });

  it('archives pending entries again after a crash between write and ack (lines may repeat, stream_id dedups)', async () => {
    await produce('tenant-a', '2026-02-01T00:00:00Z', 7);
    const crashing = archiver({
      afterWrite: () => {
        throw new Error('killed between write and ack');
      },
    });
    await expect(crashing.runOnce()).rejects.toThrow(/killed between write and ack/);
    expect((await tr.redis.xpending(tr.keys.audit('tenant-a'), 'archive'))[0]).toBe(7);
    await produce('tenant-a', '2026-02-01T01:00:00Z', 2);

    const resumed = await archiver().runOnce();
    expect(resumed).toMatchObject({ entries: 9, replayed: 7 });
    expect((await tr.redis.xpending(tr.keys.audit('tenant-a'), 'archive'))[0]).toBe(0);
    const lines = readDay('2026-02-01');
    expect(lines).toHaveLength(16);
    const ids = (await tr.redis.xrange(tr.keys.audit('tenant-a'), '-', '+')).map(([id]) => id);
    expect([...new Set(lines.map((l) => l.stream_id))].sort(compareStreamIds)).toEqual(ids);
  });

  it('trims archived entries past the retention, never unarchived ones', async () => {
    await produce('tenant-a', '2026-02-01T00:00:00Z', 4);
    // Another archiver read these and died before acking: they are pending, not archived.
    const other = archiver({
      consumer: 'other',
      afterWrite: () => {
        throw new Error('crash');
      },
    });
    await expect(other.runOnce()).rejects.toThrow('crash');
    rmSync(join(dir, '2026-02-01.jsonl.gz'));
    rmSync(join(dir, '2026-02-01.jsonl.gz.committed'));
    await produce('tenant-a', '2026-02-01T01:00:00Z', 3);

    // Fresh entries under a 7-day retention: archived, kept.
    expect(await archiver({ consumer: 'main' }).runOnce()).toMatchObject({ entries: 3, trimmed: 0 });
    expect(await tr.redis.xlen(tr.keys.audit('tenant-a'))).toBe(7);
    // Retention 0: everything archived may go, but the other consumer's pending four must stay.
    expect(await archiver({ consumer: 'main', retentionMs: 0 }).runOnce()).toMatchObject({
      entries: 0,
      trimmed: 0,
    });
    expect(await tr.redis.xlen(tr.keys.audit('tenant-a'))).toBe(7);

    const ids = (await tr.redis.xrange(tr.keys.audit('tenant-a'), '-', '+')).map(([id]) => id);
    expect(await archiver({ consumer: 'other', retentionMs: 0 }).runOnce()).toMatchObject({
      entries: 4,
      replayed: 4,
      trimmed: 7,
    });
    expect(await tr.redis.xlen(tr.keys.audit('tenant-a'))).toBe(0);
    // Everything trimmed is in the archive, once each.
    const lines = readDay('2026-02-01');
    expect(lines.map((l) => l.stream_id).sort(compareStreamIds)).toEqual(ids);
  });

  it('cuts a torn write off a day file before appending, so the file stays readable', async () => {
    await produce('tenant-a', '2026-02-01T00:00:00Z', 3);
    await archiver().runOnce();
    // A crash in the middle of the next append left half a gzip member behind.
    appendFileSync(join(dir, '2026-02-01.jsonl.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    await produce('tenant-a', '2026-02-01T02:00:00Z', 2);
    await archiver().runOnce();
    expect(readDay('2026-02-01')).toHaveLength(5);
  });

  it('skips tenants without a stream and creates none', async () => {
    await tr.redis.sadd(tr.keys.tenants(), 'profile-only');
    expect(await archiver().runOnce()).toMatchObject({ tenants: 0, entries: 0 });
    expect(await tr.redis.exists(tr.keys.audit('profile-only'))).toBe(0);
    expect(existsSync(dir)).toBe(true);
  });

  it('refuses bad options, listing each in one ConfigError', () => {
    let error: unknown;
    try {
      archiver({ retentionMs: -1, readCount: 0, flushEntries: 1.5 });
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field)).toEqual([
      'retentionMs',
      'readCount',
      'flushEntries',
    ]);
  });
});

describe('archiveLines', () => {
  it('turns each segment of an entry into a line, filed by its start day', () => {
    const late = seg({ startMs: t('2026-05-01T23:59:00Z'), endMs: t('2026-05-02T00:00:00Z') });
    const early = seg({ startMs: t('2026-05-02T00:00:00Z'), endMs: t('2026-05-02T00:01:00Z') });
    const payload = Buffer.concat([encodeSegmentFrame(late), encodeSegmentFrame(early)]);
    const out = archiveLines('tenant-a', '1700000000000-3', [
      Buffer.from('a'),
      Buffer.from('node-1'),
      Buffer.from('p'),
      payload,
    ]);
    expect(out.map((l) => l.day)).toEqual(['2026-05-01', '2026-05-02']);
    expect(JSON.parse(out[0]?.line ?? '')).toMatchObject({
      stream_id: '1700000000000-3',
      entry_index: 0,
      tenant_id: 'tenant-a',
      agent_id: 'node-1',
      allocation_id: late.allocationId,
      start_unix_ms: late.startMs,
    });
    expect(JSON.parse(out[1]?.line ?? '')).toMatchObject({ entry_index: 1, start_unix_ms: early.startMs });
  });

  it('keeps something undecodable whole (base64), under the day it was written', () => {
    const out = archiveLines('x', '1700000000000-3', [Buffer.from('p'), Buffer.from([0x12, 0x40, 0x01])]);
    expect(out).toEqual([
      {
        day: '2023-11-14',
        line: JSON.stringify({
          stream_id: '1700000000000-3',
          tenant_id: 'x',
          unparsed_fields: ['cA==', 'EkAB'],
        }),
      },
    ]);
  });

  it.each([
    ['1-0', '1-1', -1],
    ['2-0', '10-0', -1],
    ['10-5', '10-5', 0],
    ['10-10', '10-9', 1],
  ])('compares stream ids %s and %s', (a, b, want) => {
    expect(compareStreamIds(a, b)).toBe(want);
  });
});

describe('gpuwatch archive', () => {
  it('runs one pass with --once and prints a JSON summary', async () => {
    await produce('tenant-a', '2026-02-01T00:00:00Z', 2);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await run(['--redis', testRedisUrl, '--dir', dir, '--once', '--key-prefix', tr.prefix], {});
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ tenants: 1, entries: 2, files: 1 });
    expect(readDay('2026-02-01')).toHaveLength(2);
  });

  it('lists every configuration problem at once', async () => {
    const error = await run(['--redis', 'http://x', '--interval', 'soon'], {}).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field).sort()).toEqual([
      '--dir',
      '--interval',
      '--redis',
    ]);
  });

  it('loops until SIGTERM as a child process of the built CLI', async () => {
    await produce('tenant-a', '2026-02-01T00:00:00Z', 2);
    const child = spawn(
      process.execPath,
      ['dist/cli/main.js', 'archive', '--redis', testRedisUrl, '--dir', dir, '--interval', '50ms'],
      { env: { ...process.env, GPUWATCH_KEY_PREFIX: tr.prefix }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no second pass; stderr: ${stderr}`)), 15_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.split('\n').length > 2) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const passes = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { entries: number });
    expect(passes[0]?.entries).toBe(2);
    expect(passes[1]?.entries).toBe(0);
  });
});
