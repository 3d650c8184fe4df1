/**
 * Field-level checks shared by segment, hello and tenant validation in the collector and by the
 * agent, which checks its ids with the same rules before sending (so nothing it sends is refused
 * for a reason it could have seen). Each returns the problem as a sentence (`expected …, got …`)
 * or undefined; callers attach the field name.
 */
import { quote } from './errors.js';

/** A refused item of a batch or request: its position, the field and why (wire type Rejection). */
export interface Rejection {
  readonly index: number;
  /** Proto field name, with a list position where it helps: `gpu_uuids[2]`, `admin_ips[0]`. */
  readonly field: string;
  /** `expected 0..1, got 1.7` */
  readonly reason: string;
}

// C0, DEL and C1 controls: they break logs, and \x1f is our field separator inside Redis hashes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
// Invisible format characters (Unicode category Cf: bidirectional overrides and isolates,
// zero-width joiners and spaces, the BOM, soft hyphen, …): they make one id look like another
// in a report (`acme\u202Eevil` displays reversed), so no id or name may hold them.
const formatChars = /\p{Cf}/u;
// The controls, the braces of Redis hash tags and the format characters: one scan for the
// common (valid) id.
// eslint-disable-next-line no-control-regex -- as above
const idForbidden = /[\u0000-\u001f\u007f-\u009f{}\p{Cf}]/u;

// In free text (legal names, addresses) some format characters are part of the writing (the
// zero-width non-joiner of Persian, emoji joiners); only the bidirectional embeddings, overrides
// and isolates, which reorder what a reader sees, are refused there.
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/;

/** The first character of `value` that `pattern` finds, as `U+XXXX at position N`, or undefined. */
function formatCharProblem(value: string, pattern: RegExp = formatChars): string | undefined {
  const m = pattern.exec(value);
  if (m === null) return undefined;
  const code = (m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  // quote() escapes format characters, so the message shows them rather than obeying them.
  return `expected no invisible format characters (bidirectional overrides, zero-width characters), got U+${code} at position ${m.index} of ${quote(value)}`;
}

/**
 * An identifier that ends up inside Redis keys and hash fields: non-empty, bounded, no control
 * characters, and no braces (a `{` or `}` would break the key's hash tag, docs/design.md §5).
 */
export function checkId(value: string, maxChars: number): string | undefined {
  if (value === '') return 'expected a non-empty id, got ""';
  if (value.length > maxChars) return `expected at most ${maxChars} characters, got ${value.length}`;
  if (!idForbidden.test(value)) return undefined;
  if (controlChars.test(value)) return `expected no control characters, got ${quote(value)}`;
  const format = formatCharProblem(value);
  if (format !== undefined) return format;
  return `expected no "{" or "}", got ${quote(value)}`;
}

/** Like checkId, but "" is allowed (an optional reference such as reseller_id or parent_uuid). */
export function checkOptionalId(value: string, maxChars: number): string | undefined {
  return value === '' ? undefined : checkId(value, maxChars);
}

/** Free text (names, versions, fingerprints): bounded, no control characters or bidi overrides; may be empty. */
export function checkText(value: string, maxChars: number): string | undefined {
  if (value.length > maxChars) return `expected at most ${maxChars} characters, got ${value.length}`;
  if (controlChars.test(value)) return `expected no control characters, got ${quote(value)}`;
  return formatCharProblem(value, bidiControls);
}

/** Free text that may span lines (postal addresses): bounded, no control characters but \n and \t. */
export function checkMultilineText(value: string, maxChars: number): string | undefined {
  if (value.length > maxChars) return `expected at most ${maxChars} characters, got ${value.length}`;
  if (controlChars.test(value.replace(/[\n\t]/g, ' ')))
    return `expected no control characters, got ${quote(value)}`;
  return formatCharProblem(value, bidiControls);
}

/** A non-negative integer that a JS number holds exactly (int64/uint64 fields decode to numbers). */
export function checkNonNegativeInt(value: number): string | undefined {
  return Number.isSafeInteger(value) && value >= 0
    ? undefined
    : `expected a whole number ≥ 0 (below 2^53), got ${quote(value)}`;
}
