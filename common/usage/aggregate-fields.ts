/**
 * The field names of the usage aggregate hashes (docs/design.md §5), built and parsed here only:
 * the collector writes them (collector/storage/usage-aggregates.ts), the collector's usage query,
 * the detector's rules and `gpuwatch report` read them (common/usage/usage-reader.ts).
 *
 * - per tenant and UTC day, an hourly hash (`RedisKeys.hourly`): `<chip model>|<HH>`, HH 00–23;
 * - per tenant and UTC month, a daily hash (`RedisKeys.daily`): `<chip model>|<DD>`, DD 01–31.
 *
 * Values are integer GPU-milliseconds. The chip model is the canonical model of the chip table
 * (or the name the agent reported, for a chip outside it): never empty, and it may itself hold a
 * `|`, so the part after the last `|` is the hour or day.
 */

/** A parsed field of an hourly hash. */
export interface HourlyField {
  readonly chipModel: string;
  /** Hour of the UTC day, 0–23. */
  readonly hourOfDay: number;
}

/** A parsed field of a daily hash. */
export interface DailyField {
  readonly chipModel: string;
  /** Day of the UTC month, 1–31. */
  readonly dayOfMonth: number;
}

const barCode = '|'.charCodeAt(0);
const zeroCode = '0'.charCodeAt(0);

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The field of an hourly hash: `<chip model>|<HH>`; `hourOfDay` 0–23. */
export function hourlyField(chipModel: string, hourOfDay: number): string {
  return `${chipModel}|${twoDigits(hourOfDay)}`;
}

/** The field of a daily hash: `<chip model>|<DD>`; `dayOfMonth` 1–31. */
export function dailyField(chipModel: string, dayOfMonth: number): string {
  return `${chipModel}|${twoDigits(dayOfMonth)}`;
}

/** The number of `<model>|<two digits>` when the model is non-empty and it is in [min, max]; else -1. */
function fieldNumber(field: string, min: number, max: number): number {
  const at = field.length - 3;
  if (at < 1 || field.charCodeAt(at) !== barCode) return -1;
  const tens = field.charCodeAt(at + 1) - zeroCode;
  const ones = field.charCodeAt(at + 2) - zeroCode;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return -1;
  const n = tens * 10 + ones;
  return n >= min && n <= max ? n : -1;
}

/**
 * Reads a field of an hourly hash; undefined for anything the collector does not write (no `|`,
 * an empty model, an hour that is not two digits 00–23): readers skip such fields.
 */
export function parseHourlyField(field: string): HourlyField | undefined {
  const hourOfDay = fieldNumber(field, 0, 23);
  return hourOfDay < 0 ? undefined : { chipModel: field.slice(0, field.length - 3), hourOfDay };
}

/** Reads a field of a daily hash; undefined unless it is `<model>|<DD>` with DD 01–31. */
export function parseDailyField(field: string): DailyField | undefined {
  const dayOfMonth = fieldNumber(field, 1, 31);
  return dayOfMonth < 0 ? undefined : { chipModel: field.slice(0, field.length - 3), dayOfMonth };
}
