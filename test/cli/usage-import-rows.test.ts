import { describe, expect, it } from 'vitest';
import { chipTable } from '../../common/chips/chip-table.js';
import { classify } from '../../common/chips/chips.js';
import {
  detectFormat,
  ImportFileError,
  parseRows,
  parseTime,
  resolveChip,
  splitCsvLine,
} from '../../cli/usage-import-rows.js';

const header = 'tenant_id,allocation_id,start,end,gpus,chip';

describe('resolveChip', () => {
  it.each(chipTable.map((c) => [c.model]))(
    'gives %s a hello the collector classifies as that model',
    (model) => {
      const chip = resolveChip(model);
      expect(chip?.model).toBe(model);
      expect(classify(chip?.gpuName ?? '', chip?.pciDeviceId ?? '', 0).model).toBe(model);
    },
  );

  it('takes NVML product names, ignoring case and spacing, and refuses unknown chips', () => {
    expect(resolveChip('NVIDIA H100 80GB HBM3')?.model).toBe('H100 SXM');
    expect(resolveChip('  nvidia   h100 80gb hbm3 ')?.model).toBe('H100 SXM');
    expect(resolveChip('h100 sxm')).toMatchObject({ model: 'H100 SXM', pciDeviceId: '0x233010DE' });
    expect(resolveChip('Z9000')).toBeUndefined();
  });
});

describe('parseTime', () => {
  it.each([
    ['2026-01-02T03:04:05Z', Date.UTC(2026, 0, 2, 3, 4, 5)],
    ['2026-01-02T03:04:05.250+01:00', Date.UTC(2026, 0, 2, 2, 4, 5, 250)],
    ['2026-01-02 03:04Z', Date.UTC(2026, 0, 2, 3, 4)],
    ['1767323045000', 1767323045000],
    [1767323045000, 1767323045000],
  ])('reads %s', (text, ms) => expect(parseTime(text)).toBe(ms));

  it.each([['2026-01-02T03:04:05'], ['2026-01-02'], ['yesterday'], ['0'], [-5], [1.5], ['']])(
    'refuses %s',
    (text) => expect(parseTime(text)).toBeUndefined(),
  );
});

describe('splitCsvLine', () => {
  it('reads quoted cells with commas and doubled quotes', () => {
    expect(splitCsvLine('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
    expect(splitCsvLine('a,"open')).toBeUndefined();
  });
});

describe('detectFormat', () => {
  it('uses the extension, else the first character', () => {
    expect(detectFormat('x.jsonl', 'tenant_id')).toBe('jsonl');
    expect(detectFormat('x.csv', '{')).toBe('csv');
    expect(detectFormat('-', '  {"a":1}')).toBe('jsonl');
    expect(detectFormat('-', 'tenant_id,')).toBe('csv');
  });
});

describe('parseRows', () => {
  it('reads CSV rows and reports each bad one with its line, field and what was expected', () => {
    const csv = [
      `${header},node,gpu_uuids,source`,
      'acme,j1,2026-01-01T00:00:00Z,2026-01-01T02:30:00Z,2,H100 SXM,n1,GPU-a;GPU-b,slurm',
      '',
      'acme,j2,1767225600000,1767229200000,1,A100,,,',
      'acme,,1767225600000,1767229200000,1,A100,,,',
      'acme,j3,1767229200000,1767225600000,1,A100,,,',
      'acme,j4,1767225600000,1767229200000,2,A100,,GPU-a,',
      'acme,j5,1767225600000,1767229200000,1,A100,,,',
      'acme,j6,1767225600000,1767229200000,x,A100,,,',
      'acme,j7,1767225600000,1767229200000,1,A100,"{bad}",,',
    ].join('\n');
    const parsed = parseRows(csv, 'csv');
    expect(parsed.records).toBe(8);
    expect(parsed.rows.map((r) => [r.line, r.allocationId, r.gpus, r.source, r.node, r.gpuUuids])).toEqual([
      [2, 'j1', 2, 'slurm', 'n1', ['GPU-a', 'GPU-b']],
      [4, 'j2', 1, 'import', '', undefined],
      [8, 'j5', 1, 'import', '', undefined],
    ]);
    expect(parsed.problems).toEqual([
      { line: 5, field: 'allocation_id', reason: 'expected a value, got none' },
      { line: 6, field: 'end', reason: 'expected after start 2026-01-01T01:00:00.000Z, got "1767225600000"' },
      { line: 7, field: 'gpu_uuids', reason: 'expected 2 uuids (gpus), got 1' },
      { line: 9, field: 'gpus', reason: 'expected a whole number 1..256, got "x"' },
      { line: 10, field: 'node', reason: 'expected no "{" or "}", got "{bad}"' },
    ]);
  });

  it('reads JSONL, with numbers, arrays and unknown fields reported', () => {
    const jsonl = [
      JSON.stringify({
        tenant_id: 't',
        allocation_id: 'a',
        start: 1767225600000,
        end: 1767229200000,
        gpus: 2,
        chip: 'NVIDIA H100 80GB HBM3',
        gpu_uuids: ['GPU-1', 'GPU-2'],
      }),
      '{"tenant_id": "t",',
      JSON.stringify({
        tenant_id: 't',
        allocation_id: 'b',
        start: 1767225600000,
        end: 1767229200000,
        gpus: 1,
        chip: 'A100',
        colour: 'red',
      }),
      JSON.stringify([1]),
    ].join('\n');
    const parsed = parseRows(jsonl, 'jsonl');
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]?.gpuUuids).toEqual(['GPU-1', 'GPU-2']);
    expect(parsed.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'line'],
      [3, 'colour'],
      [4, 'line'],
    ]);
  });

  it('refuses a CSV header without the required columns or with unknown ones', () => {
    expect(() => parseRows('tenant_id,allocation_id,start,end,gpus,colour\n', 'csv')).toThrow(
      ImportFileError,
    );
    expect(() => parseRows('tenant_id,allocation_id,start,end,gpus,colour\n', 'csv')).toThrow(
      'line 1: expected a header naming tenant_id, allocation_id, start, end, gpus, chip (optional: node, gpu_uuids, workload_fingerprint, source); missing chip; unknown "colour"',
    );
    expect(() => parseRows('\n\n', 'csv')).toThrow('expected a CSV header line');
  });
});
