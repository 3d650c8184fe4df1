/** The shared text-table formatter of the analyst commands. */
import { describe, expect, it } from 'vitest';
import { abbreviateList, formatTable, isoSeconds } from '../../cli/table.js';

describe('formatTable', () => {
  it('aligns columns two spaces apart, numbers to the right, without trailing spaces', () => {
    expect(
      formatTable(
        [{ header: 'NAME' }, { header: 'HOURS', align: 'right' }, { header: 'NOTE' }],
        [
          ['a', '1.5', ''],
          ['longer-name', '120.25', 'x'],
        ],
      ),
    ).toBe(['NAME          HOURS  NOTE', 'a               1.5', 'longer-name  120.25  x'].join('\n'));
  });

  it('indents every line, pads short rows and prints the empty line when there are no rows', () => {
    expect(formatTable([{ header: 'A' }, { header: 'B' }], [['x']], { indent: '  ' })).toBe('  A  B\n  x');
    expect(formatTable([{ header: 'ID' }], [], { empty: '(no alerts)' })).toBe('ID\n(no alerts)');
  });

  it('counts code points, so characters outside the BMP do not shift the columns', () => {
    expect(
      formatTable(
        [{ header: 'N' }, { header: 'V' }],
        [
          ['𝔸𝔹', '1'],
          ['abc', '2'],
        ],
      ),
    ).toBe(['N    V', '𝔸𝔹   1', 'abc  2'].join('\n'));
  });
});

describe('abbreviateList and isoSeconds', () => {
  it.each([
    [[], 2, ''],
    [['t-a'], 2, 't-a'],
    [['t-a', 't-b'], 2, 't-a, t-b'],
    [['t-a', 't-b', 't-c', 't-d'], 2, 't-a, t-b +2'],
    [['t-a', 't-b', 't-c', 't-d'], 3, 't-a, t-b, t-c +1'],
  ])('%j (max %d) → %j', (items, max, expected) => {
    expect(abbreviateList(items, max)).toBe(expected);
  });

  it('writes RFC 3339 UTC to the second, and nothing for 0', () => {
    expect(isoSeconds(Date.UTC(2026, 2, 1, 12, 0, 5, 250))).toBe('2026-03-01T12:00:05Z');
    expect(isoSeconds(0)).toBe('');
  });
});
