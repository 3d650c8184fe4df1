import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectContext, GpuRef } from '../../../agent/sources/allocation.js';
import { attributedGpuSeconds, inventoryOf } from './conservation.js';
import {
  SlurmSource,
  expandHostlist,
  expandIndexList,
  parseJobGpus,
  parseJobRecords,
  parseSqueue,
  type JobGpus,
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
    expect(result.unattributed).toEqual([]);
    expect(result.allocations).toEqual([
      {
        tenant_id: 'acme',
        allocation_id: '4101',
        gpus: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }],
        source: 'slurm',
        workload_fingerprint: '',
        labels: { slurm_job_id: '4101', slurm_account: 'acme', slurm_user: 'alice', slurm_state: 'RUNNING' },
        since_unix_ms: Date.parse('2025-03-01T09:00:00Z'),
      },
      {
        tenant_id: 'globex',
        allocation_id: '4102',
        gpus: [{ index: 4 }, { index: 6 }],
        source: 'slurm',
        workload_fingerprint: '',
        labels: { slurm_job_id: '4102', slurm_account: 'globex', slurm_user: 'bob', slurm_state: 'RUNNING' },
        since_unix_ms: Date.parse('2025-03-01T10:30:00Z'),
      },
      {
        tenant_id: 'initech',
        allocation_id: '4103',
        gpus: [{ index: 7, weight: 2 }],
        source: 'slurm',
        workload_fingerprint: '',
        labels: {
          slurm_job_id: '4103',
          slurm_account: 'initech',
          slurm_user: 'carol',
          slurm_state: 'RUNNING',
          gpu_sharing: 'slurm-shard',
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
        'Slurm job 4103 holds GPUs 7 but user "carol" maps to no tenant; not attributed (its GPU time is counted as unattributed, reason no_tenant); add it to the --slurm-tenant-map file',
      ]);
      expect(result.unattributed).toEqual([
        {
          allocation_id: '4103',
          gpus: [{ index: 7, weight: 2 }],
          since_unix_ms: Date.parse('2025-03-01T11:00:00Z'),
        },
      ]);
    } finally {
      dir.remove();
    }
  });

  it("fails the collection with squeue's own words when the controller is down", async () => {
    await expect(source({ env: { FAKE_SLURM_FAIL: 'controller' } }).collect(ctx())).rejects.toThrow(
      'fake-squeue --noheader --states=RUNNING,SUSPENDED --nodelist=gpu-07 --format=%A|%a|%u|%T|%S|%N failed (exit 1): slurm_load_node error: Unable to contact slurm controller (connect failure)',
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

  it.each<[string, string, JobGpus]>([
    [
      'typed GPUs',
      '   Nodes=n1 CPU_IDs=0-15 Mem=64000 GRES=gpu:a100:2(IDX:0-1)',
      { gpus: [{ index: 0 }, { index: 1 }], sharing: undefined },
    ],
    [
      'untyped GPUs, a list',
      '   Nodes=n1 CPU_IDs=0-3 Mem=8000 GRES=gpu:4(IDX:0,2)',
      { gpus: [{ index: 0 }, { index: 2 }], sharing: undefined },
    ],
    [
      'old GRES_IDX form',
      '   Nodes=n1 CPU_IDs=2-3 Mem=0 GRES_IDX=gpu(IDX:1-4)',
      { gpus: [1, 2, 3, 4].map((index) => ({ index })), sharing: undefined },
    ],
    [
      'GPU and other GRES',
      '   Nodes=n1 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:3),nic:1(IDX:0)',
      { gpus: [{ index: 3 }], sharing: undefined },
    ],
    [
      'shards, one GPU',
      '     Nodes=n1 CPU_IDs=4 Mem=0 GRES=shard:3(IDX:1)',
      { gpus: [{ index: 1, weight: 3 }], sharing: 'shard' },
    ],
    [
      'typed shards over two GPUs: the count split evenly',
      '     Nodes=n1 CPU_IDs=4 Mem=0 GRES=shard:h100:4(IDX:0-1)',
      {
        gpus: [
          { index: 0, weight: 2 },
          { index: 1, weight: 2 },
        ],
        sharing: 'shard',
      },
    ],
    [
      'MPS share',
      '   Nodes=n1 CPU_IDs=0 Mem=0 GRES=mps:100(IDX:0)',
      { gpus: [{ index: 0, weight: 100 }], sharing: 'mps' },
    ],
    [
      'a GPU held whole and shared counts whole',
      '   Nodes=n1 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0),shard:1(IDX:0)',
      { gpus: [{ index: 0 }], sharing: undefined },
    ],
    ['no GRES', '   Nodes=n1 CPU_IDs=0-15 Mem=15000 GRES=', { gpus: [], sharing: undefined }],
    ['another node', '   Nodes=n2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)', { gpus: [], sharing: undefined }],
  ])('scontrol detail line: %s', (_name, line, expected) => {
    const [record] = parseJobRecords(`JobId=1 JobName=x\n${line}\n`);
    expect(record === undefined ? undefined : parseJobGpus(record, 'n1')).toEqual(expected);
  });

  it('complains about a squeue line it cannot read, and ignores jobs not running', () => {
    expect(parseSqueue('12|a|u|RUNNING|1700000000|n1\n13|a|u|COMPLETING|1700000000|n1\ngarbage\n')).toEqual({
      jobs: [{ jobId: '12', account: 'a', user: 'u', state: 'RUNNING', startMs: 1_700_000_000_000 }],
      problems: ['squeue line "garbage": expected "%A|%a|%u|%T|%S|%N" with a numeric job id'],
    });
  });
});

describe('SlurmSource on text captured from real Slurm 22.05 (test/fixtures/slurm/real-22.05)', () => {
  const real = (scenario: string): string => join(slurmDir, 'real-22.05', scenario);
  const realSource = (scenario: string, tenantFrom?: 'account' | 'user'): SlurmSource =>
    new SlurmSource({
      squeuePath: fakeSqueue,
      scontrolPath: fakeScontrol,
      nodeName: 'vm',
      tenants: new TenantMapping({}, { regex: 'regex', mapFile: 'map' }),
      env: { FAKE_SLURM_DIR: real(scenario) },
      ...(tenantFrom !== undefined ? { tenantFrom } : {}),
    });
  const indexes = (a: { gpus: readonly GpuRef[] }): number[] =>
    a.gpus.map((g) => ('index' in g ? g.index : -1));

  it('attributes each task of an 8-task array once: 8 claims for 8 GPUs, the base id only its own', async () => {
    const result = await realSource('array').collect(ctx());
    expect(result.warnings).toEqual([]);
    expect(
      result.allocations.map((a) => [a.allocation_id, indexes(a), a.labels.slurm_array_task_id]),
    ).toEqual([
      ['13', [7], '7'],
      ['14', [0], '0'],
      ['15', [1], '1'],
      ['16', [2], '2'],
      ['17', [3], '3'],
      ['18', [4], '4'],
      ['19', [5], '5'],
      ['20', [6], '6'],
    ]);
    expect(result.allocations.flatMap(indexes)).toHaveLength(8);
    expect(new Set(result.allocations.map((a) => a.since_unix_ms))).toEqual(new Set([1_796_701_639_000]));
    expect(result.allocations.every((a) => a.labels.slurm_array_job_id === '13')).toBe(true);
  });

  it('keeps a suspended job (labelled), non-contiguous indexes, and skips the job with no account', async () => {
    const result = await realSource('mixed').collect(ctx());
    expect(
      result.allocations.map((a) => [
        a.allocation_id,
        a.tenant_id,
        indexes(a),
        a.labels.slurm_state,
        a.since_unix_ms,
      ]),
    ).toEqual([
      ['21', 'acme', [0, 1], 'RUNNING', 1_796_701_652_000],
      ['23', 'initech', [3], 'RUNNING', 1_796_701_652_000],
      ['26', 'globex', [5], 'SUSPENDED', 1_796_701_653_000],
      ['28', 'acme', [2, 4], 'RUNNING', 1_796_701_659_000],
    ]);
    expect(result.warnings).toEqual([
      'Slurm job 29 (user "gwalice") holds GPUs 7 but has no account (squeue prints "(null)": accounting off or no -A); not attributed (its GPU time is counted as unattributed, reason no_tenant); name tenants by user with --slurm-tenant-from user, optionally through --slurm-tenant-map',
    ]);
    expect(result.unattributed).toEqual([
      { allocation_id: '29', gpus: [{ index: 7 }], since_unix_ms: 1_796_701_666_000 },
    ]);
  });

  it('attributes the job with no account to its user with --slurm-tenant-from user', async () => {
    const result = await realSource('mixed', 'user').collect(ctx());
    expect(result.warnings).toEqual([]);
    expect(result.unattributed).toEqual([]);
    const job = result.allocations.find((a) => a.allocation_id === '29');
    expect(job?.tenant_id).toBe('gwalice');
    expect(job?.labels).toEqual({ slurm_job_id: '29', slurm_user: 'gwalice', slurm_state: 'RUNNING' });
  });

  it('weights shards by the count held, so four 1-shard jobs on one GPU make one GPU-hour', async () => {
    const result = await realSource('shards').collect(ctx());
    expect(result.allocations.map((a) => [a.allocation_id, a.gpus, a.labels.gpu_sharing])).toEqual([
      ['30', [{ index: 0, weight: 1 }], 'slurm-shard'],
      ['31', [{ index: 0, weight: 1 }], 'slurm-shard'],
      ['32', [{ index: 0, weight: 1 }], 'slurm-shard'],
      ['33', [{ index: 0, weight: 1 }], 'slurm-shard'],
      ['34', [{ index: 1, weight: 3 }], 'slurm-shard'],
    ]);
    const uuids = Array.from({ length: 8 }, (_, i) => `GPU-00000000-0000-0000-0000-00000000000${i}`);
    const seconds = attributedGpuSeconds([{ via: 'slurm', result }], inventoryOf(uuids));
    expect(Object.fromEntries(seconds)).toEqual({ [uuids[0] ?? '']: 3600, [uuids[1] ?? '']: 3600 });
  });

  it('splits the records scontrol prints for a heterogeneous leader, one per component', () => {
    const text = readFileSync(join(slurmDir, 'real-22.05', 'hetjob-pending-6.txt'), 'utf8');
    expect(
      parseJobRecords(text).map((r) => [r.jobId, r.fields.get('HetJobId'), r.fields.get('HetJobOffset')]),
    ).toEqual([
      ['6', '6', '0'],
      ['7', '6', '1'],
    ]);
  });
});
