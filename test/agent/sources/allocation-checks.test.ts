import { describe, expect, it } from 'vitest';
import type { Allocation } from '../../../agent/sources/allocation.js';
import {
  UnattributedTime,
  checkAllocations,
  describeWorkload,
} from '../../../agent/sources/allocation-checks.js';
import { checkId } from '../../../common/field-checks.js';
import { quote } from '../../../common/errors.js';

function allocation(extra: Partial<Allocation> = {}): Allocation {
  return {
    tenant_id: 'acme',
    allocation_id: 'ctr-1',
    gpu_uuids: ['GPU-1'],
    source: 'docker',
    via: 'docker',
    workload_fingerprint: 'sha256:abc',
    labels: { container_name: 'train' },
    ...extra,
  };
}

describe('checkAllocations', () => {
  it.each<[string, Partial<Allocation>, 'tenant_id' | 'allocation_id', RegExp]>([
    [
      'a tenant with braces',
      { tenant_id: '{evil}' },
      'tenant_id',
      /expected no "\{" or "\}", got "\{evil\}"/,
    ],
    [
      'a 300-character tenant',
      { tenant_id: 'x'.repeat(300) },
      'tenant_id',
      /expected at most 256 characters, got 300/,
    ],
    ['an empty tenant', { tenant_id: '' }, 'tenant_id', /expected a non-empty id/],
    [
      'a tenant with a right-to-left override',
      { tenant_id: 'acme\u202Eevil' },
      'tenant_id',
      /invisible format characters .* got U\+202E at position 4 of "acme\\u202Eevil"/,
    ],
    ['a zero-width space in the allocation id', { allocation_id: 'ctr\u200B1' }, 'allocation_id', /U\+200B/],
    [
      'a control character in the allocation id',
      { allocation_id: 'ctr\n1' },
      'allocation_id',
      /control characters/,
    ],
  ])('refuses %s, naming the workload, the field and the value', (_name, extra, field, reason) => {
    const a = allocation(extra);
    const { allocations, refused } = checkAllocations([a, allocation({ allocation_id: 'ok' })]);
    expect(allocations.map((x) => x.allocation_id)).toEqual(['ok']);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.field).toBe(field);
    expect(refused[0]?.message).toMatch(reason);
    // The value itself is quoted (bounded, escaped), beside the rule it breaks.
    expect(refused[0]?.message).toContain(
      `its ${field} ${quote(a[field])} is refused by the collector's rules`,
    );
    expect(refused[0]?.message).toContain('reason="invalid_id"');
    // The message itself carries no raw format character: it cannot be disguised.
    expect(refused[0]?.message).not.toMatch(/\p{Cf}/u);
  });

  it('agrees with the collector on every id it lets through', () => {
    const ids = ['acme', 'a'.repeat(256), 'Zhipu 智谱', 'ns/pod-1', 'x{', 'a\u2066b', 'a'.repeat(257), ''];
    for (const id of ids) {
      const { refused } = checkAllocations([allocation({ tenant_id: id })]);
      expect(refused.length === 0).toBe(checkId(id, 256) === undefined);
    }
  });

  it('leaves out labels and fingerprints the collector would refuse, and keeps the time', () => {
    const labels: Record<string, string> = {
      container_name: 'train',
      bad: 'v\u202Ex',
      long: 'y'.repeat(2000),
    };
    for (let i = 0; i < 70; i++) labels[`k${String(i).padStart(2, '0')}`] = 'v';
    const { allocations, refused, warnings } = checkAllocations([
      allocation({ labels, workload_fingerprint: 'sha\u202E' }),
    ]);
    expect(refused).toEqual([]);
    const kept = allocations[0];
    expect(kept?.workload_fingerprint).toBe('');
    expect(Object.keys(kept?.labels ?? {})).toHaveLength(64);
    expect(kept?.labels).not.toHaveProperty('bad');
    expect(kept?.labels).not.toHaveProperty('long');
    expect(warnings).toEqual([
      expect.stringMatching(/label "bad" left out: .*U\+202E/),
      expect.stringMatching(/label "long" left out: expected at most 1024 characters, got 2000/),
      expect.stringMatching(/71 labels, the collector takes at most 64/),
      expect.stringMatching(/workload fingerprint left out/),
    ]);
  });

  it('passes a clean allocation through unchanged', () => {
    const a = allocation();
    expect(checkAllocations([a]).allocations[0]).toBe(a);
  });

  it('describes a workload by the label an operator knows it by', () => {
    expect(describeWorkload(allocation())).toBe('docker allocation "ctr-1" (container_name "train")');
    expect(describeWorkload(allocation({ labels: {}, via: 'slurm', allocation_id: '4101' }))).toBe(
      'slurm allocation "4101"',
    );
  });
});

describe('UnattributedTime', () => {
  it('charges each span once, from the first sight, and forgets keys that left', () => {
    const t = new UnattributedTime();
    const t0 = 1_000_000;
    expect(t.charge('invalid_id', 'a', 2, t0, t0 - 30_000, t0 - 60_000)).toBe(60);
    t.endCycle();
    expect(t.charge('invalid_id', 'a', 2, t0 + 60_000)).toBe(120);
    expect(t.charge('invalid_id', 'a', 2, t0 + 60_000)).toBe(0);
    t.endCycle();
    t.endCycle(); // 'a' not charged in this cycle: forgotten
    expect(t.charge('invalid_id', 'a', 2, t0 + 180_000)).toBe(0);
  });
});
