import { describe, expect, it } from 'vitest';
import { decodeAuditEntry, encodeSegmentFrame } from '../../../collector/storage/audit-record.js';
import { seg, t } from '../usage-fixtures.js';

describe('audit records', () => {
  it.each([
    { name: 'a plain segment', fields: {} },
    { name: 'no utilization or memory', fields: { gpuUtilization: undefined, memoryUsedBytes: undefined } },
    {
      name: 'quotes, control characters and non-ASCII text',
      fields: {
        tenantId: 'ten"ant\\x',
        allocationId: 'job\n1\u2028',
        source: 'lease-file',
        workloadFingerprint: '',
        labels: { 'k"ey': 'välue 名', empty: '' },
        gpuUuids: ['MIG-ä', 'GPU-"q"'],
      },
    },
    { name: 'shares of GPUs', fields: { gpuUuids: ['GPU-a', 'GPU-b'], gpuShares: [0.25, 1] } },
  ])('round-trips $name through the entry format', ({ fields }) => {
    const s = seg({ startMs: t('2026-01-31T10:00:00Z'), endMs: t('2026-01-31T10:01:00Z'), ...fields });
    const payload = Buffer.concat([encodeSegmentFrame(s), encodeSegmentFrame(s)]);
    const [first, second] = decodeAuditEntry([
      Buffer.from('a'),
      Buffer.from('node-"1"'),
      Buffer.from('p'),
      payload,
    ]);
    const expected: Record<string, unknown> = {
      tenant_id: s.tenantId,
      allocation_id: s.allocationId,
      gpu_uuids: s.gpuUuids,
      // Empty when every GPU is whole (the archive writes the field with its default).
      gpu_shares: s.gpuShares ?? [],
      start_unix_ms: s.startMs,
      end_unix_ms: s.endMs,
      source: s.source,
      workload_fingerprint: s.workloadFingerprint,
      labels: s.labels,
      agent_id: 'node-"1"',
    };
    if (s.gpuUtilization !== undefined) expected.gpu_utilization = s.gpuUtilization;
    if (s.memoryUsedBytes !== undefined) expected.memory_used_bytes = s.memoryUsedBytes;
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
  });

  it('refuses an entry without a payload', () => {
    expect(() => decodeAuditEntry([Buffer.from('a'), Buffer.from('x')])).toThrow(/no "p" field/);
  });
});
