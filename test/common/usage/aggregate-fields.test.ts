import { describe, expect, it } from 'vitest';
import {
  dailyField,
  hourlyField,
  parseDailyField,
  parseHourlyField,
} from '../../../common/usage/aggregate-fields.js';

describe('aggregate hash fields', () => {
  it.each([
    ['H100 SXM', 0, 'H100 SXM|00'],
    ['H100 SXM', 9, 'H100 SXM|09'],
    ['L20', 23, 'L20|23'],
    ['odd|name', 5, 'odd|name|05'],
  ])('the hourly field of %j at hour %i is %j, and reads back', (model, hourOfDay, field) => {
    expect(hourlyField(model, hourOfDay)).toBe(field);
    expect(parseHourlyField(field)).toEqual({ chipModel: model, hourOfDay });
  });

  it.each([
    ['A100', 1, 'A100|01'],
    ['unknown', 31, 'unknown|31'],
  ])('the daily field of %j on day %i is %j, and reads back', (model, dayOfMonth, field) => {
    expect(dailyField(model, dayOfMonth)).toBe(field);
    expect(parseDailyField(field)).toEqual({ chipModel: model, dayOfMonth });
  });

  it.each([
    ['no bar', 'H100 SXM'],
    ['an empty model', '|05'],
    ['one digit', 'H100 SXM|5'],
    ['three digits', 'H100 SXM|005'],
    ['not digits', 'H100 SXM|+5'],
    ['a space', 'H100 SXM| 5'],
    ['hour 24', 'H100 SXM|24'],
    ['nothing', ''],
  ])('an hourly field with %s is not one', (_why, field) => {
    expect(parseHourlyField(field)).toBeUndefined();
  });

  it.each([
    ['day 00', 'A100|00'],
    ['day 32', 'A100|32'],
    ['an empty model', '|12'],
  ])('a daily field with %s is not one', (_why, field) => {
    expect(parseDailyField(field)).toBeUndefined();
  });
});
