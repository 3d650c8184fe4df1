import { describe, expect, it } from 'vitest';
import type { IHello, IUsageSegment } from '../../../common/proto.js';
import {
  checkBatchEnvelope,
  defaultValidationLimits as limits,
  validateHello,
  validateSegment,
  validateSegments,
} from '../../../collector/ingest/segment-validation.js';
import type { Rejection } from '../../../common/field-checks.js';
import type { ValidSegment } from '../../../collector/storage/usage-store.js';

const now = Date.parse('2025-03-01T12:00:00Z');
const hour = 3_600_000;
const day = 86_400_000;

function segment(overrides: Partial<IUsageSegment> = {}): IUsageSegment {
  return {
    tenant_id: 'tenant-a',
    allocation_id: 'pod-1',
    gpu_uuids: ['GPU-1'],
    start_unix_ms: now - 60_000,
    end_unix_ms: now,
    source: 'kubernetes',
    workload_fingerprint: '',
    labels: {},
    ...overrides,
  };
}

function rejection(s: IUsageSegment): Rejection | undefined {
  const result = validateSegment(s, 3, limits, now);
  return 'reason' in result ? result : undefined;
}

function accepted(s: IUsageSegment): ValidSegment {
  const result = validateSegment(s, 0, limits, now);
  if ('reason' in result) throw new Error(`rejected: ${result.field}: ${result.reason}`);
  return result;
}

describe('validateSegment limits', () => {
  it.each([
    ['exactly 1 h long', { start_unix_ms: now - hour, end_unix_ms: now }],
    ['ending exactly 5 min past now', { start_unix_ms: now, end_unix_ms: now + 300_000 }],
    ['starting exactly 400 days ago', { start_unix_ms: now - 400 * day, end_unix_ms: now - 400 * day + 1 }],
    ['1 ms long', { start_unix_ms: now - 1, end_unix_ms: now }],
    ['utilization 0', { gpu_utilization: 0 }],
    ['utilization 1', { gpu_utilization: 1 }],
    ['a 256-character tenant id', { tenant_id: 't'.repeat(256) }],
    ['256 GPUs', { gpu_uuids: Array.from({ length: 256 }, (_, i) => `GPU-${i}`) }],
    ['64 labels', { labels: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, 'v'])) }],
    ['a 512-character fingerprint', { workload_fingerprint: 'f'.repeat(512) }],
    ['no GPU shares (every GPU whole)', { gpu_shares: [] }],
    ['a share per GPU', { gpu_uuids: ['GPU-1', 'GPU-2'], gpu_shares: [0.25, 1] }],
    ['the smallest double as a share', { gpu_shares: [Number.MIN_VALUE] }],
  ])('accepts a segment %s', (_name, overrides) => {
    expect(rejection(segment(overrides))).toBeUndefined();
  });

  it.each([
    [
      '1 ms over 1 h',
      { start_unix_ms: now - hour - 1, end_unix_ms: now },
      'end_unix_ms',
      /at most 1h .*got 1h1ms/,
    ],
    [
      'ending 1 ms past the skew',
      { start_unix_ms: now, end_unix_ms: now + 300_001 },
      'end_unix_ms',
      /at most 5m past the collector's clock .*got 1740830700001/,
    ],
    [
      'starting 1 ms before 400 days ago',
      { start_unix_ms: now - 400 * day - 1, end_unix_ms: now - 400 * day + 1000 },
      'start_unix_ms',
      /at most 400d old/,
    ],
    [
      'ending at its start',
      { start_unix_ms: now, end_unix_ms: now },
      'end_unix_ms',
      /expected after start_unix_ms 1740830400000, got 1740830400000/,
    ],
    [
      'ending before its start',
      { start_unix_ms: now, end_unix_ms: now - 5 },
      'end_unix_ms',
      /expected after start_unix_ms/,
    ],
    ['with no start', { start_unix_ms: 0 }, 'start_unix_ms', /expected Unix milliseconds > 0, got 0/],
    ['utilization 1.7', { gpu_utilization: 1.7 }, 'gpu_utilization', /^expected 0\.\.1, got 1\.7$/],
    [
      'utilization just over 1',
      { gpu_utilization: 1.0000001 },
      'gpu_utilization',
      /expected 0\.\.1, got 1\.0000001/,
    ],
    ['utilization below 0', { gpu_utilization: -0.01 }, 'gpu_utilization', /expected 0\.\.1, got -0\.01/],
    ['utilization NaN', { gpu_utilization: NaN }, 'gpu_utilization', /expected 0\.\.1, got NaN/],
    ['an empty tenant', { tenant_id: '' }, 'tenant_id', /non-empty/],
    [
      'a 257-character tenant id',
      { tenant_id: 't'.repeat(257) },
      'tenant_id',
      /at most 256 characters, got 257/,
    ],
    ['a tenant id with a brace', { tenant_id: 'a}b' }, 'tenant_id', /no "\{" or "\}", got "a}b"/],
    [
      'a tenant id with a control character',
      { tenant_id: 'a\u001fb' },
      'tenant_id',
      /no control characters, got "a\\u001fb"/,
    ],
    ['an empty allocation', { allocation_id: '' }, 'allocation_id', /non-empty/],
    ['no GPUs', { gpu_uuids: [] }, 'gpu_uuids', /at least one GPU uuid, got none/],
    [
      '257 GPUs',
      { gpu_uuids: Array.from({ length: 257 }, (_, i) => `GPU-${i}`) },
      'gpu_uuids',
      /at most 256 GPU uuids, got 257/,
    ],
    ['a GPU twice', { gpu_uuids: ['GPU-1', 'GPU-1'] }, 'gpu_uuids[1]', /each GPU once, got "GPU-1" again/],
    ['an empty GPU uuid', { gpu_uuids: ['GPU-1', ''] }, 'gpu_uuids[1]', /non-empty/],
    [
      'fewer shares than GPUs',
      { gpu_uuids: ['GPU-1', 'GPU-2'], gpu_shares: [0.5] },
      'gpu_shares',
      /^expected none \(every GPU whole\) or one per gpu_uuids entry \(2\), got 1$/,
    ],
    [
      'more shares than GPUs',
      { gpu_shares: [0.5, 0.5] },
      'gpu_shares',
      /one per gpu_uuids entry \(1\), got 2$/,
    ],
    ['a share of 0', { gpu_shares: [0] }, 'gpu_shares[0]', /^expected a share in \(0, 1\], got 0$/],
    [
      'a share above 1',
      { gpu_uuids: ['GPU-1', 'GPU-2'], gpu_shares: [1, 1.5] },
      'gpu_shares[1]',
      /got 1\.5$/,
    ],
    ['a negative share', { gpu_shares: [-0.25] }, 'gpu_shares[0]', /got -0\.25$/],
    ['a NaN share', { gpu_shares: [Number.NaN] }, 'gpu_shares[0]', /got NaN$/],
    ['an infinite share', { gpu_shares: [Number.POSITIVE_INFINITY] }, 'gpu_shares[0]', /got Infinity$/],
    [
      '65 labels',
      { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) },
      'labels',
      /at most 64 labels, got 65/,
    ],
    [
      'a 129-character label key',
      { labels: { ['k'.repeat(129)]: 'v' } },
      'labels',
      /at most 128 characters, got 129/,
    ],
    [
      'a 1025-character label value',
      { labels: { k: 'v'.repeat(1025) } },
      'labels',
      /value of "k": expected at most 1024 characters, got 1025/,
    ],
    [
      'a 513-character fingerprint',
      { workload_fingerprint: 'f'.repeat(513) },
      'workload_fingerprint',
      /at most 512 characters, got 513/,
    ],
    ['memory beyond 2^53', { memory_used_bytes: 2 ** 54 }, 'memory_used_bytes', /below 2\^53/],
  ])('rejects a segment %s', (_name, overrides, field, reason) => {
    const r = rejection(segment(overrides));
    expect(r).toMatchObject({ index: 3, field });
    expect(r?.reason).toMatch(reason);
  });

  it('keeps every field of a valid segment', () => {
    const s = accepted(
      segment({
        gpu_utilization: 0.5,
        memory_used_bytes: 1024,
        labels: { team: 'ml' },
        workload_fingerprint: 'sha256:ab',
      }),
    );
    expect(s).toEqual({
      index: 0,
      tenantId: 'tenant-a',
      allocationId: 'pod-1',
      gpuUuids: ['GPU-1'],
      startMs: now - 60_000,
      endMs: now,
      gpuUtilization: 0.5,
      memoryUsedBytes: 1024,
      source: 'kubernetes',
      workloadFingerprint: 'sha256:ab',
      labels: { team: 'ml' },
    });
  });

  it('keeps the GPU shares, in the order of the GPUs', () => {
    const s = accepted(segment({ gpu_uuids: ['GPU-1', 'GPU-2'], gpu_shares: [0.5, 0.25] }));
    expect(s.gpuShares).toEqual([0.5, 0.25]);
    expect(accepted(segment()).gpuShares).toBeUndefined();
  });

  it('treats absent optional fields as unknown, not zero', () => {
    const s = accepted(segment({ gpu_utilization: null, memory_used_bytes: null }));
    expect(s.gpuUtilization).toBeUndefined();
    expect(s.memoryUsedBytes).toBeUndefined();
  });
});

describe('validateSegments', () => {
  it('rejects a bad segment alone, by its index, and keeps the rest in order', () => {
    const { valid, rejected } = validateSegments(
      [segment({ allocation_id: 'a' }), segment({ gpu_utilization: 1.7 }), segment({ allocation_id: 'c' })],
      limits,
      now,
    );
    expect(valid.map((s) => [s.index, s.allocationId])).toEqual([
      [0, 'a'],
      [2, 'c'],
    ]);
    expect(rejected).toEqual([{ index: 1, field: 'gpu_utilization', reason: 'expected 0..1, got 1.7' }]);
  });
});

describe('checkBatchEnvelope', () => {
  const mib4 = 4 * 1024 * 1024;
  it.each([
    [mib4, 10_000, undefined],
    [mib4 - 1, 9_999, undefined],
    [mib4 + 1, 1, /batch of 4194305 bytes exceeds the limit of 4194304 bytes \(--max-batch-bytes\)/],
    [100, 10_001, /batch of 10001 segments exceeds the limit of 10000 segments \(--max-batch-segments\)/],
  ])('%d bytes, %d segments', (bytes, count, expected) => {
    const problem = checkBatchEnvelope(bytes, count, limits);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describe('validateHello', () => {
  const hello: IHello = {
    agent_id: 'node-1',
    spool_id: 'spool-1',
    cluster: 'c',
    site: 's',
    agent_version: '1.0',
    gpus: [
      { uuid: 'GPU-1', name: 'NVIDIA H100 80GB HBM3', pci_device_id: '0x233010DE', memory_total_bytes: 85e9 },
    ],
  };

  it('accepts a well-formed hello', () => expect(validateHello(hello, limits)).toEqual([]));

  it('lists every problem, naming each field', () => {
    const problems = validateHello(
      {
        ...hello,
        agent_id: '',
        spool_id: 'x{y',
        gpus: [{ uuid: 'GPU-1' }, { uuid: 'GPU-1' }, { uuid: '', parent_uuid: 'a}b' }],
      },
      limits,
    );
    expect(problems.map((p) => `${p.field}: ${p.reason}`)).toEqual([
      'hello.agent_id: expected a non-empty id, got ""',
      'hello.spool_id: expected no "{" or "}", got "x{y"',
      'hello.gpus[1].uuid: expected each GPU once, got "GPU-1" again',
      'hello.gpus[2].uuid: expected a non-empty id, got ""',
      'hello.gpus[2].parent_uuid: expected no "{" or "}", got "a}b"',
    ]);
  });

  it('bounds the inventory', () => {
    const gpus = Array.from({ length: limits.maxGpusPerHello + 1 }, (_, i) => ({ uuid: `GPU-${i}` }));
    expect(validateHello({ ...hello, gpus }, limits)).toEqual([
      {
        field: 'hello.gpus',
        reason: `expected at most ${limits.maxGpusPerHello} GPUs, got ${limits.maxGpusPerHello + 1}`,
      },
    ]);
  });
});
