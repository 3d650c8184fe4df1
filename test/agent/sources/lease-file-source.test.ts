import { readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import type { CollectContext } from '../../../agent/sources/allocation.js';
import { LeaseFileSource, parseLeases } from '../../../agent/sources/lease-file-source.js';
import { tempDir } from '../fixtures.js';
import { attributedGpuSeconds, inventoryOf } from './conservation.js';

const now = Date.parse('2025-03-01T00:00:00Z');
const ctx: CollectContext = { signal: new AbortController().signal, nowMs: now };

const lease = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  tenant_id: 'acme',
  allocation_id: 'lease-1',
  gpu_uuids: ['GPU-aaaa'],
  since: '2025-02-01T00:00:00Z',
  ...over,
});

let dir: { path: string; remove: () => void };
let source: LeaseFileSource | undefined;
beforeEach(() => {
  dir = tempDir('lease');
});
afterEach(async () => {
  await source?.close();
  source = undefined;
  dir.remove();
});

/** Replaces the file the way provisioning should: write beside it, rename over it. */
function writeAtomically(path: string, content: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, typeof content === 'string' ? content : JSON.stringify(content));
  renameSync(tmp, path);
}

describe('parseLeases', () => {
  it('reads leases with UUIDs or "all", labels and a fingerprint', () => {
    const { leases, problems } = parseLeases(
      JSON.stringify([
        lease({ labels: { contract: 'C-9' }, workload_fingerprint: 'sha256:1' }),
        lease({ allocation_id: 'lease-2', gpu_uuids: 'all', since: '2025-02-01T01:00:00.5+01:00' }),
      ]),
    );
    expect(problems).toEqual([]);
    expect(leases).toEqual([
      {
        tenant_id: 'acme',
        allocation_id: 'lease-1',
        gpus: [{ uuid: 'GPU-aaaa' }],
        source: 'lease-file',
        workload_fingerprint: 'sha256:1',
        labels: { contract: 'C-9' },
        since_unix_ms: Date.parse('2025-02-01T00:00:00Z'),
      },
      {
        tenant_id: 'acme',
        allocation_id: 'lease-2',
        gpus: [{ all: true }],
        source: 'lease-file',
        workload_fingerprint: '',
        labels: {},
        since_unix_ms: Date.parse('2025-02-01T00:00:00.500Z'),
      },
    ]);
  });

  it.each<[string, string, string]>([
    ['not JSON', '[{', '(file): not valid JSON'],
    ['not an array', '{"tenant_id": "a"}', '(file): expected a JSON array of leases, got {"tenant_id":"a"}'],
    [
      'an empty tenant',
      JSON.stringify([lease({ tenant_id: '' })]),
      '[0].tenant_id: expected a non-empty string, got ""',
    ],
    [
      'a GPU that is not a UUID',
      JSON.stringify([lease({ gpu_uuids: ['0'] })]),
      '[0].gpu_uuids: expected "all" or a non-empty array of GPU/MIG UUIDs ("GPU-…", "MIG-…"), got ["0"]',
    ],
    [
      'a date that is not RFC 3339',
      JSON.stringify([lease({ since: 'yesterday' })]),
      '[0].since: expected an RFC 3339 time such as "2025-01-31T12:00:00Z", got "yesterday"',
    ],
    [
      'a typo in a field name',
      JSON.stringify([lease({ gpu_uuid: ['GPU-a'] })]),
      '[0].gpu_uuid: unknown field',
    ],
    ['a duplicate id', JSON.stringify([lease(), lease()]), '[1].allocation_id: "lease-1" appears twice'],
  ])('names the entry and field of %s', (_name, text, problem) => {
    const { problems } = parseLeases(text);
    expect(problems.map((p) => `${p.field}: ${p.reason}`).join('\n')).toContain(problem);
  });
});

describe('LeaseFileSource', () => {
  it('conserves a GPU the file double-books: overlapping leases share it, one GPU-hour per hour', async () => {
    const path = join(dir.path, 'leases.json');
    writeAtomically(path, [
      lease({ gpu_uuids: ['GPU-aaaa', 'GPU-bbbb'] }),
      lease({ allocation_id: 'lease-2', tenant_id: 'globex', gpu_uuids: ['GPU-aaaa'] }),
      lease({ allocation_id: 'lease-3', tenant_id: 'initech', gpu_uuids: 'all' }),
    ]);
    source = new LeaseFileSource({ path, logger: silentLogger });
    const result = await source.collect(ctx);
    expect(
      attributedGpuSeconds([{ via: 'lease-file', result }], inventoryOf(['GPU-aaaa', 'GPU-bbbb'])),
    ).toEqual(
      new Map([
        ['GPU-aaaa', 3600],
        ['GPU-bbbb', 3600],
      ]),
    );
  });

  it('re-reads the file after an atomic rename over it', async () => {
    const path = join(dir.path, 'leases.json');
    writeAtomically(path, [lease()]);
    source = new LeaseFileSource({ path, logger: silentLogger });
    expect((await source.collect(ctx)).allocations.map((a) => a.allocation_id)).toEqual(['lease-1']);
    writeAtomically(path, [lease(), lease({ allocation_id: 'lease-2', tenant_id: 'globex' })]);
    expect((await source.collect(ctx)).allocations.map((a) => a.allocation_id)).toEqual([
      'lease-1',
      'lease-2',
    ]);
  });

  it('sees a change the stat check alone would miss, through the directory watch', async () => {
    const path = join(dir.path, 'leases.json');
    writeFileSync(path, JSON.stringify([lease({ tenant_id: 'aaaa' })]));
    let changes = 0;
    source = new LeaseFileSource({ path, logger: silentLogger, onChange: () => changes++ });
    expect((await source.collect(ctx)).allocations[0]?.tenant_id).toBe('aaaa');
    const before = statSync(path);
    // Same size, same inode, modification time put back: only the watch can tell.
    writeFileSync(path, JSON.stringify([lease({ tenant_id: 'bbbb' })]));
    utimesSync(path, before.atime, before.mtime);
    const deadline = Date.now() + 5_000;
    while (changes === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(changes).toBeGreaterThan(0);
    expect((await source.collect(ctx)).allocations[0]?.tenant_id).toBe('bbbb');
  });

  it('keeps the last good leases when the new file is bad, and says where and what', async () => {
    const path = join(dir.path, 'leases.json');
    writeAtomically(path, [lease()]);
    const errors: string[] = [];
    const logger = {
      ...silentLogger,
      child: () => ({ ...silentLogger, error: (m: string) => errors.push(m) }),
    };
    source = new LeaseFileSource({ path, logger });
    await source.collect(ctx);
    writeAtomically(path, [lease({ since: 'soon' })]);
    const result = await source.collect(ctx);
    expect(result.allocations.map((a) => a.allocation_id)).toEqual(['lease-1']);
    expect(result.error).toBe(
      `lease file "${path}" is invalid: [0].since: expected an RFC 3339 time such as "2025-01-31T12:00:00Z", got "soon"; the last good lease set stays in force`,
    );
    expect(errors).toHaveLength(1);
    // Fixed: the error goes away.
    writeAtomically(path, [lease({ allocation_id: 'lease-3' })]);
    const fixed = await source.collect(ctx);
    expect(fixed.error).toBeUndefined();
    expect(fixed.allocations.map((a) => a.allocation_id)).toEqual(['lease-3']);
  });

  it('fails, naming the path, when no good file was ever read', async () => {
    const path = join(dir.path, 'missing.json');
    source = new LeaseFileSource({ path, logger: silentLogger });
    await expect(source.collect(ctx)).rejects.toThrow(`lease file "${path}" cannot be read: ENOENT`);
  });

  it('leaves out a lease whose start is still in the future', async () => {
    const path = join(dir.path, 'leases.json');
    writeAtomically(path, [lease(), lease({ allocation_id: 'later', since: '2025-03-02T00:00:00Z' })]);
    source = new LeaseFileSource({ path, logger: silentLogger });
    expect((await source.collect(ctx)).allocations.map((a) => a.allocation_id)).toEqual(['lease-1']);
    expect(readFileSync(path, 'utf8')).toContain('later');
  });
});
