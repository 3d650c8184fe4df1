/** UTC calendar arithmetic for usage aggregates: hours, days, months as strings and epochs. */

export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

/** A piece of an interval inside one UTC hour. */
export interface HourPiece {
  /** Start of the hour, Unix ms. */
  readonly hourStartMs: number;
  /** Milliseconds of the interval inside that hour. */
  readonly ms: number;
}

/** Splits `[startMs, endMs)` at UTC hour edges. Empty for an empty or inverted interval. */
export function splitByHour(startMs: number, endMs: number): HourPiece[] {
  const pieces: HourPiece[] = [];
  let cursor = startMs;
  while (cursor < endMs) {
    const hourStartMs = Math.floor(cursor / hourMs) * hourMs;
    const next = Math.min(hourStartMs + hourMs, endMs);
    pieces.push({ hourStartMs, ms: next - cursor });
    cursor = next;
  }
  return pieces;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "YYYY-MM-DD" of the UTC day holding `ms`. */
export function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "YYYY-MM" of the UTC month holding `ms`. */
export function utcMonth(ms: number): string {
  return utcDay(ms).slice(0, 7);
}

/** Unix ms of 00:00 UTC of a "YYYY-MM-DD" day. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Parses "YYYY-MM-DD" or an RFC 3339 time to Unix ms; undefined when it is neither. */
export function parseDateOrTime(text: string): number | undefined {
  const t = text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : Date.parse(t);
  return Number.isFinite(ms) && /^\d{4}-\d{2}-\d{2}/.test(t) ? ms : undefined;
}

/** The UTC months "YYYY-MM" that `[fromMs, toMs)` touches, in order. */
export function monthsOf(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  const d = new Date(fromMs);
  // Date.UTC carries month 12 into January of the next year.
  for (let i = 0; ; i++) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i);
    if (start >= toMs) return out;
    out.push(utcDay(start).slice(0, 7));
  }
}
