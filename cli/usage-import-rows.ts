/**
 * The rows of a `gpuwatch usage import` file (docs/design.md §9): CSV with a header or JSONL, one
 * row per allocation piece. Each row is checked on its own; a bad one becomes a RowProblem naming
 * its line, field, value and what was expected, and the others go on.
 */
import { chipTable } from '../common/chips/chip-table.js';
import type { ChipModel, ControlClass } from '../common/chips/chip-model.js';
import { quote } from '../common/errors.js';
import { checkId, checkText } from '../common/field-checks.js';
import { wireLimitDefaults } from '../common/wire-limits.js';

/** Limits on one row. */
export const importRowLimits = Object.freeze({
  /** GPUs of one row: the collector's default per segment. */
  maxGpus: 256,
  /** Characters of one line of the file. */
  maxLineChars: 64 * 1024,
  /** Longest row: 400 days, the collector's default --max-segment-age. */
  maxRowMs: 400 * 86_400_000,
});

/** A chip as the import sends it: what its hello inventory names, and how it is classified. */
export interface ImportChip {
  /** Canonical model of the chip table, e.g. "H100 SXM". */
  readonly model: string;
  readonly controlClass: ControlClass;
  /** Product name for the hello, as NVML reports it. */
  readonly gpuName: string;
  /** PCI id for the hello ("0x233010DE"), "" where the table knows none. */
  readonly pciDeviceId: string;
}

/** One valid row. */
export interface ImportRow {
  /** 1-based line of the file (JSONL) or of the record's first line (CSV). */
  readonly line: number;
  readonly tenantId: string;
  readonly allocationId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly gpus: number;
  readonly chip: ImportChip;
  /** "" when not given. */
  readonly node: string;
  /** Given uuids (as many as `gpus`), or undefined: the import makes them up. */
  readonly gpuUuids: readonly string[] | undefined;
  readonly workloadFingerprint: string;
  readonly source: string;
}

/** A refused row: where, which field, and `expected …, got …`. */
export interface RowProblem {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

export const importFields = [
  'tenant_id',
  'allocation_id',
  'start',
  'end',
  'gpus',
  'chip',
  'node',
  'gpu_uuids',
  'workload_fingerprint',
  'source',
] as const;

const requiredFields = ['tenant_id', 'allocation_id', 'start', 'end', 'gpus', 'chip'] as const;

function normalize(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toUpperCase();
}

function importChip(chip: ChipModel, name?: string): ImportChip {
  const id = chip.pciDeviceIds[0];
  return {
    model: chip.model,
    controlClass: chip.controlClass,
    gpuName: name ?? chip.names[0] ?? chip.model,
    pciDeviceId: id === undefined ? '' : `${id}${chip.pciVendorId.replace(/^0x/i, '')}`,
  };
}

const chipsByKey = new Map<string, ImportChip>();
{
  const nameCount = new Map<string, number>();
  for (const chip of chipTable)
    for (const n of chip.names) nameCount.set(normalize(n), (nameCount.get(normalize(n)) ?? 0) + 1);
  for (const chip of chipTable) {
    chipsByKey.set(normalize(chip.model), importChip(chip));
    // A product name shared by two models does not decide the model: it is not accepted.
    for (const n of chip.names)
      if (nameCount.get(normalize(n)) === 1) chipsByKey.set(normalize(n), importChip(chip, n));
  }
}

/** The chip a row names: an NVML product name or a chip-table model, case and spacing ignored. */
export function resolveChip(text: string): ImportChip | undefined {
  return chipsByKey.get(normalize(text));
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 with a zone, or Unix milliseconds (digits, or a JSON number); undefined otherwise. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if (/^\d{1,16}$/.test(t)) {
    const ms = Number(t);
    return ms > 0 ? ms : undefined;
  }
  if (!rfc3339.test(t)) return undefined;
  const ms = Date.parse(t.replace(' ', 'T'));
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** A CSV `gpu_uuids` cell: uuids separated by ";", "," or white space. */
function splitUuids(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return value.split(/[;,\s]+/).filter((u) => u !== '');
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Checks one row, given as field → value (CSV cells are strings; JSONL values may be numbers or,
 * for gpu_uuids, an array). Returns the row or its first problem.
 */
export function parseRow(record: Readonly<Record<string, unknown>>, line: number): ImportRow | RowProblem {
  const problem = (field: string, reason: string): RowProblem => ({ line, field, reason });
  for (const field of requiredFields) {
    const v = record[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      return problem(field, `expected a value, got none`);
    }
  }
  const maxId = wireLimitDefaults.maxIdChars;
  const id = (field: string): string | RowProblem => {
    const value = text(record[field]);
    if (value === undefined) return problem(field, `expected a string, got ${quote(record[field])}`);
    const p = checkId(value, maxId);
    return p === undefined ? value : problem(field, p);
  };
  const tenantId = id('tenant_id');
  if (typeof tenantId !== 'string') return tenantId;
  const allocationId = id('allocation_id');
  if (typeof allocationId !== 'string') return allocationId;

  const startMs = parseTime(record.start);
  if (startMs === undefined) {
    return problem(
      'start',
      `expected an RFC 3339 time with a zone or Unix milliseconds, got ${quote(record.start)}`,
    );
  }
  const endMs = parseTime(record.end);
  if (endMs === undefined) {
    return problem(
      'end',
      `expected an RFC 3339 time with a zone or Unix milliseconds, got ${quote(record.end)}`,
    );
  }
  if (endMs <= startMs) {
    return problem(
      'end',
      `expected after start ${new Date(startMs).toISOString()}, got ${quote(record.end)}`,
    );
  }
  if (endMs - startMs > importRowLimits.maxRowMs) {
    return problem(
      'end',
      `expected at most 400 days after start, got ${((endMs - startMs) / 86_400_000).toFixed(1)} days`,
    );
  }

  const gpusText = text(record.gpus) ?? '';
  const gpus = /^\d+$/.test(gpusText) ? Number(gpusText) : Number.NaN;
  if (!(gpus >= 1 && gpus <= importRowLimits.maxGpus)) {
    return problem(
      'gpus',
      `expected a whole number 1..${importRowLimits.maxGpus}, got ${quote(record.gpus)}`,
    );
  }

  const chipText = text(record.chip) ?? '';
  const chip = resolveChip(chipText);
  if (chip === undefined) {
    return problem(
      'chip',
      `expected an NVML product name (e.g. "NVIDIA H100 80GB HBM3") or a chip-table model (e.g. "H100 SXM"), got ${quote(record.chip)}`,
    );
  }

  // Node and source name the import's pseudo-agent (`import:node:…`), whose id has the
  // collector's limit of 256 characters.
  let node = '';
  if (record.node !== undefined && record.node !== null && record.node !== '') {
    const n = text(record.node);
    const p = n === undefined ? `expected a string, got ${quote(record.node)}` : checkId(n, 200);
    if (p !== undefined) return problem('node', p);
    node = n ?? '';
  }

  let gpuUuids: string[] | undefined;
  const rawUuids = record.gpu_uuids;
  if (rawUuids !== undefined && rawUuids !== null && rawUuids !== '') {
    const list = splitUuids(rawUuids);
    if (list === undefined) {
      return problem(
        'gpu_uuids',
        `expected uuids separated by ";" (or a JSON array of strings), got ${quote(rawUuids)}`,
      );
    }
    if (list.length !== gpus) {
      return problem('gpu_uuids', `expected ${gpus} uuids (gpus), got ${list.length}`);
    }
    for (const [i, uuid] of list.entries()) {
      const p = checkId(uuid, maxId);
      if (p !== undefined) return problem(`gpu_uuids[${i}]`, p);
      if (list.indexOf(uuid) < i)
        return problem(`gpu_uuids[${i}]`, `expected each GPU once, got ${quote(uuid)} again`);
    }
    gpuUuids = list;
  }

  const maxText = wireLimitDefaults.maxTextChars;
  const fingerprint = text(record.workload_fingerprint);
  const fpProblem =
    fingerprint === undefined
      ? `expected a string, got ${quote(record.workload_fingerprint)}`
      : checkText(fingerprint, maxText);
  if (fpProblem !== undefined) return problem('workload_fingerprint', fpProblem);
  const sourceText = text(record.source);
  const source = sourceText === undefined || sourceText === '' ? 'import' : sourceText;
  const sourceProblem =
    sourceText === undefined ? `expected a string, got ${quote(record.source)}` : checkId(source, 64);
  if (sourceProblem !== undefined) return problem('source', sourceProblem);

  return {
    line,
    tenantId,
    allocationId,
    startMs,
    endMs,
    gpus,
    chip,
    node,
    gpuUuids,
    workloadFingerprint: fingerprint ?? '',
    source,
  };
}

/** Splits one CSV record (RFC 4180: quoted cells may hold commas, quotes doubled). */
export function splitCsvLine(line: string): string[] | undefined {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      if (i === line.length) return cells;
      if (line[i] !== ',') return undefined;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

export type ImportFormat = 'csv' | 'jsonl';

/** CSV or JSONL: by the file's extension, else by its first non-blank character (`{`: JSONL). */
export function detectFormat(fileName: string, head: string): ImportFormat {
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return head.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** What a file parsed to: its rows and the problems of the rest, in line order. */
export interface ParsedRows {
  readonly rows: ImportRow[];
  readonly problems: RowProblem[];
  /** Non-blank records read (header excluded). */
  readonly records: number;
}

/** Thrown when the file as a whole cannot be read as the format (a CSV header without tenant_id …). */
export class ImportFileError extends Error {}

/**
 * Parses a whole file. A CSV header must name the required columns and no unknown ones; blank
 * lines are skipped. `onRecord` is called after each record (for progress).
 */
export function parseRows(
  content: string,
  format: ImportFormat,
  onRecord?: (records: number) => void,
): ParsedRows {
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  let records = 0;
  const lines = content.split('\n');
  let header: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    if (raw.trim() === '') continue;
    if (raw.length > importRowLimits.maxLineChars) {
      if (header === undefined && format === 'csv')
        throw new ImportFileError(`line 1: header longer than ${importRowLimits.maxLineChars} characters`);
      records++;
      problems.push({
        line: lineNo,
        field: 'line',
        reason: `expected at most ${importRowLimits.maxLineChars} characters, got ${raw.length}`,
      });
      continue;
    }
    if (format === 'csv' && header === undefined) {
      const cells = splitCsvLine(raw.replace(/^\uFEFF/, ''));
      if (cells === undefined) throw new ImportFileError(`line ${lineNo}: header is not valid CSV`);
      header = cells.map((c) => c.trim().toLowerCase());
      const unknown = header.filter((h) => !(importFields as readonly string[]).includes(h));
      const missing = requiredFields.filter((f) => !header?.includes(f));
      if (unknown.length > 0 || missing.length > 0) {
        throw new ImportFileError(
          `line ${lineNo}: expected a header naming ${requiredFields.join(', ')} (optional: node, gpu_uuids, workload_fingerprint, source)` +
            `${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${unknown.length > 0 ? `; unknown ${unknown.map((u) => quote(u)).join(', ')}` : ''}`,
        );
      }
      continue;
    }
    records++;
    let record: Record<string, unknown>;
    if (format === 'csv') {
      const cells = splitCsvLine(raw);
      const columns = header ?? [];
      if (cells === undefined || cells.length !== columns.length) {
        problems.push({
          line: lineNo,
          field: 'line',
          reason:
            cells === undefined
              ? 'expected a CSV record, got an unterminated quote'
              : `expected ${columns.length} cells (as the header), got ${cells.length}`,
        });
        continue;
      }
      record = {};
      for (const [c, name] of columns.entries()) record[name] = cells[c];
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (err: unknown) {
        problems.push({
          line: lineNo,
          field: 'line',
          reason: `expected a JSON object, got invalid JSON: ${(err as Error).message}`,
        });
        continue;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push({ line: lineNo, field: 'line', reason: `expected a JSON object, got ${quote(raw)}` });
        continue;
      }
      record = parsed as Record<string, unknown>;
      const unknown = Object.keys(record).find((k) => !(importFields as readonly string[]).includes(k));
      if (unknown !== undefined) {
        problems.push({
          line: lineNo,
          field: unknown,
          reason: `expected one of ${importFields.join(', ')}, got unknown field ${quote(unknown)}`,
        });
        continue;
      }
    }
    const row = parseRow(record, lineNo);
    if ('reason' in row) problems.push(row);
    else rows.push(row);
    onRecord?.(records);
  }
  if (format === 'csv' && header === undefined)
    throw new ImportFileError('expected a CSV header line, got an empty file');
  return { rows, problems, records };
}
