import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../agent/sources/allocation.js';
import {
  SlurmSource,
  expandHostlist,
  expandIndexList,
  parseJobGpus,
  parseSqueue,
} from '../../../agent/sources/slurm-source.js';
import { TenantMapping } from '../../../agent/sources/tenant-mapping.js';
import { fakeScontrol, fakeSqueue, fixturesDir, tempDir } from '../fixtures.js';

const ctx = (): CollectContext => ({ signal: new AbortController().signal, nowMs: 0 });
const slurmDir = join(fixturesDir, 'slurm');

function source(
  options: {
    env?: Record<string, string>;
    tenantFrom?: 'account' | 'user';
    mapFile?: string;
    timeoutMs?: number;
  } = {},
): SlurmSource {
  return new SlurmSource({
    squeuePath: fakeSqueue,
    scontrolPath: fakeScontrol,
    nodeName: 'gpu-07',
    tenants: new TenantMapping(options.mapFile === undefined ? {} : { mapFile: options.mapFile }, {
      regex: 'regex',
      mapFile: 'map',
    }),
    env: { FAKE_SLURM_DIR: slurmDir, ...options.env },
    ...(options.tenantFrom !== undefined ? { tenantFrom: options.tenantFrom } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}

describe('SlurmSource against fake squeue and scontrol', () => {
  it('reports the running jobs holding GPUs on this node, with their indices and start', async () => {
    const result = await source().collect(ctx());
    expect(result.warnings).toEqual([]);
    expect(result.allocations).toEqual([
      {
        tenant_id: 'acme',
        allocation_id: '4101',
        gpus: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }],
        source: 'slurm',
        workload_fingerprint: '',
        labels: { slurm_job_id: '4101', slurm_account: 'acme', slurm_user: 'alice' },
        since_unix_ms: Date.parse('2025-03-01T09:00:00Z'),
      },
      {
        tenant_id: 'globex',
        allocation_id: '4102',
        gpus: [{ index: 4 }, { index: 6 }],
        source: 'slurm',
        workload_fingerprint: '',
        labels: { slurm_job_id: '4102', slurm_account: 'globex', slurm_user: 'bob' },
        since_unix_ms: Date.parse('2025-03-01T10:30:00Z'),
      },
      {
        tenant_id: 'initech',
        allocation_id: '4103',
        gpus: [{ index: 7 }],
        source: 'slurm',
        workload_fingerprint: '',
        labels: {
          slurm_job_id: '4103',
          slurm_account: 'initech',
          slurm_user: 'carol',
          gpu_sharing: 'slurm-shard-or-mps',
        },
        since_unix_ms: Date.parse('2025-03-01T11:00:00Z'),
      },
    ]);
  });

  it('takes the tenant from the user, through a map, when configured so', async () => {
    const dir = tempDir('slurm-map');
    try {
      const mapFile = join(dir.path, 'users.json');
      writeFileSync(mapFile, JSON.stringify({ alice: 'tenant-a', bob: 'tenant-b' }));
      const result = await source({ tenantFrom: 'user', mapFile }).collect(ctx());
      expect(result.allocations.map((a) => [a.allocation_id, a.tenant_id])).toEqual([
        ['4101', 'tenant-a'],
        ['4102', 'tenant-b'],
      ]);
      expect(result.warnings).toEqual([
        'Slurm job 4103 holds GPUs but user "carol" maps to no tenant; skipped',
      ]);
    } finally {
      dir.remove();
    }
  });

  it("fails the collection with squeue's own words when the controller is down", async () => {
    await expect(source({ env: { FAKE_SLURM_FAIL: 'controller' } }).collect(ctx())).rejects.toThrow(
      'fake-squeue --noheader --states=RUNNING --nodelist=gpu-07 --format=%A|%a|%u|%T|%S|%N failed (exit 1): slurm_load_jobs error: Unable to contact slurm controller (connect failure)',
    );
  });

  it('kills a hung squeue at the deadline', async () => {
    const started = Date.now();
    await expect(source({ env: { FAKE_SLURM_HANG: '1' }, timeoutMs: 300 }).collect(ctx())).rejects.toThrow(
      'fake-squeue timed out after 300 ms; killed',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('Slurm formats', () => {
  it.each<[string, string[]]>([
    ['gpu-07', ['gpu-07']],
    ['gpu-[05-08]', ['gpu-05', 'gpu-06', 'gpu-07', 'gpu-08']],
    ['gpu-[01,03-04],login1', ['gpu-01', 'gpu-03', 'gpu-04', 'login1']],
    ['rack[1-2]-n[1-2]', ['rack1-n1', 'rack1-n2', 'rack2-n1', 'rack2-n2']],
    ['node[8-10]', ['node8', 'node9', 'node10']],
  ])('hostlist %s', (expr, hosts) => {
    expect(expandHostlist(expr)).toEqual(hosts);
  });

  it.each<[string, number[]]>([
    ['0-3', [0, 1, 2, 3]],
    ['0,2-3', [0, 2, 3]],
    ['N/A', []],
  ])('index list %s', (list, indices) => {
    expect(expandIndexList(list)).toEqual(indices);
  });

  it.each<[string, string, { indices: number[]; shared: boolean }]>([
    [
      'typed GPUs',
      '   Nodes=n1 CPU_IDs=0-15 Mem=64000 GRES=gpu:a100:2(IDX:0-1)',
      { indices: [0, 1], shared: false },
    ],
    [
      'untyped GPUs, a list',
      '   Nodes=n1 CPU_IDs=0-3 Mem=8000 GRES=gpu:4(IDX:0,2)',
      { indices: [0, 2], shared: false },
    ],
    [
      'old GRES_IDX form',
      '   Nodes=n1 CPU_IDs=2-3 Mem=0 GRES_IDX=gpu(IDX:1-4)',
      { indices: [1, 2, 3, 4], shared: false },
    ],
    [
      'GPU and other GRES',
      '   Nodes=n1 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:3),nic:1(IDX:0)',
      { indices: [3], shared: false },
    ],
    ['MPS share', '   Nodes=n1 CPU_IDs=0 Mem=0 GRES=mps:100(IDX:0)', { indices: [0], shared: true }],
    ['no GRES', '   Nodes=n1 CPU_IDs=0-15 Mem=15000 GRES=', { indices: [], shared: false }],
    ['another node', '   Nodes=n2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)', { indices: [], shared: false }],
  ])('scontrol detail line: %s', (_name, line, expected) => {
    expect(parseJobGpus(`JobId=1 JobName=x\n${line}\n`, 'n1')).toEqual(expected);
  });

  it('complains about a squeue line it cannot read, and ignores jobs not running', () => {
    expect(parseSqueue('12|a|u|RUNNING|1700000000|n1\n13|a|u|COMPLETING|1700000000|n1\ngarbage\n')).toEqual({
      jobs: [{ jobId: '12', account: 'a', user: 'u', startMs: 1_700_000_000_000 }],
      problems: ['squeue line "garbage": expected "%A|%a|%u|%T|%S|%N" with a numeric job id'],
    });
  });
});
