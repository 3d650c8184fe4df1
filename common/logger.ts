/**
 * JSON-lines logger: one object per line on stderr, with level, time, message and bound
 * fields (component, stream id, …). Fields whose name suggests a secret are redacted.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secretField = /token|secret|password|authorization|key$/i;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface JsonLoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default: process.stderr. */
  write?: (line: string) => void;
  /** Wall clock for the `time` field. Default Date.now. */
  nowMs?: () => number;
}

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (secretField.test(k) && v !== undefined && v !== '') out[k] = '[redacted]';
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message };
    else out[k] = v;
  }
  return out;
}

export class JsonLogger implements Logger {
  private readonly minRank: number;
  private readonly write: (line: string) => void;
  private readonly nowMs: () => number;
  private readonly bound: LogFields;

  constructor(options: JsonLoggerOptions = {}, bound: LogFields = {}) {
    this.minRank = levelRank[options.level ?? 'info'];
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.nowMs = options.nowMs ?? Date.now;
    this.bound = bound;
    this.options = options;
  }
  private readonly options: JsonLoggerOptions;

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (levelRank[level] < this.minRank) return;
    const line = {
      time: new Date(this.nowMs()).toISOString(),
      level,
      msg,
      ...redact(this.bound),
      ...(fields ? redact(fields) : {}),
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.options, { ...this.bound, ...fields });
  }
}

/** Discards everything; for tests that do not look at logs. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
