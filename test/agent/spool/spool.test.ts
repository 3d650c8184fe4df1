import { afterEach, describe, expect, it } from 'vitest';
import {
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { Spool, type SpoolBatch } from '../../../agent/spool/spool.js';
import { SpoolWriteError } from '../../../agent/spool/spool-write-error.js';
import type { SpoolOptions } from '../../../agent/spool/spool-config.js';
import { FILE_HEADER_BYTES, RECORD_HEADER_BYTES } from '../../../agent/spool/spool-format.js';
import { ConfigError } from '../../../common/errors.js';
import { pb } from '../../../common/proto.js';
import { captureLogger, faultyFs, makeSegments, tempDir } from './spool-fixtures.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function newDir(): string {
  const { dir, cleanup } = tempDir('spool');
  cleanups.push(cleanup);
  return dir;
}

async function open(options: SpoolOptions): Promise<Spool> {
  const spool = await Spool.open(options);
  cleanups.push(() => spool.close());
  return spool;
}

async function drain(spool: Spool, fromSeq?: number): Promise<SpoolBatch[]> {
  const out: SpoolBatch[] = [];
  for await (const b of spool.pending(fromSeq)) out.push(b);
  return out;
}

function spoolFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.spool'))
    .sort();
}

async function metric(registry: Registry, name: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.reduce((s, v) => s + v.value, 0) ?? NaN;
}

describe('Spool', () => {
  it('replays appended batches in seq order with their segments, and drops acked ones', async () => {
    const dir = newDir();
    const spool = await open({ dir, maxBytes: 1024 * 1024, fileBytes: 4096, fsync: 'never' });
    expect(spool.spoolId).toMatch(/^[0-9a-f-]{36}$/);
    const seqs: number[] = [];
    for (let i = 0; i < 40; i++) seqs.push(await spool.append(makeSegments(3, `b${i}`)));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    const all = await drain(spool);
    expect(all.map((b) => b.seq)).toEqual(seqs);
    const decoded = pb.UsageBatch.decode(all[7]!.payload);
    expect(decoded.seq).toBe(8);
    expect(decoded.segments.map((s) => s.allocation_id)).toEqual(['b7-0', 'b7-1', 'b7-2']);
    expect(all[7]!.segmentCount).toBe(3);
    expect(spool.stats()).toMatchObject({ depthBatches: 40, depthSegments: 120, oldestSeq: 1 });

    const filesBefore = spoolFiles(dir).length;
    expect(filesBefore).toBeGreaterThan(3);
    await spool.ack(25);
    expect((await drain(spool)).map((b) => b.seq)).toEqual(seqs.slice(25));
    expect((await drain(spool, 30)).map((b) => b.seq)).toEqual(seqs.slice(29));
    expect(spool.stats()).toMatchObject({ depthBatches: 15, depthSegments: 45, oldestSeq: 26, ackedSeq: 25 });
    // Whole files holding only acked records are gone; the one holding seq 26 stays.
    const remaining = spoolFiles(dir);
    expect(remaining.length).toBeLessThan(filesBefore);
    expect(Number(remaining[0]!.slice(0, 16))).toBeLessThanOrEqual(26);

    await spool.ack(40);
    expect(await drain(spool)).toEqual([]);
    expect(spool.stats()).toMatchObject({
      depthBatches: 0,
      depthSegments: 0,
      oldestSeq: undefined,
      files: 1,
    });
    expect(spoolFiles(dir)).toHaveLength(1);
  });

  it('yields batches appended while a replay is running', async () => {
    const spool = await open({ dir: newDir(), fsync: 'never' });
    await spool.append(makeSegments(1, 'a'));
    const seen: number[] = [];
    for await (const b of spool.pending()) {
      seen.push(b.seq);
      if (b.seq < 3) await spool.append(makeSegments(1, `n${b.seq}`));
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('continues seq, spool id and ack position after a clean reopen', async () => {
    const dir = newDir();
    const first = await Spool.open({ dir, fsync: 'never' });
    for (let i = 0; i < 5; i++) await first.append(makeSegments(2, `x${i}`));
    await first.ack(3);
    await first.close();
    expect(readFileSync(join(dir, 'acked'), 'utf8').trim()).toBe('3');

    const second = await open({ dir, fsync: 'never' });
    expect(second.spoolId).toBe(first.spoolId);
    expect((await drain(second)).map((b) => b.seq)).toEqual([4, 5]);
    expect(await second.append(makeSegments(1, 'y'))).toBe(6);
  });

  it('starts a fresh directory at seq 1 under a new spool id', async () => {
    const a = await open({ dir: newDir(), fsync: 'never' });
    const b = await open({ dir: newDir(), fsync: 'never' });
    expect(a.spoolId).not.toBe(b.spoolId);
    expect(await a.append(makeSegments(1, 'a'))).toBe(1);
  });

  it('after a crash with fsync=always, continues right after the last record', async () => {
    const dir = newDir();
    const spool = await open({ dir, fsync: 'always' });
    for (let i = 0; i < 4; i++) await spool.append(makeSegments(1, `c${i}`));
    await spool.ack(2);
    // A snapshot of the directory while the spool is running is what a SIGKILL leaves behind.
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    const reopened = await open({ dir: crashed, fsync: 'always' });
    expect(reopened.spoolId).toBe(spool.spoolId);
    // The ack position had not been persisted yet (throttled): batches 1-2 come again, harmlessly.
    expect((await drain(reopened)).map((b) => b.seq)).toEqual([1, 2, 3, 4]);
    expect(await reopened.append(makeSegments(1, 'd'))).toBe(5);
  });

  it('after an unclean stop with fsync=interval, skips past the reserved seqs rather than reuse one', async () => {
    const dir = newDir();
    const spool = await open({ dir, fsync: 'interval', fsyncIntervalMs: 60_000 });
    for (let i = 0; i < 3; i++) await spool.append(makeSegments(1, `c${i}`));
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    // Power loss: the unsynced records are gone, but the collector may have seen seq 1-3.
    for (const f of spoolFiles(crashed)) truncateSync(join(crashed, f), FILE_HEADER_BYTES);
    const reopened = await open({ dir: crashed, fsync: 'interval' });
    const next = await reopened.append(makeSegments(1, 'after'));
    expect(next).toBeGreaterThan(3);
    expect(next).toBe(1024 + 1);
  });

  it('skips and counts a torn tail, keeps everything before it, and appends cleanly after it', async () => {
    const dir = newDir();
    const first = await Spool.open({ dir, fsync: 'never' });
    for (let i = 0; i < 5; i++) await first.append(makeSegments(2, `t${i}`));
    await first.close();
    const [file] = spoolFiles(dir);
    const path = join(dir, file!);
    truncateSync(path, statSync(path).size - 7); // the last record cut mid-way

    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const reopened = await Spool.open({ dir, fsync: 'never', registry, logger });
    expect(reopened.stats().tornRecords).toBe(1);
    expect(await metric(registry, 'gpuwatch_agent_spool_torn_records_total')).toBe(1);
    expect(lines.some((l) => l.level === 'warn' && l.tornRecords === 1)).toBe(true);
    expect((await drain(reopened)).map((b) => b.seq)).toEqual([1, 2, 3, 4]);
    // seq 5 never counted as written (a crash mid-write); the close recorded seq-high 5, so no reuse.
    expect(await reopened.append(makeSegments(1, 'next'))).toBe(6);
    await reopened.close();

    const again = await open({ dir, fsync: 'never' });
    expect(again.stats().tornRecords).toBe(0);
    expect((await drain(again)).map((b) => b.seq)).toEqual([1, 2, 3, 4, 6]);
  });

  it('skips exactly one record whose byte was flipped and keeps the records after it', async () => {
    const dir = newDir();
    const first = await Spool.open({ dir, fsync: 'never' });
    for (let i = 0; i < 6; i++) await first.append(makeSegments(2, `f${i}`));
    const [third] = (await drain(first)).slice(2, 3);
    await first.close();
    const path = join(dir, spoolFiles(dir)[0]!);
    const data = readFileSync(path);
    // Record 3's payload starts after the header and two records of the same size.
    const recordBytes = RECORD_HEADER_BYTES + third!.bytes;
    const at = FILE_HEADER_BYTES + 2 * recordBytes + RECORD_HEADER_BYTES + 10;
    data[at] = data[at]! ^ 0xff;
    writeFileSync(path, data);

    const registry = new Registry();
    const reopened = await open({ dir, fsync: 'never', registry });
    expect((await drain(reopened)).map((b) => b.seq)).toEqual([1, 2, 4, 5, 6]);
    expect(reopened.stats().tornRecords).toBe(1);
    expect(await metric(registry, 'gpuwatch_agent_spool_torn_records_total')).toBe(1);
  });

  it('recovers the records after a corrupted length field', async () => {
    const dir = newDir();
    const first = await Spool.open({ dir, fsync: 'never' });
    for (let i = 0; i < 4; i++) await first.append(makeSegments(1, `l${i}`));
    const [one] = await drain(first);
    await first.close();
    const path = join(dir, spoolFiles(dir)[0]!);
    const data = readFileSync(path);
    data.writeUInt32LE(0xfffff, FILE_HEADER_BYTES + RECORD_HEADER_BYTES + one!.bytes); // record 2's length
    writeFileSync(path, data);
    const reopened = await open({ dir, fsync: 'never' });
    expect((await drain(reopened)).map((b) => b.seq)).toEqual([1, 3, 4]);
    expect(reopened.stats().tornRecords).toBe(1);
  });

  it('when full, drops the oldest files first and counts exactly the dropped segments', async () => {
    const dir = newDir();
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const maxBytes = 16 * 1024;
    const spool = await open({ dir, maxBytes, fileBytes: 2048, fsync: 'never', registry, logger });
    let appendedSegments = 0;
    for (let i = 0; i < 120; i++) {
      const n = 1 + (i % 4);
      await spool.append(makeSegments(n, `d${i}`));
      appendedSegments += n;
      expect(spool.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const remaining = await drain(spool);
    const remainingSegments = remaining.reduce((s, b) => s + b.segmentCount, 0);
    const { droppedSegments, droppedBatches } = spool.stats();
    expect(droppedSegments).toBeGreaterThan(0);
    expect(droppedSegments).toBe(appendedSegments - remainingSegments);
    expect(droppedBatches).toBe(120 - remaining.length);
    // The oldest went: what is left is a contiguous run ending at the newest batch.
    expect(remaining.map((b) => b.seq)).toEqual(
      Array.from({ length: remaining.length }, (_, i) => 121 - remaining.length + i),
    );
    expect(await metric(registry, 'gpuwatch_agent_dropped_segments_total')).toBe(droppedSegments);
    const logged = lines
      .filter((l) => l.msg.includes('dropped the oldest'))
      .reduce((s, l) => s + (l.droppedSegments as number), 0);
    expect(logged).toBe(droppedSegments);
    const onDisk = spoolFiles(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
    expect(onDisk).toBe(spool.stats().bytes);
  });

  it('does not count acked data as dropped when it makes room', async () => {
    const spool = await open({ dir: newDir(), maxBytes: 8192, fileBytes: 2048, fsync: 'never' });
    for (let i = 0; i < 200; i++) {
      const seq = await spool.append(makeSegments(2, `k${i}`));
      await spool.ack(seq);
    }
    expect(spool.stats().droppedSegments).toBe(0);
  });

  it('survives ENOSPC: the append fails, is counted and logged, and a later one succeeds', async () => {
    const dir = newDir();
    const fs = faultyFs();
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const spool = await Spool.open({ dir, fsync: 'always', fs, registry, logger });
    expect(await spool.append(makeSegments(2, 'ok'))).toBe(1);
    fs.failWrites = 'ENOSPC';
    const err: unknown = await spool.append(makeSegments(2, 'full')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpoolWriteError);
    expect((err as SpoolWriteError).reason).toBe('enospc');
    expect(spool.stats().writeErrors).toBe(1);
    expect(await metric(registry, 'gpuwatch_agent_spool_write_errors_total')).toBe(1);
    expect(lines.some((l) => l.level === 'error' && String(l.error).includes('ENOSPC'))).toBe(true);

    fs.failWrites = undefined;
    // The failed batch did not use its seq, and the half-written record was cut off.
    expect(await spool.append(makeSegments(1, 'later'))).toBe(2);
    await spool.close();
    const reopened = await open({ dir, fsync: 'always' });
    expect(reopened.stats().tornRecords).toBe(0);
    expect((await drain(reopened)).map((b) => b.seq)).toEqual([1, 2]);
  });

  it('on ENOSPC drops its own oldest file (counted) to make room for new data', async () => {
    const fs = faultyFs();
    const spool = await open({ dir: newDir(), fileBytes: 2048, maxBytes: 1024 * 1024, fsync: 'never', fs });
    for (let i = 0; i < 60; i++) await spool.append(makeSegments(1, `e${i}`));
    const filesBefore = spool.stats().files;
    expect(filesBefore).toBeGreaterThan(2);
    // Fail exactly once: the spool drops the oldest file and the retry lands.
    fs.failWrites = 'ENOSPC';
    fs.failTimes = 1;
    const pendingAppend = spool.append(makeSegments(1, 'squeezed'));
    expect(await pendingAppend).toBe(61);
    const stats = spool.stats();
    expect(stats.droppedSegments).toBeGreaterThan(0);
    expect(stats.droppedSegments + stats.depthSegments).toBe(61);
  });

  it('fsync=always syncs before append resolves; never does not sync', async () => {
    const fsAlways = faultyFs();
    const always = await open({ dir: newDir(), fsync: 'always', fs: fsAlways });
    const before = fsAlways.syncs;
    await always.append(makeSegments(1, 'a'));
    expect(fsAlways.syncs).toBe(before + 1);

    const fsNever = faultyFs();
    const never = await open({ dir: newDir(), fsync: 'never', fs: fsNever });
    await never.append(makeSegments(1, 'a'));
    await never.append(makeSegments(1, 'b'));
    expect(fsNever.syncs).toBe(0);
  });

  it('fsync=interval syncs in the background, not per append', async () => {
    const fs = faultyFs();
    const spool = await open({ dir: newDir(), fsync: 'interval', fsyncIntervalMs: 20, fs });
    const base = fs.syncs;
    await spool.append(makeSegments(1, 'a'));
    await spool.append(makeSegments(1, 'b'));
    expect(fs.syncs).toBe(base);
    await expect.poll(() => fs.syncs, { timeout: 2000, interval: 10 }).toBeGreaterThan(base);
  });

  it('refuses a directory another live process holds', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`);
    await expect(Spool.open({ dir })).rejects.toThrow(/in use by process/);
    // A lock left by a dead process (or by this one, restarted in a container) is taken over.
    writeFileSync(join(dir, 'lock'), '999999999\n');
    const spool = await open({ dir, fsync: 'never' });
    expect(readFileSync(join(dir, 'lock'), 'utf8').trim()).toBe(String(process.pid));
    await spool.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('reports spool size and depth as gauges', async () => {
    const registry = new Registry();
    const spool = await open({ dir: newDir(), fsync: 'never', registry });
    await spool.append(makeSegments(3, 'g'));
    await spool.append(makeSegments(2, 'h'));
    await spool.ack(1);
    expect(await metric(registry, 'gpuwatch_agent_spool_depth_segments')).toBe(2);
    expect(await metric(registry, 'gpuwatch_agent_spool_depth_batches')).toBe(1);
    expect(await metric(registry, 'gpuwatch_agent_spool_bytes')).toBe(spool.stats().bytes);
  });

  it('rejects options that cannot work, naming each', async () => {
    const opening = Spool.open({ dir: newDir(), maxBytes: 10, fsync: 'sometimes' as never });
    // One ConfigError, one problem per line.
    await expect(opening).rejects.toThrow(
      /maxBytes: expected an integer ≥ 4096, got 10[\s\S]*fsync: expected/,
    );
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    await expect(opening).rejects.toMatchObject({
      problems: [
        { field: 'maxBytes', reason: 'expected an integer ≥ 4096, got 10' },
        {
          field: 'fileBytes',
          reason: expect.stringMatching(/^expected an integer in 1024…maxBytes\/4/) as unknown,
        },
        { field: 'fsync', reason: 'expected always, interval or never, got "sometimes"' },
      ],
    });
  });
});
