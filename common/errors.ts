/** Errors with a stable code; messages name the field, quote the value and say what was expected. */

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  /** The work was cut short by a competing one (a newer stream from the same agent). */
  | 'ABORTED'
  /** A server-side bound was reached (too many streams). */
  | 'RESOURCE_EXHAUSTED'
  /** The operation exists in the contract but this build does not serve it yet. */
  | 'UNIMPLEMENTED';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found in a piece of input: where, what was there, what was expected. */
export interface Problem {
  /** Dotted path of the field, e.g. `segments[3].gpu_utilization` or `--interval`. */
  readonly field: string;
  /** Human sentence: `expected 0..1, got 1.7`. */
  readonly reason: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
}

/** Invalid configuration. Every problem is listed at once; programs exit with code 78 (EX_CONFIG). */
export class ConfigError extends AppError {
  static readonly exitCode = 78;
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(
      'CONFIG_INVALID',
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.field}: ${p.reason}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** Invalid input from a peer or a file. */
export class ValidationError extends AppError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super('VALIDATION_FAILED', formatProblems(problems));
    this.problems = problems;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class AuthError extends AppError {
  constructor(code: 'UNAUTHENTICATED' | 'PERMISSION_DENIED', message: string) {
    super(code, message);
  }
}

/**
 * Quote a value for an error message, bounded so hostile input cannot flood logs, with
 * invisible format characters (bidi overrides, zero-width characters) escaped as `\uXXXX` so a
 * message cannot be disguised by what it quotes.
 */
export function quote(value: unknown, maxChars = 80): string {
  let text: string;
  if (typeof value === 'string')
    text = JSON.stringify(value).replace(
      /\p{Cf}/gu,
      (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? typeof value;
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…(${text.length} chars)` : text;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
