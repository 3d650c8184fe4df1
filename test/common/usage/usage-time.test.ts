import { describe, expect, it } from 'vitest';
import {
  monthsOf,
  parseDateOrTime,
  splitByHour,
  utcDay,
  utcMonth,
} from '../../../common/usage/usage-time.js';

const t = (iso: string) => Date.parse(iso);

describe('splitByHour', () => {
  it('splits at UTC hour edges and conserves every millisecond', () => {
    const pieces = splitByHour(t('2026-01-31T23:59:30Z'), t('2026-02-01T01:00:10Z'));
    expect(pieces).toEqual([
      { hourStartMs: t('2026-01-31T23:00:00Z'), ms: 30_000 },
      { hourStartMs: t('2026-02-01T00:00:00Z'), ms: 3_600_000 },
      { hourStartMs: t('2026-02-01T01:00:00Z'), ms: 10_000 },
    ]);
  });
  it('is empty for an empty interval', () => expect(splitByHour(5, 5)).toEqual([]));
});

describe('calendar', () => {
  it('names UTC days and months', () => {
    expect(utcDay(t('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(utcMonth(t('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });
  it('parses dates and RFC 3339 times, and nothing else', () => {
    expect(parseDateOrTime('2026-03-01')).toBe(t('2026-03-01T00:00:00Z'));
    expect(parseDateOrTime('2026-03-01T12:00:00+02:00')).toBe(t('2026-03-01T10:00:00Z'));
    expect(parseDateOrTime('yesterday')).toBeUndefined();
  });

  it('lists the months a range touches, across a year end', () => {
    expect(monthsOf(Date.UTC(2025, 10, 15), Date.UTC(2026, 1, 1))).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsOf(Date.UTC(2025, 10, 15), Date.UTC(2026, 1, 2))).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
