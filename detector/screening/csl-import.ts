/**
 * The US Consolidated Screening List (CSL) in its CSV and JSON forms (docs/reference/README.md,
 * "Screening list format") → one {@link ScreeningEntry} model. A bad row is reported with its line
 * (CSV) or index (JSON) and the problem; the other rows are kept. Each entry keeps the text it
 * came from, for evidence.
 *
 * CSV: RFC 4180 (quoted fields may hold commas, newlines and doubled quotes; CRLF or LF; a UTF-8
 * BOM is skipped), the CSL header (`_id,source,entity_number,type,programs,name,…`; columns are
 * found by name, so extra or reordered columns are fine). List-valued cells are `;`-separated;
 * an address is `address, city, state, postal_code, country` (the last part is the country when
 * it is a two-letter code; the city is the fourth part from the end when there are five parts);
 * an id is `type, number[, country]`.
 *
 * JSON: `{"results": [...]}` or an array of entries with `id` or `_id`, `source`, `type`, `name`,
 * `alt_names[]`, `addresses[]` (`{address, city, state, postal_code, country}`), `ids[]`
 * (`{type, number, country}`), `programs[]`, `start_date`, `remarks`, `nationalities[]`,
 * `citizenships[]`.
 */
import { ValidationError, quote } from '../../common/errors.js';

/** Entry types of the CSL; "" when the list leaves it empty. */
export type ScreeningEntryType = 'Entity' | 'Individual' | 'Vessel' | 'Aircraft' | '';

export interface ScreeningAddress {
  /** ISO 3166-1 alpha-2, upper case; "" when unknown. */
  readonly country: string;
  readonly city: string;
  /** The whole address as on the list. */
  readonly text: string;
}

export interface ScreeningId {
  readonly type: string;
  readonly number: string;
  /** ISO 3166-1 alpha-2 of the issuer; "" when unknown. */
  readonly country: string;
}

/** One party on the screening list. */
export interface ScreeningEntry {
  /** The list's key (`_id` / `id`), or `entity_number` when the list gives no key. */
  readonly id: string;
  /** The list it comes from, e.g. "Entity List (EL) - Bureau of Industry and Security". */
  readonly source: string;
  readonly type: ScreeningEntryType;
  readonly name: string;
  readonly altNames: readonly string[];
  readonly addresses: readonly ScreeningAddress[];
  readonly ids: readonly ScreeningId[];
  readonly programs: readonly string[];
  /** Nationalities and citizenships of an individual (as on the list, upper case when codes). */
  readonly countries: readonly string[];
  /** "YYYY-MM-DD" as on the list; "" when absent. */
  readonly startDate: string;
  readonly remarks: string;
  /** The CSV record or the JSON object it was read from. */
  readonly originalText: string;
}

/** A row that was not imported: where it is and why. */
export interface ImportProblem {
  /** 1-based line where the CSV record starts; for JSON, the entry's index in the array. */
  readonly line?: number;
  readonly index?: number;
  /** `line 7` or `results[3]`, ready to print after the file name. */
  readonly where: string;
  readonly reason: string;
}

/** The forms of the Consolidated Screening List that can be read. */
export const cslFormats = Object.freeze(['csv', 'json'] as const);
export type CslFormat = (typeof cslFormats)[number];

export interface ImportResult {
  readonly format: CslFormat;
  readonly entries: readonly ScreeningEntry[];
  readonly problems: readonly ImportProblem[];
}

/** True for an entry on the BIS Entity List (the rule raises it to critical with controlled chips). */
export function isEntityListEntry(entry: Pick<ScreeningEntry, 'source'>): boolean {
  return /entity list/i.test(entry.source);
}

// ── CSV ─────────────────────────────────────────────────────────────────────

/** One CSV record: its cells, the line it starts on, its text, and a parse problem if any. */
export interface CsvRecord {
  readonly cells: readonly string[];
  readonly line: number;
  readonly text: string;
  readonly problem?: string;
}

/**
 * RFC 4180 records of `text`. A quote inside an unquoted field is taken literally (lists do
 * that); a closing quote followed by anything but a separator, or a quote left open at the end,
 * is a problem of that record. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const start = i;
    const cells: string[] = [];
    let problem: string | undefined;
    let cell = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (i < n && text[i] === '"') {
        // Quoted field.
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (!closed) {
          problem ??= `quoted field opened on line ${startLine} is never closed`;
        } else if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          problem ??= `expected "," or end of line after a closing quote, got ${quote(text[i])}`;
          // Skip to the next separator so the rest of the file still parses.
          while (i < n && text[i] !== ',' && text[i] !== '\n') i++;
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
      }
      cells.push(cell);
      cell = '';
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      endOfRecord = true;
    }
    const recordText = text.slice(start, i).replace(/\r?\n$/, '');
    if (cells.length === 1 && cells[0] === '' && problem === undefined) continue;
    records.push({ cells, line: startLine, text: recordText, ...(problem !== undefined ? { problem } : {}) });
  }
  return records;
}

/** The CSL CSV header (reference README). */
export const cslCsvHeader: readonly string[] = Object.freeze(
  '_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids'.split(
    ',',
  ),
);

const entryTypes: Readonly<Record<string, ScreeningEntryType>> = {
  entity: 'Entity',
  individual: 'Individual',
  vessel: 'Vessel',
  aircraft: 'Aircraft',
  '': '',
};

function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const countryCode = /^[A-Za-z]{2}$/;

function parseCsvAddress(text: string): ScreeningAddress {
  const parts = text.split(',').map((p) => p.trim());
  const last = parts[parts.length - 1] ?? '';
  const country = parts.length > 1 && countryCode.test(last) ? last.toUpperCase() : '';
  const city = parts.length >= 5 ? (parts[parts.length - 4] ?? '') : '';
  return { country, city, text: text.trim() };
}

function parseCsvId(text: string): ScreeningId {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 1) return { type: '', number: parts[0] ?? '', country: '' };
  const third = parts[2] ?? '';
  return {
    type: parts[0] ?? '',
    number: parts[1] ?? '',
    country: countryCode.test(third) ? third.toUpperCase() : '',
  };
}

/** Parses the CSV form. Throws only when the header lacks the columns every entry needs. */
export function parseCslCsv(text: string): ImportResult {
  const records = parseCsv(text);
  const header = records.shift();
  const problems: ImportProblem[] = [];
  const entries: ScreeningEntry[] = [];
  if (header === undefined) return { format: 'csv', entries, problems };
  const columns = header.cells.map((c) => c.trim());
  const col = new Map(columns.map((c, i) => [c, i]));
  const missing = ['name', 'source'].filter((c) => !col.has(c));
  if (!col.has('_id') && !col.has('id') && !col.has('entity_number')) missing.unshift('_id');
  if (missing.length > 0) {
    throw new ValidationError([
      {
        field: `line ${header.line}`,
        reason: `header lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => quote(m)).join(', ')}; expected the CSL header (${cslCsvHeader.slice(0, 6).join(',')},…), got ${quote(header.text, 120)}`,
      },
    ]);
  }
  const seen = new Set<string>();
  for (const record of records) {
    const where = `line ${record.line}`;
    const reject = (reason: string): void => {
      problems.push({ line: record.line, where, reason });
    };
    if (record.problem !== undefined) {
      reject(record.problem);
      continue;
    }
    if (record.cells.length !== columns.length) {
      reject(`expected ${columns.length} cells as in the header, got ${record.cells.length}`);
      continue;
    }
    const get = (name: string): string => {
      const index = col.get(name);
      return index === undefined ? '' : (record.cells[index] ?? '').trim();
    };
    const result = buildEntry(
      {
        id: get('_id') || get('id') || get('entity_number'),
        source: get('source'),
        type: get('type'),
        name: get('name'),
        altNames: splitList(get('alt_names')),
        addresses: splitList(get('addresses')).map(parseCsvAddress),
        ids: splitList(get('ids')).map(parseCsvId),
        programs: splitList(get('programs')),
        countries: [...splitList(get('nationalities')), ...splitList(get('citizenships'))],
        startDate: get('start_date'),
        remarks: get('remarks'),
        originalText: record.text,
      },
      seen,
    );
    if (typeof result === 'string') reject(result);
    else entries.push(result);
  }
  return { format: 'csv', entries, problems };
}

/** Checks the fields every entry needs; returns the frozen entry or the problem. */
function buildEntry(
  raw: Omit<ScreeningEntry, 'type'> & { type: string },
  seen: Set<string>,
): ScreeningEntry | string {
  if (raw.id === '') return '_id: expected the entry\'s key (or "entity_number"), got ""';
  if (raw.name === '') return `name: expected the party's name, got "" (entry ${quote(raw.id)})`;
  const type = entryTypes[raw.type.toLowerCase()];
  if (type === undefined)
    return `type: expected one of "Entity", "Individual", "Vessel", "Aircraft", got ${quote(raw.type)}`;
  if (seen.has(raw.id)) return `_id: ${quote(raw.id)} appears more than once; the first one is kept`;
  seen.add(raw.id);
  return Object.freeze({
    ...raw,
    type,
    altNames: Object.freeze(raw.altNames.filter((a) => a !== raw.name)),
    addresses: Object.freeze(raw.addresses.map((a) => Object.freeze(a))),
    ids: Object.freeze(raw.ids.map((x) => Object.freeze(x))),
    programs: Object.freeze([...raw.programs]),
    countries: Object.freeze(raw.countries.map((c) => (countryCode.test(c) ? c.toUpperCase() : c))),
  });
}

// ── JSON ────────────────────────────────────────────────────────────────────

/** Parses the JSON form. Throws when the text is not JSON or holds no list of entries. */
export function parseCslJson(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err: unknown) {
    throw new ValidationError([{ field: 'json', reason: `not JSON: ${(err as Error).message}` }]);
  }
  let items: unknown;
  let path: string;
  if (Array.isArray(parsed)) {
    items = parsed;
    path = '';
  } else if (
    parsed !== null &&
    typeof parsed === 'object' &&
    Array.isArray((parsed as { results?: unknown }).results)
  ) {
    items = (parsed as { results: unknown[] }).results;
    path = 'results';
  } else {
    throw new ValidationError([
      { field: 'json', reason: `expected {"results": [...]} or an array of entries, got ${quote(parsed)}` },
    ]);
  }
  const problems: ImportProblem[] = [];
  const entries: ScreeningEntry[] = [];
  const seen = new Set<string>();
  (items as unknown[]).forEach((item, index) => {
    const where = `${path}[${index}]`;
    const result = jsonEntry(item, seen);
    if (typeof result === 'string') problems.push({ index, where, reason: result });
    else entries.push(result);
  });
  return { format: 'json', entries, problems };
}

class FieldError extends Error {}

const numericFields: ReadonlySet<string> = new Set(['id', '_id', 'entity_number', 'number', 'postal_code']);

function jsonEntry(item: unknown, seen: Set<string>): ScreeningEntry | string {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return `expected an entry object, got ${quote(item)}`;
  const o = item as Record<string, unknown>;
  const str = (field: string, from: Record<string, unknown> = o, prefix = ''): string => {
    const v = from[field];
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v.trim();
    // Keys and id numbers are sometimes written as JSON numbers.
    if (typeof v === 'number' && numericFields.has(field)) return String(v);
    throw new FieldError(`${prefix}${field}: expected a string, got ${quote(v)}`);
  };
  const list = (field: string): unknown[] => {
    const v = o[field];
    if (v === undefined || v === null || v === '') return [];
    if (typeof v === 'string') return splitList(v);
    if (Array.isArray(v)) return v as unknown[];
    throw new FieldError(`${field}: expected an array, got ${quote(v)}`);
  };
  const strings = (field: string): string[] =>
    list(field)
      .map((v, i) => {
        if (typeof v !== 'string') throw new FieldError(`${field}[${i}]: expected a string, got ${quote(v)}`);
        return v.trim();
      })
      .filter((s) => s !== '');
  try {
    const addresses = list('addresses').map((a, i): ScreeningAddress => {
      if (typeof a === 'string') return parseCsvAddress(a);
      if (a === null || typeof a !== 'object')
        throw new FieldError(`addresses[${i}]: expected an object, got ${quote(a)}`);
      const r = a as Record<string, unknown>;
      const at = `addresses[${i}].`;
      const country = str('country', r, at);
      const parts = ['address', 'city', 'state', 'postal_code', 'country'].map((f) => str(f, r, at));
      return {
        country: countryCode.test(country) ? country.toUpperCase() : '',
        city: str('city', r, at),
        text: parts.filter((p) => p !== '').join(', '),
      };
    });
    const ids = list('ids').map((x, i): ScreeningId => {
      if (typeof x === 'string') return parseCsvId(x);
      if (x === null || typeof x !== 'object')
        throw new FieldError(`ids[${i}]: expected an object, got ${quote(x)}`);
      const r = x as Record<string, unknown>;
      const country = str('country', r, `ids[${i}].`);
      return {
        type: str('type', r, `ids[${i}].`),
        number: str('number', r, `ids[${i}].`),
        country: countryCode.test(country) ? country.toUpperCase() : '',
      };
    });
    return buildEntry(
      {
        id: str('id') || str('_id') || str('entity_number'),
        source: str('source'),
        type: str('type'),
        name: str('name'),
        altNames: strings('alt_names'),
        addresses,
        ids,
        programs: strings('programs'),
        countries: [...strings('nationalities'), ...strings('citizenships')],
        startDate: str('start_date'),
        remarks: str('remarks'),
        originalText: JSON.stringify(item),
      },
      seen,
    );
  } catch (err: unknown) {
    if (err instanceof FieldError) return err.message;
    throw err;
  }
}

/**
 * Parses either form: JSON when the file name ends in .json or the text starts with `{` or `[`,
 * CSV otherwise.
 */
export function parseCsl(text: string, fileName = ''): ImportResult {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/\.json$/i.test(fileName) || head.startsWith('{') || head.startsWith('[')) return parseCslJson(text);
  return parseCslCsv(text);
}
