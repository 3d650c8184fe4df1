/**
 * nvidia-smi as a tool: running it (timeout + SIGKILL, see run-command.ts) and reading its CSV
 * (`--format=csv`, with or without `noheader`/`nounits`). Values such as `[N/A]`,
 * `[Not Supported]`, `[Unknown Error]` or `[Requested functionality has been deprecated]` mean
 * "no value", whatever the field.
 */
import { AppError, quote } from '../../common/errors.js';
import { firstLine, runCommand } from '../run-command.js';

/** Where nvidia-smi is and how long it may take. */
export interface NvidiaSmiOptions {
  /** Path of the executable. Default "nvidia-smi" (looked up on PATH). */
  readonly path?: string;
  /** Deadline per invocation, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Extra environment for the tool, over the agent's own. Default none. */
  readonly env?: Readonly<Record<string, string>>;
}

/** nvidia-smi ran but reported a failure (driver not loaded, invalid field, GPU lost…). */
export class NvidiaSmiError extends AppError {
  /** Fields nvidia-smi called invalid (`Field "x" is not a valid field to query.`). */
  readonly invalidFields: readonly string[];
  constructor(message: string, invalidFields: readonly string[] = []) {
    super('UNAVAILABLE', message);
    this.invalidFields = invalidFields;
  }
}

/** The defaults of NvidiaSmiOptions. */
export const nvidiaSmiDefaults = Object.freeze({ path: 'nvidia-smi', timeoutMs: 10_000 });

/** Runs nvidia-smi; one instance is shared by the inventory and process attribution. */
export class NvidiaSmi {
  readonly path: string;
  readonly timeoutMs: number;
  private readonly env: Readonly<Record<string, string>> | undefined;
  constructor(options: NvidiaSmiOptions = {}) {
    this.path = options.path ?? nvidiaSmiDefaults.path;
    this.timeoutMs = options.timeoutMs ?? nvidiaSmiDefaults.timeoutMs;
    this.env = options.env;
  }

  /** Runs nvidia-smi and returns its stdout; a non-zero exit is an NvidiaSmiError quoting its words. */
  async run(args: readonly string[], signal?: AbortSignal): Promise<string> {
    const result = await runCommand(this.path, args, {
      timeoutMs: this.timeoutMs,
      ...(signal !== undefined ? { signal } : {}),
      ...(this.env !== undefined ? { env: this.env } : {}),
    });
    const said = `${result.stdout}\n${result.stderr}`;
    const invalid = [...said.matchAll(/Field "([^"]+)" is not a valid field to query/g)].map(
      (m) => m[1] ?? '',
    );
    if (result.exitCode !== 0 || invalid.length > 0) {
      const what = firstLine(result.stderr) || firstLine(result.stdout) || 'no output';
      throw new NvidiaSmiError(
        `nvidia-smi ${args.join(' ')} failed (exit ${result.exitCode ?? 'on a signal'}): ${what}`,
        invalid,
      );
    }
    return result.stdout;
  }
}

/** A parsed CSV table: column names (without units) and rows of raw cells. */
export interface SmiTable {
  /** Column names in order, e.g. "memory.total" (the unit suffix " [MiB]" removed). */
  readonly columns: readonly string[];
  /** Units from the header, by column, e.g. "MiB", "%"; "" when none or no header. */
  readonly units: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * Reads nvidia-smi CSV. nvidia-smi separates cells with ", " and never quotes. Without a header
 * (`noheader`), pass the queried field names as `columns`.
 */
export function parseSmiCsv(text: string, columns?: readonly string[]): SmiTable {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const split = (line: string): string[] => line.split(',').map((c) => c.trim());
  let names: string[];
  let units: string[];
  let body: string[];
  if (columns === undefined) {
    const header = lines[0] === undefined ? [] : split(lines[0]);
    names = header.map((h) => h.replace(/\s*\[[^\]]*\]$/, ''));
    units = header.map((h) => /\[([^\]]*)\]$/.exec(h)?.[1] ?? '');
    body = lines.slice(1);
  } else {
    names = [...columns];
    units = columns.map(() => '');
    body = lines;
  }
  return { columns: names, units, rows: body.map(split) };
}

/** True for the cells nvidia-smi uses to say "no value". */
export function isMissing(cell: string | undefined): boolean {
  if (cell === undefined) return true;
  const t = cell.trim();
  return t === '' || t === 'N/A' || /^\[.*\]$/.test(t);
}

/** A cell as text, or undefined when missing. */
export function text(cell: string | undefined): string | undefined {
  return isMissing(cell) ? undefined : (cell ?? '').trim();
}

const memoryUnits: Record<string, number> = { kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, b: 1 };

/**
 * Memory in bytes from "81559 MiB" or, with `nounits`, "81559" (nvidia-smi reports memory in
 * MiB). Undefined when missing; throws on a value that is not a size.
 */
export function memoryBytes(cell: string | undefined, field: string): number | undefined {
  const t = text(cell);
  if (t === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]iB|B)?$/i.exec(t);
  if (m === null) throw new NvidiaSmiError(`${field}: expected a size such as "81559 MiB", got ${quote(t)}`);
  return Math.round(Number(m[1]) * (memoryUnits[(m[2] ?? 'MiB').toLowerCase()] ?? 1024 ** 2));
}

/** A fraction 0..1 from "45 %" or "45". Undefined when missing; throws on anything else. */
export function percentFraction(cell: string | undefined, field: string): number | undefined {
  const t = text(cell);
  if (t === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(t);
  const value = m === null ? NaN : Number(m[1]);
  if (!(value >= 0 && value <= 100)) {
    throw new NvidiaSmiError(`${field}: expected a percentage 0..100, got ${quote(t)}`);
  }
  return value / 100;
}

/** Field names nvidia-smi lists in `--help-query-gpu` (`"name" or "gpu_name"` gives both). */
export function parseHelpQueryFields(helpText: string): Set<string> {
  const fields = new Set<string>();
  for (const line of helpText.split('\n')) {
    if (!/^"[^"]+"( or "[^"]+")*\s*$/.test(line.trim())) continue;
    for (const m of line.matchAll(/"([^"]+)"/g)) if (m[1] !== undefined) fields.add(m[1]);
  }
  return fields;
}
