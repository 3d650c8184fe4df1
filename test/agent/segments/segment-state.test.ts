import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSegments } from '../../../agent/segments/segment-builder.js';
import { JsonFileSegmentStateStore, parseStateFile } from '../../../agent/segments/segment-state.js';
import type { Allocation } from '../../../agent/sources/allocation.js';
import { tempDir } from '../fixtures.js';

const T0 = Date.UTC(2025, 5, 1);
let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('segment-state');
});
afterEach(() => dir.remove());

const pod: Allocation = {
  tenant_id: 'acme',
  allocation_id: 'pod-uid-1',
  gpu_uuids: ['GPU-1'],
  source: 'kubernetes',
  via: 'kubernetes',
  workload_fingerprint: '',
  labels: {},
};

describe('JsonFileSegmentStateStore', () => {
  it('starts empty when no file exists yet', async () => {
    const store = new JsonFileSegmentStateStore(join(dir.path, 'state.json'));
    const { state, problem } = await store.load(T0);
    expect(state.marks.size).toBe(0);
    expect(state.floor_unix_ms).toBe(0);
    expect(problem).toBeUndefined();
  });

  it('lets an allocation still present after a restart continue from its last closed segment', async () => {
    const path = join(dir.path, 'nested', 'state.json');
    const before = new JsonFileSegmentStateStore(path);
    let out = buildSegments({
      nowMs: T0,
      allocations: [pod],
      state: (await before.load(T0)).state,
      samples: [],
    });
    out = buildSegments({ nowMs: T0 + 60_000, allocations: [pod], state: out.state, samples: [] });
    await before.save(out.state);

    // The agent restarts three minutes later.
    const after = new JsonFileSegmentStateStore(path);
    const loaded = await after.load(T0 + 240_000);
    const next = buildSegments({ nowMs: T0 + 240_000, allocations: [pod], state: loaded.state, samples: [] });
    expect(next.segments.map((s) => [s.start_unix_ms, s.end_unix_ms])).toEqual([[T0 + 60_000, T0 + 240_000]]);
  });

  it('writes atomically: no temporary file is left and the content is whole JSON', async () => {
    const path = join(dir.path, 'state.json');
    const store = new JsonFileSegmentStateStore(path);
    const marks = new Map(
      Array.from({ length: 200 }, (_, i) => [`alloc-${i}`, { end_unix_ms: T0 + i, open: i % 2 === 0 }]),
    );
    await Promise.all([store.save({ marks, floor_unix_ms: 5 }), store.save({ marks, floor_unix_ms: 5 })]);
    expect(readdirSync(dir.path)).toEqual(['state.json']);
    const state = parseStateFile(readFileSync(path, 'utf8'));
    expect(state.marks.size).toBe(200);
    expect(state.marks.get('alloc-3')).toEqual({ end_unix_ms: T0 + 3, open: false });
    expect(state.floor_unix_ms).toBe(5);
  });

  it('moves a corrupt file aside and restarts with a floor, so nothing already reported is overlapped', async () => {
    const path = join(dir.path, 'state.json');
    writeFileSync(path, '{"version": 1, "allocations": {"a": {"end_unix_ms": "soon"');
    const store = new JsonFileSegmentStateStore(path);
    const { state, problem } = await store.load(T0);
    expect(state.marks.size).toBe(0);
    expect(state.floor_unix_ms).toBe(T0);
    expect(problem).toMatch(
      /segment state ".*state\.json" is corrupt .* moved to ".*state\.json\.corrupt-\d+"/,
    );
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.corrupt-${T0}`)).toBe(true);
    // A lease that claims to have started long before: its segment starts at the floor.
    const out = buildSegments({
      nowMs: T0 + 60_000,
      allocations: [{ ...pod, since_unix_ms: T0 - 3_600_000 }],
      state,
      samples: [],
    });
    expect(out.segments.map((s) => s.start_unix_ms)).toEqual([T0]);
  });

  it.each([
    ['not JSON', 'nope', /Unexpected token|not valid JSON/],
    ['wrong version', '{"version": 3}', /expected \{"version": 1 or 2, …\}, got \{"version":3\}/],
    [
      'a bad mark',
      '{"version": 1, "allocations": {"x": {"end_unix_ms": 1}}}',
      /allocations\["x"\]: expected \{"end_unix_ms": number, "open": boolean, .*\}, got \{"end_unix_ms":1\}/,
    ],
  ])('names the problem of a state file with %s', (_name, text, message) => {
    expect(() => parseStateFile(text)).toThrow(message);
  });
});
