/**
 * `gpuwatch screening import|show` as a child process of the built CLI against the shared test
 * Redis (a key prefix of the test's own), and the store's atomic replacement.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cslCsvHeader, parseCsl } from '../../detector/screening/csl-import.js';
import {
  InMemoryScreeningListStore,
  RedisScreeningListStore,
  screeningListVersion,
} from '../../detector/screening/screening-list-store.js';
import { tempFile } from '../helpers/collector.js';
import { runCli } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';

const sampleCsv = fileURLToPath(new URL('../../deploy/screening/sample-csl.csv', import.meta.url));
const sampleJson = fileURLToPath(new URL('../../deploy/screening/sample-csl.json', import.meta.url));

let t: TestRedis;
let store: RedisScreeningListStore;

beforeEach(async () => {
  t = await openTestRedis();
  store = new RedisScreeningListStore({ redis: t.redis, keys: t.keys });
});
afterEach(() => t.cleanup());

function cli(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['screening', ...args, '--redis', testRedisUrl, '--key-prefix', t.prefix]);
}

describe('gpuwatch screening import', () => {
  it('imports the CSV sample, then the JSON sample replaces it', async () => {
    const csv = await cli(['import', sampleCsv]);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const expectedVersion = screeningListVersion(
      parseCsl(readFileSync(sampleCsv, 'utf8'), sampleCsv).entries,
    );
    expect(csv.stdout).toBe(
      `imported 6 entries from ${sampleCsv} (csv); 0 rows rejected; active list version ${expectedVersion}\n`,
    );
    const first = await store.load();
    expect(first).toMatchObject({ version: expectedVersion, source: sampleCsv });
    expect(first?.entries.map((e) => e.id)).toContain('gpuwatch-sample-el-sensetime');

    const json = await cli(['import', sampleJson]);
    expect(json.code).toBe(0);
    expect(json.stdout).toMatch(
      /^imported 6 entries from .*sample-csl\.json \(json\); 0 rows rejected; active list version sha256:[0-9a-f]{16}\n$/,
    );
    const second = await store.load();
    expect(second?.source).toBe(sampleJson);
    expect(second?.version).not.toBe(first?.version);

    const show = await cli(['show']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ version: second?.version, count: 6, source: sampleJson });
  });

  it('reports rejected rows with their line numbers and keeps the rest', async () => {
    const good = `gw-1,Entity List (EL) - Bureau of Industry and Security,,Entity,,Alpha Example Co.,${','.repeat(22)}`;
    const file = tempFile(
      'partial.csv',
      [
        cslCsvHeader.join(','),
        good,
        'gw-2,Entity List (EL),,Entity,,Too Short',
        good.replace('gw-1', 'gw-3').replace('Alpha', ''),
        '',
      ].join('\n'),
    );
    const r = await cli(['import', file]);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${file}:3: expected 29 cells as in the header, got 6`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^imported 2 entries from ${file} \\(csv\\); 1 row rejected \\(see above\\);`),
    );
    expect((await store.load())?.entries.map((e) => e.name)).toEqual(['Alpha Example Co.', 'Example Co.']);
  });

  it('exits 1 and leaves the active list alone when nothing valid was found', async () => {
    expect((await cli(['import', sampleCsv])).code).toBe(0);
    const before = await store.info();
    const bad = tempFile('bad.csv', `${cslCsvHeader.join(',')}\nx,Entity List (EL),,Entity,,\n`);
    const r = await cli(['import', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${bad}:2: expected 29 cells as in the header, got 6\n${bad}: no valid entries (csv); the active list is unchanged\n`,
    );
    const notJson = tempFile('list.json', '{"results": "none"}');
    const j = await cli(['import', notJson]);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(
      /list\.json: json: expected \{"results": \[\.\.\.\]\} or an array of entries, got \{"results":"none"\}/,
    );
    expect(await store.info()).toEqual(before);
  });

  it('says how to use it, and refuses a bad Redis URL with exit 78', async () => {
    expect((await cli(['import'])).code).toBe(2);
    expect(await cli(['show'])).toMatchObject({
      code: 1,
      stdout: 'no active screening list (import one with `gpuwatch screening import FILE`)\n',
    });
    const r = await runCli(['screening', 'import', sampleCsv, '--redis', 'http://x']);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/--redis: expected redis:\/\/.* URL, got "http:\/\/x"/);
  });
});

describe('InMemoryScreeningListStore', () => {
  it('holds the last list with the same version the Redis store gives it', async () => {
    const entries = parseCsl(readFileSync(sampleJson, 'utf8'), sampleJson).entries;
    const memory = new InMemoryScreeningListStore();
    expect(await memory.load()).toBeUndefined();
    const info = await memory.replace(entries, { importedAtMs: 5, source: 'x' });
    expect(info).toEqual({ version: screeningListVersion(entries), importedAtMs: 5, source: 'x', count: 6 });
    expect(await store.replace(entries, { importedAtMs: 5, source: 'x' })).toEqual(info);
    expect((await memory.load())?.entries).toEqual(entries);
    expect(await memory.info()).toEqual(info);
  });
});

describe('RedisScreeningListStore', () => {
  it('replaces the list atomically: a reader sees the old list or the new one, never a mix or none', async () => {
    const entries = parseCsl(readFileSync(sampleCsv, 'utf8'), sampleCsv).entries;
    const small = entries.slice(0, 2);
    const reader = new RedisScreeningListStore({ redis: t.newClient(), keys: t.keys });
    await store.replace(entries, { importedAtMs: 1, source: 'a' });
    const versions = new Map([
      [screeningListVersion(entries), entries.length],
      [screeningListVersion(small), small.length],
    ]);
    let stop = false;
    let reads = 0;
    const reading = (async () => {
      while (!stop) {
        const list = await reader.load();
        expect(list).toBeDefined();
        expect(versions.get(list?.version ?? '')).toBe(list?.entries.length);
        reads++;
      }
    })();
    for (let i = 0; i < 40; i++) {
      await store.replace(i % 2 === 0 ? small : entries, { importedAtMs: i, source: String(i) });
    }
    stop = true;
    await reading;
    expect(reads).toBeGreaterThan(5);
    // No staging key is left behind, and the active key does not expire.
    expect(await t.redis.keys(`${t.prefix}:{screening}:*`)).toEqual([t.keys.screeningList()]);
    expect(await t.redis.ttl(t.keys.screeningList())).toBe(-1);
    expect(await store.info()).toEqual({
      version: screeningListVersion(entries),
      importedAtMs: 39,
      source: '39',
      count: 6,
    });
  });
});
