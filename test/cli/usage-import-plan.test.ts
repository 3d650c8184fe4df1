import { describe, expect, it } from 'vitest';
import { parseRows, type ImportRow } from '../../cli/usage-import-rows.js';
import {
  agentIdOf,
  hourPieces,
  importPlanLimits,
  pieceSegment,
  planImport,
  spoolIdOf,
  syntheticGpuUuid,
} from '../../cli/usage-import-plan.js';
import { pb } from '../../common/proto.js';

const h = 3_600_000;
const t0 = Date.UTC(2026, 0, 1);

function rows(lines: string[]): ImportRow[] {
  const parsed = parseRows(
    ['tenant_id,allocation_id,start,end,gpus,chip,node,gpu_uuids', ...lines].join('\n'),
    'csv',
  );
  expect(parsed.problems).toEqual([]);
  return parsed.rows;
}

describe('hourPieces', () => {
  it('cuts at UTC hour edges', () => {
    expect(hourPieces(t0 + 0.5 * h, t0 + 3.25 * h)).toEqual([
      [t0 + 0.5 * h, t0 + h],
      [t0 + h, t0 + 2 * h],
      [t0 + 2 * h, t0 + 3 * h],
      [t0 + 3 * h, t0 + 3.25 * h],
    ]);
    expect(hourPieces(t0, t0 + h)).toEqual([[t0, t0 + h]]);
  });
});

describe('planImport', () => {
  it('splits a row spanning hours, names its GPUs in the hello, and numbers batches 1, 2, 3', () => {
    const plan = planImport(rows([`a,j1,${t0 + 0.5 * h},${t0 + 2.5 * h},2,H100 SXM,n1,`]), 'spool-x', 'v');
    expect(plan.pieces).toBe(3);
    expect(plan.agents).toHaveLength(1);
    const agent = plan.agents[0];
    expect(agent?.agentId).toBe('import:node:n1');
    const stream = agent?.streams[0];
    const uuids = [0, 1].map((i) => syntheticGpuUuid('import:node:n1', 'j1', 'H100 SXM', i));
    expect(stream?.hello).toMatchObject({ agent_id: 'import:node:n1', spool_id: 'spool-x' });
    expect(stream?.hello.gpus).toEqual([
      { uuid: uuids[0], index: 0, name: 'NVIDIA H100 80GB HBM3', pci_device_id: '0x233010DE' },
      { uuid: uuids[1], index: 1, name: 'NVIDIA H100 80GB HBM3', pci_device_id: '0x233010DE' },
    ]);
    expect(stream?.batches.map((b) => b.seq)).toEqual([1]);
    expect(stream?.batches[0]?.pieces.map((p) => pieceSegment(p))).toEqual(
      [
        [t0 + 0.5 * h, t0 + h],
        [t0 + h, t0 + 2 * h],
        [t0 + 2 * h, t0 + 2.5 * h],
      ].map(([s, e]) => ({
        tenant_id: 'a',
        allocation_id: 'j1',
        gpu_uuids: uuids,
        start_unix_ms: s,
        end_unix_ms: e,
        source: 'import',
        workload_fingerprint: '',
        labels: { node: 'n1' },
      })),
    );
  });

  it('is the same plan, byte for byte, every time', () => {
    const input = [`a,j1,${t0},${t0 + 5 * h},1,A100,,`, `b,j2,${t0},${t0 + 2 * h},3,L40S,n2,`];
    const encode = (): string[] =>
      planImport(rows(input), spoolIdOf('file'), 'v').agents.flatMap((a) =>
        a.streams.flatMap((s) =>
          s.batches.map((b) =>
            Buffer.from(
              pb.UsageBatch.encode({ seq: b.seq, segments: b.pieces.map((p) => pieceSegment(p)) }).finish(),
            ).toString('hex'),
          ),
        ),
      );
    expect(encode()).toEqual(encode());
    expect(spoolIdOf('file')).toBe(spoolIdOf(Buffer.from('file')));
    expect(spoolIdOf('file')).not.toBe(spoolIdOf('file2'));
  });

  it('sorts the rows of an allocation by start and refuses overlapping ones with both lines', () => {
    const plan = planImport(
      rows([
        `a,j1,${t0 + 2 * h},${t0 + 3 * h},1,A100,n1,`,
        `a,j1,${t0},${t0 + h},1,A100,n1,`,
        `a,j1,${t0 + 0.5 * h},${t0 + 1.5 * h},1,A100,n1,`,
        `a,j1,${t0 + 0.5 * h},${t0 + 1.5 * h},1,A100,n2,`,
      ]),
      's',
      'v',
    );
    expect(plan.problems).toEqual([
      {
        line: 4,
        field: 'start',
        reason:
          'expected at or after 2026-01-01T01:00:00.000Z, the end of line 3 of the same allocation "j1" (rows of one allocation must not overlap), got 2026-01-01T00:30:00.000Z',
      },
    ]);
    const n1 = plan.agents.find((a) => a.agentId === 'import:node:n1');
    expect(n1?.streams[0]?.batches[0]?.pieces.map((p) => p.row.line)).toEqual([3, 2]);
  });

  it('refuses a given uuid that an earlier line gave another chip', () => {
    const plan = planImport(
      rows([`a,j1,${t0},${t0 + h},1,A100,n1,GPU-x`, `a,j2,${t0},${t0 + h},1,H100 SXM,n1,GPU-x`]),
      's',
      'v',
    );
    expect(plan.problems).toEqual([
      {
        line: 3,
        field: 'gpu_uuids[0]',
        reason: 'expected chip "A100" for "GPU-x" (as on line 2), got "H100 SXM"',
      },
    ]);
  });

  it('spreads rows without a node over eight pseudo-agents by allocation, and a hello over streams', () => {
    const many = Array.from({ length: 200 }, (_, i) => `a,j${i},${t0},${t0 + h},256,A100,,`);
    const plan = planImport(rows(many), 's', 'v');
    const ids = new Set(plan.agents.map((a) => a.agentId));
    expect([...ids].every((id) => /^import:source:import:[0-7]$/.test(id))).toBe(true);
    expect(agentIdOf({ node: '', source: 'import', allocationId: 'j1' })).toBe(
      agentIdOf({ node: '', source: 'import', allocationId: 'j1' }),
    );
    for (const agent of plan.agents) {
      for (const s of agent.streams)
        expect(s.hello.gpus?.length).toBeLessThanOrEqual(importPlanLimits.maxGpusPerHello);
      const seqs = agent.streams.flatMap((s) => s.batches.map((b) => b.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    expect(plan.agents.reduce((n, a) => n + a.streams.length, 0)).toBeGreaterThan(plan.agents.length);
  });
});
