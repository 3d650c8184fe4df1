import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/errors.js';
import {
  resolveGpuRefs,
  defaultPrecedence,
  type Allocation,
  type SourceName,
} from '../../../agent/sources/allocation.js';
import { resolveAllocations } from '../../../agent/sources/allocation-resolver.js';
import type { GpuDevice, Inventory } from '../../../agent/inventory/inventory.js';
import { TenantMapping } from '../../../agent/sources/tenant-mapping.js';
import { tempDir } from '../fixtures.js';

function gpu(uuid: string, index: number, extra: Partial<GpuDevice> = {}): GpuDevice {
  return {
    uuid,
    index,
    name: 'NVIDIA H100 80GB HBM3',
    pci_device_id: '0x233010DE',
    memory_total_bytes: 1,
    parent_uuid: '',
    mig_profile: '',
    serial: '',
    mig_enabled: false,
    ...extra,
  };
}

const inventory: Inventory = {
  via: 'nvidia-smi',
  warnings: [],
  gpus: [
    gpu('GPU-0', 0, { mig_enabled: true }),
    gpu('MIG-0a', 0, { parent_uuid: 'GPU-0', mig_profile: '3g.40gb', mig_index: 0 }),
    gpu('MIG-0b', 0, { parent_uuid: 'GPU-0', mig_profile: '3g.40gb', mig_index: 1 }),
    gpu('GPU-1', 1),
    gpu('GPU-2', 2),
  ],
};

function claim(via: SourceName, tenant: string, id: string, gpus: string[]): Allocation {
  return {
    tenant_id: tenant,
    allocation_id: id,
    gpu_uuids: gpus,
    source: via,
    via,
    workload_fingerprint: '',
    labels: { from: via },
  };
}

describe('resolveGpuRefs', () => {
  it.each<[string, Parameters<typeof resolveGpuRefs>[0], string[], string[]]>([
    ['UUIDs as given', [{ uuid: 'GPU-2' }, { uuid: 'GPU-1' }], ['GPU-1', 'GPU-2'], []],
    ['"all" is every whole GPU', [{ all: true }], ['GPU-0', 'GPU-1', 'GPU-2'], []],
    ['indices through the inventory', [{ index: 2 }, { index: 0 }], ['GPU-0', 'GPU-2'], []],
    ['a MIG device by GPU and MIG index', [{ index: 0, migIndex: 1 }], ['MIG-0b'], []],
    ['an unknown index is a problem', [{ index: 7 }], [], ["GPU index 7 is not in this node's inventory"]],
    [
      'an unknown UUID is not attributed, with a problem',
      [{ uuid: 'GPU-9' }],
      [],
      ['GPU "GPU-9" is not in this node\'s inventory'],
    ],
  ])('%s', (_name, refs, uuids, problems) => {
    expect(resolveGpuRefs(refs, inventory)).toEqual({ uuids, weights: uuids.map(() => 1), problems });
  });

  it('resolves nothing without an inventory: neither indices nor UUIDs', () => {
    expect(resolveGpuRefs([{ index: 0 }, { uuid: 'GPU-1' }], undefined)).toEqual({
      uuids: [],
      weights: [],
      problems: [
        'GPU index 0 cannot be resolved without an inventory',
        'GPU "GPU-1" cannot be resolved without an inventory',
      ],
    });
  });

  it('carries declared weights, adding those of one GPU named twice', () => {
    expect(
      resolveGpuRefs([{ index: 1, weight: 2 }, { uuid: 'GPU-1', weight: 1 }, { index: 2 }], inventory),
    ).toEqual({ uuids: ['GPU-1', 'GPU-2'], weights: [3, 1], problems: [] });
  });
});

describe('resolveAllocations', () => {
  it('gives a contested GPU to the stronger source and reports the conflict', () => {
    const { allocations, conflicts } = resolveAllocations(
      [
        claim('docker', 'shell-co', 'ctr-1', ['GPU-1', 'GPU-2']),
        claim('lease-file', 'acme', 'lease-7', ['GPU-1']),
      ],
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => [a.allocation_id, a.gpu_uuids])).toEqual([
      ['ctr-1', ['GPU-2']],
      ['lease-7', ['GPU-1']],
    ]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      gpu_uuid: 'GPU-1',
      kept: [{ via: 'lease-file', tenant_id: 'acme', allocation_id: 'lease-7' }],
      dropped: { via: 'docker', tenant_id: 'shell-co', allocation_id: 'ctr-1' },
    });
    expect(conflicts[0]?.message).toBe(
      'GPU GPU-1: lease-file says tenant "acme" (allocation "lease-7") but docker says tenant "shell-co" (allocation "ctr-1"); kept lease-file',
    );
  });

  it('treats a MIG instance and its parent GPU as the same chip', () => {
    const { allocations, conflicts } = resolveAllocations(
      [
        claim('kubernetes', 'acme', 'pod-1', ['MIG-0a']),
        claim('process', 'other', 'process:other', ['GPU-0']),
      ],
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => a.allocation_id)).toEqual(['pod-1']);
    expect(conflicts.map((c) => c.gpu_uuid)).toEqual(['GPU-0']);
  });

  it('drops a weaker view of the same tenant quietly (process attribution confirming a pod)', () => {
    const { allocations, conflicts } = resolveAllocations(
      [claim('kubernetes', 'acme', 'pod-1', ['GPU-1']), claim('process', 'acme', 'process:acme', ['GPU-1'])],
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => a.allocation_id)).toEqual(['pod-1']);
    expect(conflicts).toEqual([]);
  });

  it('lets pods of one source share a time-sliced GPU without conflict, half each', () => {
    const { allocations, conflicts } = resolveAllocations(
      [claim('kubernetes', 'acme', 'pod-1', ['GPU-1']), claim('kubernetes', 'globex', 'pod-2', ['GPU-1'])],
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => [a.allocation_id, a.gpu_shares])).toEqual([
      ['pod-1', [0.5]],
      ['pod-2', [0.5]],
    ]);
    expect(conflicts).toEqual([]);
  });

  it('splits a shared GPU by declared weight, and leaves whole GPUs unmarked', () => {
    const { allocations } = resolveAllocations(
      [
        { ...claim('slurm', 'acme', 'job-1', ['GPU-1', 'GPU-2']), gpu_weights: [3, 1] },
        { ...claim('slurm', 'globex', 'job-2', ['GPU-1']), gpu_weights: [1] },
        claim('slurm', 'initech', 'job-3', ['MIG-0a']),
      ],
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => [a.allocation_id, a.gpu_uuids, a.gpu_shares])).toEqual([
      ['job-1', ['GPU-1', 'GPU-2'], [0.75, 1]],
      ['job-2', ['GPU-1'], [0.25]],
      ['job-3', ['MIG-0a'], undefined],
    ]);
    for (const a of allocations) expect(a).not.toHaveProperty('gpu_weights');
  });

  it('conserves each GPU: the shares of its holders sum to one, whatever the mix', () => {
    // A property over random mixes: 1–6 holders per GPU from one source, random weights.
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const claims: Allocation[] = [];
      const n = 1 + Math.floor(random() * 6);
      for (let i = 0; i < n; i++) {
        const gpus = ['GPU-1', 'GPU-2'].filter(() => random() < 0.7);
        if (gpus.length === 0) continue;
        claims.push({
          ...claim('docker', `t${i}`, `c${i}`, gpus),
          gpu_weights: gpus.map(() => 1 + Math.floor(random() * 4)),
        });
      }
      const { allocations } = resolveAllocations(claims, defaultPrecedence, inventory);
      for (const uuid of ['GPU-1', 'GPU-2']) {
        const holders = allocations.filter((a) => a.gpu_uuids.includes(uuid));
        if (holders.length === 0) continue;
        const total = holders.reduce((sum, a) => sum + (a.gpu_shares?.[a.gpu_uuids.indexOf(uuid)] ?? 1), 0);
        expect(total).toBeCloseTo(1, 12);
      }
    }
  });

  it('splits a MIG instance between its holder and the holder of the whole GPU', () => {
    const { allocations, conflicts } = resolveAllocations(
      [
        claim('docker', 'acme', 'all-gpus', ['GPU-0', 'GPU-1']),
        claim('docker', 'globex', 'slice', ['MIG-0a']),
      ],
      defaultPrecedence,
      inventory,
    );
    expect(conflicts).toEqual([]);
    expect(allocations.map((a) => [a.allocation_id, a.gpu_uuids, a.gpu_shares])).toEqual([
      // The whole GPU 0 became its two instances; the contested one is halved.
      ['all-gpus', ['GPU-1', 'MIG-0a', 'MIG-0b'], [1, 0.5, 1]],
      ['slice', ['MIG-0a'], [0.5]],
    ]);
  });

  it('gives four equal sharers of one GPU a quarter each', () => {
    const { allocations } = resolveAllocations(
      ['a', 'b', 'c', 'd'].map((t) => claim('docker', t, `ctr-${t}`, ['GPU-2'])),
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => a.gpu_shares)).toEqual([[0.25], [0.25], [0.25], [0.25]]);
  });

  it('merges one allocation id seen by two sources of the same tenant, strongest source first', () => {
    const { allocations } = resolveAllocations(
      [
        { ...claim('process', 'acme', 'uid-1', ['GPU-2']), labels: { from: 'process', extra: 'x' } },
        claim('kubernetes', 'acme', 'uid-1', ['GPU-1']),
      ],
      defaultPrecedence,
      inventory,
    );
    expect(allocations).toHaveLength(1);
    expect(allocations[0]).toMatchObject({
      via: 'kubernetes',
      gpu_uuids: ['GPU-1', 'GPU-2'],
      labels: { from: 'kubernetes', extra: 'x' },
    });
  });

  it('keeps the stronger view when one allocation id comes with two tenants', () => {
    const { allocations, conflicts } = resolveAllocations(
      [claim('docker', 'b', 'same-id', ['GPU-2']), claim('slurm', 'a', 'same-id', ['GPU-1'])],
      defaultPrecedence,
      inventory,
    );
    expect(allocations.map((a) => [a.tenant_id, a.gpu_uuids])).toEqual([['a', ['GPU-1']]]);
    expect(conflicts[0]?.message).toMatch(
      /allocation "same-id": slurm says tenant "a" .* but docker says tenant "b"/,
    );
  });

  it('follows a configured precedence', () => {
    const claims = [claim('docker', 'd', 'c1', ['GPU-1']), claim('slurm', 's', 'j1', ['GPU-1'])];
    expect(resolveAllocations(claims, defaultPrecedence, inventory).allocations.map((a) => a.via)).toEqual([
      'slurm',
    ]);
    expect(resolveAllocations(claims, ['docker', 'slurm'], inventory).allocations.map((a) => a.via)).toEqual([
      'docker',
    ]);
  });
});

describe('TenantMapping', () => {
  it.each<[string, { regex?: string; map?: Record<string, string> }, string, string | undefined]>([
    ['identity without options', {}, 'team-a', 'team-a'],
    ['regex capture group', { regex: '^tenant-(.+)$' }, 'tenant-acme', 'acme'],
    ['regex without a match: no tenant', { regex: '^tenant-(.+)$' }, 'kube-system', undefined],
    ['map', { map: { 'ml-prod': 'acme' } }, 'ml-prod', 'acme'],
    ['map without the name: no tenant', { map: { 'ml-prod': 'acme' } }, 'other', undefined],
    ['map first, then the regex', { map: { special: 'vip' }, regex: '^t-(.+)$' }, 't-globex', 'globex'],
  ])('%s', (_name, { regex, map }, name, tenant) => {
    const dir = tempDir('tenant-map');
    try {
      let mapFile: string | undefined;
      if (map !== undefined) {
        mapFile = join(dir.path, 'map.json');
        writeFileSync(mapFile, JSON.stringify(map));
      }
      const m = new TenantMapping({ regex, mapFile }, { regex: '--tenant-regex', mapFile: '--tenant-map' });
      expect(m.tenantFor(name)).toBe(tenant);
    } finally {
      dir.remove();
    }
  });

  it('refuses a regex without a capture group and a map that is not names to tenants, listing both', () => {
    const dir = tempDir('tenant-map');
    try {
      const mapFile = join(dir.path, 'map.json');
      writeFileSync(mapFile, '{"ml-prod": 3}');
      let error: unknown;
      try {
        new TenantMapping(
          { regex: '^tenant-.+$', mapFile },
          { regex: '--tenant-regex', mapFile: '--tenant-map' },
        );
      } catch (err: unknown) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.field)).toEqual(['--tenant-regex', '--tenant-map']);
      expect((error as Error).message).toMatch(
        /expected a regular expression with a capture group .*, got "\^tenant-\.\+\$"/,
      );
      expect((error as Error).message).toMatch(/"ml-prod": expected a non-empty tenant id, got 3/);
    } finally {
      dir.remove();
    }
  });

  it('re-reads the map when it changes, and keeps the old one when the new one is bad', () => {
    const dir = tempDir('tenant-map');
    try {
      const mapFile = join(dir.path, 'map.json');
      writeFileSync(mapFile, '{"a": "t1"}');
      const m = new TenantMapping({ mapFile }, { regex: 'r', mapFile: 'm' });
      writeFileSync(mapFile, '{"a": "t2", "b": "t3"}');
      expect(m.refresh()).toBeUndefined();
      expect(m.tenantFor('b')).toBe('t3');
      writeFileSync(mapFile, '{"a": ');
      expect(m.refresh()).toMatch(/tenant map ".*map\.json" is not valid JSON/);
      expect(m.tenantFor('a')).toBe('t2');
    } finally {
      dir.remove();
    }
  });
});
