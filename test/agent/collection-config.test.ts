import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/clock.js';
import { loadConfig } from '../../common/config.js';
import { ConfigError } from '../../common/errors.js';
import { silentLogger } from '../../common/logger.js';
import { collectionOptionSpecs, createCollection } from '../../agent/collection-config.js';
import type { CollectionCycle } from '../../agent/collection-cycle.js';
import { emptySegmentState } from '../../agent/segments/segment-state.js';
import { fakeNvidiaSmi, fakeScontrol, fakeSqueue, fixturesDir, smiEnv, tempDir } from './fixtures.js';

let dir: { path: string; remove: () => void };
let cycle: CollectionCycle | undefined;
beforeEach(() => {
  dir = tempDir('collection-config');
});
afterEach(async () => {
  await cycle?.close();
  cycle = undefined;
  dir.remove();
});

const deps = (toolEnv: Record<string, string>) => ({
  clock: new ManualClock(Date.parse('2025-03-01T12:00:00Z')),
  logger: silentLogger,
  toolEnv,
});

describe('collection config', () => {
  it('has the docs/design.md §9 flags and safe defaults', () => {
    const { config } = loadConfig(collectionOptionSpecs, [], {});
    expect(config.nvidiaSmi).toBe('nvidia-smi');
    expect(config.kubeletSocket).toBeUndefined();
    expect(config.slurm).toBe(false);
    expect(config.sourcePrecedence).toEqual(['lease-file', 'kubernetes', 'slurm', 'docker', 'process']);
    expect(config.nvidiaSmiTimeout).toBe(10_000);
  });

  it('wires the lease file and Slurm sources to the fake tools and collects with them', async () => {
    const leaseFile = join(dir.path, 'leases.json');
    writeFileSync(
      leaseFile,
      JSON.stringify([
        {
          tenant_id: 'initech',
          allocation_id: 'L1',
          gpu_uuids: ['GPU-00000000-0000-0000-0000-000000000000'],
          since: '2025-03-01T11:59:00Z',
        },
      ]),
    );
    const { config } = loadConfig(
      collectionOptionSpecs,
      [
        '--nvidia-smi',
        fakeNvidiaSmi,
        '--nvml-library',
        '/nonexistent/libnvidia-ml.so.1',
        '--lease-file',
        leaseFile,
        '--slurm',
        '--slurm-node',
        'gpu-07',
        '--squeue',
        fakeSqueue,
        '--scontrol',
        fakeScontrol,
      ],
      {},
    );
    cycle = createCollection(config, deps({ ...smiEnv('h100'), FAKE_SLURM_DIR: join(fixturesDir, 'slurm') }));
    const result = await cycle.collectOnce(emptySegmentState);
    expect(result.inventory?.via).toBe('nvidia-smi');
    expect(result.allocations.map((a) => [a.via, a.allocation_id])).toEqual([['lease-file', 'L1']]);
    // Slurm's jobs name GPU indices 0-7; this H100 node has one GPU, held by the lease.
    expect(result.warnings).toContain(
      'slurm: allocation "4102": GPU index 4 is not in this node\'s inventory',
    );
    // Job 4101 (account acme) holds index 0 here too: the lease wins, and the conflict is reported.
    expect(result.conflicts.map((c) => c.message)).toEqual([
      'GPU GPU-00000000-0000-0000-0000-000000000000: lease-file says tenant "initech" (allocation "L1") but slurm says tenant "acme" (allocation "4101"); kept lease-file',
    ]);
    expect(result.segments.map((s) => s.allocation_id)).toEqual(['L1']);
  });

  it('lists every problem at once: precedence in the flags, tenant mapping in the files', () => {
    expect(() => loadConfig(collectionOptionSpecs, ['--source-precedence', 'lease-file,k8s'], {})).toThrow(
      /--source-precedence: expected source names among lease-file, kubernetes, slurm, docker, process, got "k8s"/,
    );
    const { config } = loadConfig(
      collectionOptionSpecs,
      [
        '--kubelet-socket',
        join(dir.path, 'kubelet.sock'),
        '--kubernetes-tenant-regex',
        '^tenant-.+$',
        '--slurm',
        '--slurm-tenant-map',
        join(dir.path, 'missing.json'),
      ],
      {},
    );
    let error: unknown;
    try {
      createCollection(config, deps({}));
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field)).toEqual([
      '--kubernetes-tenant-regex',
      '--slurm-tenant-map',
    ]);
  });
});
