import { describe, expect, it } from 'vitest';
import {
  checkNumber,
  checkOneOf,
  describeNumber,
  formatDurationMs,
  fraction,
  numberField,
  positive,
  positiveInt,
  resolveFields,
  sectionField,
  type FieldSpecs,
} from '../../common/config-schema.js';
import type { Problem } from '../../common/errors.js';

describe('describeNumber and checkNumber', () => {
  it.each([
    [positiveInt, 'number', 'an integer ≥ 1'],
    [positive, 'number', 'a number > 0'],
    [fraction, 'number', 'a number ≥ 0 and ≤ 1'],
    [{ min: 1, max: 64, int: true }, 'number', 'an integer ≥ 1 and ≤ 64'],
    [{ min: 0, above: true, max: 120_000 }, 'duration', 'a duration > 0 and ≤ 2m'],
    [{}, 'number', 'a number'],
  ] as const)('%o as a %s reads "%s"', (range, unit, text) => {
    expect(describeNumber(range, unit)).toBe(text);
  });

  it('names the value and the range, or answers undefined when the value fits', () => {
    expect(checkNumber(90.5, positiveInt)).toBe('expected an integer ≥ 1, got 90.5');
    expect(checkNumber('7', positiveInt)).toBe('expected an integer ≥ 1, got "7"');
    expect(checkNumber(Number.NaN, positive)).toBe('expected a number > 0, got NaN');
    expect(checkNumber(180_000, { min: 0, above: true, max: 120_000 }, 'duration')).toBe(
      'expected a duration > 0 and ≤ 2m, got 3m',
    );
    expect(checkNumber(1, fraction)).toBeUndefined();
    expect(checkNumber(0, positive)).toBe('expected a number > 0, got 0');
  });

  it('checks a value against a set', () => {
    expect(checkOneOf('csv', ['csv', 'json'])).toBeUndefined();
    expect(checkOneOf('xml', ['csv', 'json'])).toBe('expected one of csv, json, got "xml"');
  });

  it.each([
    [250, '250ms'],
    [1000, '1s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [900_000, '15m'],
    [86_400_000, '1d'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });
});

describe('resolveFields', () => {
  interface Bands {
    readonly low: number;
    readonly high: number;
  }
  const fields: FieldSpecs = {
    name: { t: 'string' },
    tags: { t: 'strings', pattern: /^[a-z]+$/, what: 'lower-case words' },
    weights: { t: 'weights', keys: ['a', 'b'], keyName: 'letter' },
    bands: sectionField<Bands>({ low: numberField(fraction), high: numberField(fraction) }, (b, path) =>
      b.low <= b.high ? [] : [{ field: path, reason: `expected low ≤ high, got ${b.low} / ${b.high}` }],
    ),
  };
  const defaults = { name: 'x', tags: ['a'], weights: { a: 1, b: 2 }, bands: { low: 0.1, high: 0.9 } };

  function resolve(raw: Record<string, unknown>): { value: Record<string, unknown>; problems: string[] } {
    const problems: Problem[] = [];
    const value = resolveFields(fields, raw, defaults, '', problems);
    return { value, problems: problems.map((p) => `${p.field}: ${p.reason}`) };
  }

  it('merges what is given over the defaults, weight by weight', () => {
    const { value, problems } = resolve({ name: ' y ', weights: { b: 5 }, tags: ['c', 'c'] });
    expect(problems).toEqual([]);
    expect(value).toEqual({ name: 'y', tags: ['c'], weights: { a: 1, b: 5 }, bands: defaults.bands });
  });

  it('lists every problem with its path, and checks a section as a whole', () => {
    const { problems } = resolve({
      name: '',
      tags: ['ok', 'Not'],
      weights: { z: 1, a: 'heavy' },
      bands: { low: 0.8, high: 0.2, extra: 1 },
      colour: 'red',
    });
    expect(problems).toEqual([
      'colour: unknown key (expected one of name, tags, weights, bands)',
      'name: expected a non-empty string, got ""',
      'tags[1]: expected lower-case words, got "Not"',
      'weights.a: expected a number (log-odds), got "heavy"',
      'weights.z: unknown letter (expected one of a, b)',
      'bands.extra: unknown key (expected one of low, high)',
      'bands: expected low ≤ high, got 0.8 / 0.2',
    ]);
  });
});
