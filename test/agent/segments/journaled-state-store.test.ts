import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JournaledSegmentStateStore,
  advance,
  readStateForDryRun,
} from '../../../agent/segments/journaled-state-store.js';
import { JsonFileSegmentStateStore, type SegmentState } from '../../../agent/segments/segment-state.js';
import { Spool } from '../../../agent/spool/spool.js';
import { silentLogger } from '../../../common/logger.js';
import type { IUsageSegment } from '../../../common/proto.js';
import { tempDir } from '../spool/spool-fixtures.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const T0 = Date.UTC(2026, 0, 1, 12);

function segment(allocation: string, start: number, end: number): IUsageSegment {
  return {
    tenant_id: 'tenant-a',
    allocation_id: allocation,
    gpu_uuids: ['GPU-1'],
    start_unix_ms: start,
    end_unix_ms: end,
    source: 'lease-file',
  };
}

const state = (marks: Record<string, number>, floor = 0): SegmentState => ({
  marks: new Map(Object.entries(marks).map(([id, end]) => [id, { end_unix_ms: end, open: true }])),
  floor_unix_ms: floor,
});

const ends = (s: SegmentState): Record<string, number> =>
  Object.fromEntries([...s.marks].map(([id, m]) => [id, m.end_unix_ms]));

interface Agent {
  dir: string;
  spool: Spool;
  store: JournaledSegmentStateStore;
}

/** A spool and a store on `dir`, as one agent run opens them. */
async function openAgent(dir: string): Promise<Agent> {
  const spool = await Spool.open({ dir, fsync: 'always', ackPersistIntervalMs: 0 });
  const store = new JournaledSegmentStateStore({
    path: join(dir, 'state-segments.json'),
    spool: spool,
    logger: silentLogger,
  });
  return { dir, spool, store };
}

async function newAgent(): Promise<Agent> {
  const { dir, cleanup } = tempDir('journal');
  cleanups.push(cleanup);
  return openAgent(dir);
}

/** The process dies: the spool's lock is left behind like after a SIGKILL, nothing is flushed. */
async function crashAndReopen(a: Agent): Promise<Agent> {
  // A killed process never closes; its spool lock names a dead pid, which the next open takes over.
  writeFileSync(join(a.dir, 'lock'), '999999999\n');
  // (The dead process's file handle is only released when the test ends.)
  cleanups.push(() => a.spool.close());
  const next = await openAgent(a.dir);
  cleanups.push(() => next.spool.close());
  return next;
}

// A cycle of three batches: A continues from T0, B is new (first seen at T0 + 30 s, no segment yet
// in the base state), C left the node.
const base = state({ A: T0, C: T0 - 60_000 });
const batches: IUsageSegment[][] = [
  [segment('A', T0, T0 + 60_000)],
  [segment('B', T0 + 30_000, T0 + 60_000)],
  [segment('A', T0 + 60_000, T0 + 120_000)],
];
const full: SegmentState = {
  marks: new Map([
    ['A', { end_unix_ms: T0 + 120_000, open: true }],
    ['B', { end_unix_ms: T0 + 120_000, open: true }],
    ['C', { end_unix_ms: T0 - 60_000, open: false }],
  ]),
  floor_unix_ms: 0,
};

async function beginCycle(a: Agent): Promise<void> {
  await a.store.load(T0);
  await a.store.save(base);
  await a.store.begin({ fromSeq: a.spool.nextSeq, batches, state: full });
}

describe('JournaledSegmentStateStore', () => {
  it('starts empty for a new agent and reads back what it saved', async () => {
    const a = await newAgent();
    cleanups.push(() => a.spool.close());
    expect(ends((await a.store.load(T0)).state)).toEqual({});
    await a.store.save(base);
    const reread = new JournaledSegmentStateStore({
      path: a.store.path,
      spool: a.spool,
      logger: silentLogger,
    });
    expect((await reread.load(T0)).state).toEqual(base);
  });

  it('after a crash between spooling every batch and the commit, takes the new state', async () => {
    const a = await newAgent();
    await beginCycle(a);
    for (const b of batches) await a.spool.append(b);
    const b = await crashAndReopen(a);
    const { state: loaded, problem } = await b.store.load(T0 + 200_000);
    expect(problem).toBeUndefined();
    expect(loaded).toEqual(full);
    // Settled for good: the journal entry is gone from the file.
    expect(JSON.parse(readFileSync(b.store.path, 'utf8'))).not.toHaveProperty('pending');
  });

  it('after a crash before anything was spooled, keeps the old state', async () => {
    const a = await newAgent();
    await beginCycle(a);
    const b = await crashAndReopen(a);
    expect((await b.store.load(T0 + 200_000)).state).toEqual(base);
  });

  it('after a crash between batches, advances the old state by the batches that were spooled', async () => {
    const a = await newAgent();
    await beginCycle(a);
    await a.spool.append(batches[0] ?? []);
    await a.spool.append(batches[1] ?? []);
    const b = await crashAndReopen(a);
    const loaded = (await b.store.load(T0 + 200_000)).state;
    // A up to the end of its first segment, B from the second batch, C as it was (still open).
    expect(ends(loaded)).toEqual({ A: T0 + 60_000, B: T0 + 60_000, C: T0 - 60_000 });
    expect(loaded.marks.get('C')?.open).toBe(true);
  });

  it('counts batches acknowledged and deleted from the spool as spooled, even when the ack position was not saved', async () => {
    const { dir, cleanup } = tempDir('journal');
    cleanups.push(cleanup);
    // One batch per spool file, so acknowledged batches are deleted; the ack position is saved lazily.
    const open = () =>
      Spool.open({
        dir,
        fsync: 'always',
        maxBytes: 64 * 1024,
        fileBytes: 1024,
        ackPersistIntervalMs: 600_000,
      });
    const spool = await open();
    const store = new JournaledSegmentStateStore({
      path: join(dir, 'state-segments.json'),
      spool: spool,
      logger: silentLogger,
    });
    const a: Agent = { dir, spool, store };
    // An earlier batch, acked: its position is saved at once, and the next save waits 10 minutes.
    await spool.ack(await spool.append([segment('earlier', 0, 1)]));
    const ackedFile = join(dir, 'acked');
    while (!existsSync(ackedFile) || readFileSync(ackedFile, 'utf8').trim() !== '1')
      await new Promise((resolve) => setTimeout(resolve, 2));
    await beginCycle(a);
    const fromSeq = spool.nextSeq;
    const padded = (b: IUsageSegment[]): IUsageSegment[] => [
      ...b,
      ...Array.from({ length: 6 }, (_, i) => segment(`pad-${i}`, 0, 1)),
    ];
    for (const b of batches) await spool.append(padded(b));
    await spool.ack(fromSeq + 1);
    expect(spool.stats().files).toBe(1); // the first two batches' files are gone
    const b = await crashAndReopen(a);
    expect(b.spool.ackedSeq).toBe(fromSeq - 1); // the cycle's ack position never reached the disk
    expect((await b.store.load(T0 + 200_000)).state).toEqual(full);
  });

  it('moves a corrupt file aside and starts above a floor at the time of the loss', async () => {
    const a = await newAgent();
    cleanups.push(() => a.spool.close());
    writeFileSync(a.store.path, '{"version": 1, "allocations": {"A": {"end_unix_ms": "soon"}}}');
    const { state: loaded, problem } = await a.store.load(T0);
    expect(loaded).toEqual({ marks: new Map(), floor_unix_ms: T0 });
    expect(problem).toMatch(
      /is corrupt \(allocations\["A"\]: expected .*\); moved to ".*state-segments\.json\.corrupt-\d+"/,
    );
  });

  it('writes a file the plain JSON state store can read (the journal entry is ignored)', async () => {
    const a = await newAgent();
    cleanups.push(() => a.spool.close());
    await beginCycle(a);
    expect((await new JsonFileSegmentStateStore(a.store.path).load(T0)).state).toEqual(base);
  });

  it('refuses begin() before the state was loaded', async () => {
    const a = await newAgent();
    cleanups.push(() => a.spool.close());
    await expect(a.store.begin({ fromSeq: 1, batches, state: full })).rejects.toThrow(
      /begin\(\) before the state was loaded/,
    );
  });
});

describe('advance', () => {
  it('moves each allocation to its last end in the first k batches, never backwards', () => {
    const b: Record<string, number>[] = [{ A: T0 + 10 }, { A: T0 + 20, B: T0 + 5 }, { A: T0 + 30 }];
    expect(ends(advance(state({ A: T0, C: T0 + 100 }), b, 2))).toEqual({
      A: T0 + 20,
      B: T0 + 5,
      C: T0 + 100,
    });
    expect(ends(advance(state({ A: T0 + 25 }), b, 2))).toEqual({ A: T0 + 25, B: T0 + 5 });
    expect(advance(state({ A: T0 }, 7), b, 0)).toEqual(state({ A: T0 }, 7));
  });

  it('keeps what a mark knows (since, GPUs, source) and ends its hold once a batch carried its fill', () => {
    const held: SegmentState = {
      marks: new Map([
        ['J', { end_unix_ms: T0, open: true, held: true, since_unix_ms: T0 - 5, gpus: 2, via: 'slurm' }],
      ]),
      floor_unix_ms: 0,
    };
    expect(advance(held, [{ J: T0 + 60_000 }], 1).marks.get('J')).toEqual({
      end_unix_ms: T0 + 60_000,
      open: true,
      since_unix_ms: T0 - 5,
      gpus: 2,
      via: 'slurm',
    });
    expect(advance(held, [{ J: T0 + 60_000 }], 0).marks.get('J')?.held).toBe(true);
  });
});

describe('state file versions', () => {
  it('reads a version 1 file and writes version 2, with held marks and what they need, through the journal', async () => {
    const a = await newAgent();
    cleanups.push(() => a.spool.close());
    writeFileSync(
      a.store.path,
      JSON.stringify({ version: 1, floor_unix_ms: 0, allocations: { old: { end_unix_ms: T0, open: true } } }),
    );
    const { state: loaded } = await a.store.load(T0);
    expect(loaded.marks.get('old')).toEqual({ end_unix_ms: T0, open: true });
    const next: SegmentState = {
      marks: new Map([
        ['old', { end_unix_ms: T0, open: true, held: true }],
        ['J', { end_unix_ms: T0, open: true, held: true, since_unix_ms: T0 - 5, gpus: 0.5, via: 'slurm' }],
      ]),
      floor_unix_ms: 0,
    };
    await a.store.begin({ fromSeq: 1, batches: [[segment('K', T0, T0 + 1)]], state: next });
    expect(JSON.parse(readFileSync(a.store.path, 'utf8'))).toMatchObject({ version: 2 });
    // Crash before the append: the committed (version 1) state stands; after a full cycle, the new one.
    const reopened = new JournaledSegmentStateStore({
      path: a.store.path,
      spool: a.spool,
      logger: silentLogger,
    });
    expect((await reopened.load(T0)).state.marks.get('old')).toEqual({ end_unix_ms: T0, open: true });
    await reopened.save(next);
    const again = new JournaledSegmentStateStore({
      path: a.store.path,
      spool: a.spool,
      logger: silentLogger,
    });
    expect((await again.load(T0)).state).toEqual(next);
    expect(JSON.parse(readFileSync(a.store.path, 'utf8'))).toMatchObject({
      version: 2,
      allocations: {
        J: { end_unix_ms: T0, open: true, held: true, since_unix_ms: T0 - 5, gpus: 0.5, via: 'slurm' },
      },
    });
  });
});

describe('readStateForDryRun', () => {
  it('reads the committed state without settling or changing the file', async () => {
    const a = await newAgent();
    cleanups.push(() => a.spool.close());
    await beginCycle(a);
    const before = readFileSync(a.store.path, 'utf8');
    const { state: read, note } = await readStateForDryRun(a.store.path);
    expect(read).toEqual(base);
    expect(note).toMatch(/has an unsettled cycle/);
    expect(readFileSync(a.store.path, 'utf8')).toBe(before);
  });

  it('answers an empty state for a missing or corrupt file, saying why for the corrupt one', async () => {
    const { dir, cleanup } = tempDir('journal');
    cleanups.push(cleanup);
    const missing = await readStateForDryRun(join(dir, 'missing.json'));
    expect(missing.state.marks.size).toBe(0);
    expect(missing.note).toBeUndefined();
    writeFileSync(join(dir, 'bad.json'), 'not json');
    const bad = await readStateForDryRun(join(dir, 'bad.json'));
    expect(bad.state.marks.size).toBe(0);
    expect(bad.note).toMatch(/bad\.json" is corrupt/);
  });
});
