/**
 * Aligned text tables for the analyst commands (`alerts`, `tenants explain`, `report`): a header
 * row, one row per record, columns two spaces apart, numbers right-aligned. Plain text only (no
 * box drawing, no colour) so the output survives `less`, e-mail and a ticket system.
 */

/** One column of a table. */
export interface TableColumn {
  /** Header text, conventionally upper case. */
  readonly header: string;
  /** `right` for numbers so their digits line up. Default `left`. */
  readonly align?: 'left' | 'right';
}

/** Options of formatTable. */
export interface TableOptions {
  /** Put before every line (for tables nested under a heading). Default "". */
  readonly indent?: string;
  /** Line printed under the header when there are no rows, e.g. "(no alerts)". Default: none. */
  readonly empty?: string;
}

/**
 * Code points, not UTF-16 units, so a name with characters outside the BMP does not shift the
 * columns after it. (Wide CJK glyphs still take two cells on most terminals; ids are ASCII.)
 */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function pad(text: string, to: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * The table as lines joined by "\n" (no trailing newline). Rows shorter than the columns are
 * padded with empty cells; trailing spaces are trimmed from every line.
 */
export function formatTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const indent = options.indent ?? '';
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    indent +
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i] ?? 0, c.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), ...rows.map(line)];
  if (rows.length === 0 && options.empty !== undefined) out.push(indent + options.empty);
  return out.join('\n');
}

/**
 * A list shortened for a table cell: the first `max` items, then "+N" for the rest
 * (`t-a, t-b +3`). Default max 2.
 */
export function abbreviateList(items: readonly string[], max = 2): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} +${items.length - max}`;
}

/** `ms` as an RFC 3339 UTC time to the second ("2026-03-01T12:00:00Z"); "" for 0. */
export function isoSeconds(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}
