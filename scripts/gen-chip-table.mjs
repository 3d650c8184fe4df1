// Writes common/chips/chip-table.ts from docs/reference/chips.csv, the project's chip reference
// data, so the classifier's table cannot drift from the data and its sources. It checks the rows
// as it reads them (every problem at once): formats, TPP against peak × bits, density against
// TPP ÷ die area, and the class against the ECCN 3A090 lines wherever a row has the numbers.
// `--check` fails when the committed module is stale (CI). Formats with the repo's Prettier
// config, so the committed file passes `prettier --check` as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const source = 'docs/reference/chips.csv';
const target = 'common/chips/chip-table.ts';

/** The keys of the `sources` column, as docs/reference/README.md defines them. */
const sourceKeys = new Set(['shared', 'pci.ids', 'capture']);

/** RFC 4180 CSV (quoted fields, "" escapes, LF or CRLF); returns rows with their line numbers. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push({ line: rowLine, cells: row });
      row = [];
      field = '';
      rowLine = ++line;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push({ line: rowLine, cells: row });
  }
  return rows.filter((r) => !(r.cells.length === 1 && r.cells[0] === ''));
}

const columns = [
  'model',
  'nvml_names',
  'pci_device_ids',
  'pci_vendor_id',
  'memory_gib',
  'dense_peak_tflops_or_tops',
  'peak_bits',
  'tpp',
  'die_mm2',
  'perf_density',
  'class_since_2023_11',
  'notes',
  'sources',
];

const problems = [];
const list = (cell, sep = '|') => (cell === '' ? [] : cell.split(sep).map((s) => s.trim()));

function readRows(text) {
  const [header, ...body] = parseCsv(text);
  if (header === undefined || header.cells.join(',') !== columns.join(',')) {
    problems.push(`${source}:1: expected the header ${columns.join(',')}, got ${header?.cells.join(',')}`);
    return [];
  }
  return body.map(({ line, cells }) => {
    const where = (column) => `${source}:${line} (${cells[0] || '?'}) ${column}`;
    if (cells.length !== columns.length) {
      problems.push(`${source}:${line}: expected ${columns.length} fields, got ${cells.length}`);
    }
    const raw = Object.fromEntries(columns.map((c, i) => [c, (cells[i] ?? '').trim()]));
    const number = (column, { integer = false } = {}) => {
      const cell = raw[column];
      if (cell === '') return undefined;
      const n = Number(cell);
      if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
        problems.push(
          `${where(column)}: expected a positive ${integer ? 'integer' : 'number'}, got "${cell}"`,
        );
        return undefined;
      }
      return n;
    };
    const hexId = (column, id) => {
      if (!/^0x[0-9A-F]{4}$/.test(id))
        problems.push(`${where(column)}: expected 0xHHHH (upper-case hex), got "${id}"`);
      return id;
    };
    if (raw.model === '') problems.push(`${where('model')}: expected a model name, got ""`);
    const names = list(raw.nvml_names);
    if (names.length === 0) problems.push(`${where('nvml_names')}: expected at least one name, got ""`);
    const memoryGib = list(raw.memory_gib).map((m) => {
      const n = Number(m);
      if (!Number.isFinite(n) || n <= 0) problems.push(`${where('memory_gib')}: expected GiB, got "${m}"`);
      return n;
    });
    const sources = list(raw.sources, ';');
    if (sources.length === 0) problems.push(`${where('sources')}: expected at least one source, got ""`);
    for (const s of sources) {
      if (!sourceKeys.has(s)) {
        problems.push(`${where('sources')}: expected one of ${[...sourceKeys].join(', ')}, got "${s}"`);
      }
    }
    return {
      where,
      chip: {
        model: raw.model,
        names,
        pciDeviceIds: list(raw.pci_device_ids).map((id) => hexId('pci_device_ids', id)),
        pciVendorId: hexId('pci_vendor_id', raw.pci_vendor_id),
        memoryGib,
        tpp: number('tpp'),
        densePeakTflops: number('dense_peak_tflops_or_tops'),
        controlClass: raw.class_since_2023_11,
        notes: raw.notes,
      },
      peakBits: number('peak_bits', { integer: true }),
      dieMm2: number('die_mm2'),
      perfDensity: number('perf_density'),
    };
  });
}

/**
 * The class the ECCN 3A090 lines give (docs/reference/README.md), or undefined when the row lacks
 * the numbers to decide. Density is only given for data-centre parts, the ones its test applies to.
 */
function classByThresholds(tpp, density) {
  if (tpp === undefined) return undefined;
  if (tpp >= 4800) return '3A090.a';
  if (density === undefined) return undefined;
  if (tpp >= 1600 && density >= 5.92) return '3A090.a';
  if (tpp >= 2400 && tpp < 4800 && density >= 1.6 && density < 5.92) return '3A090.b';
  if (tpp >= 1600 && density >= 3.2 && density < 5.92) return '3A090.b';
  return 'not-controlled';
}

function checkRows(rows) {
  const seen = new Set();
  for (const { where, chip, peakBits, dieMm2, perfDensity } of rows) {
    if (seen.has(chip.model)) problems.push(`${where('model')}: "${chip.model}" appears twice`);
    seen.add(chip.model);
    const { tpp, densePeakTflops } = chip;
    // Published TPPs are rounded from the exact product (RTX 4090: 5286 for 660.6 × 8 = 5284.8).
    if (tpp !== undefined && densePeakTflops !== undefined && peakBits !== undefined) {
      const product = densePeakTflops * peakBits;
      if (Math.abs(tpp - product) > tpp * 0.001) {
        problems.push(`${where('tpp')}: expected dense peak × bits = ${product} (±0.1%), got ${tpp}`);
      }
    }
    const density = tpp !== undefined && dieMm2 !== undefined ? tpp / dieMm2 : undefined;
    if (
      perfDensity !== undefined &&
      (density === undefined || Math.abs(perfDensity - density) > 0.05 + 1e-9)
    ) {
      problems.push(
        `${where('perf_density')}: expected TPP ÷ die area = ${density?.toFixed(3) ?? '(needs tpp and die_mm2)'}, got ${perfDensity}`,
      );
    }
    const expected = classByThresholds(tpp, density);
    // licence-bandwidth rows are below the 3A090 lines and licensed on other grounds.
    const stated = chip.controlClass === 'licence-bandwidth' ? 'not-controlled' : chip.controlClass;
    if (expected !== undefined && expected !== stated) {
      problems.push(
        `${where('class_since_2023_11')}: TPP ${tpp} and density ${density?.toFixed(2) ?? '(none)'} give ${expected}, got "${chip.controlClass}"`,
      );
    }
  }
}

const literal = (value) => (value === undefined ? 'undefined' : JSON.stringify(value));

function render(rows) {
  const entries = rows.map(({ chip }) => {
    const fields = Object.entries(chip).map(([key, value]) => `    ${key}: ${literal(value)},`);
    return ['  {', ...fields, '  },'].join('\n');
  });
  return [
    `// Generated by scripts/gen-chip-table.mjs from ${source} (\`npm run chips:gen\`): do not edit.`,
    '/**',
    " * The project's chip table: one entry per accelerator model, in the order of the rows of",
    ` * ${source}, with the facts the classifier (chips.ts) needs. The data, its`,
    ' * sources and the review notes are in docs/reference/ (README.md says what each column',
    ' * means and where it comes from).',
    ' * TPP = dense peak TFLOPS (or TOPS) × bit length; H100-equivalents = TPP / 15 832.',
    ' */',
    "import type { ChipModel } from './chip-model.js';",
    '',
    'export const chipTable: readonly ChipModel[] = Object.freeze([',
    ...entries,
    ']);',
    '',
  ].join('\n');
}

const rows = readRows(readFileSync(`${root}${source}`, 'utf8'));
checkRows(rows);
if (problems.length > 0) {
  console.error(`${source} has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}

const options = (await prettier.resolveConfig(`${root}${target}`)) ?? {};
const fresh = await prettier.format(render(rows), { ...options, filepath: `${root}${target}` });

if (check) {
  let committed = '';
  try {
    committed = readFileSync(`${root}${target}`, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (fresh !== committed) {
    console.error(`${target} is stale: run \`npm run chips:gen\` and commit the result`);
    process.exit(1);
  }
} else {
  writeFileSync(`${root}${target}`, fresh);
  console.log(`generated ${target} from ${source} (${rows.length} models)`);
}
