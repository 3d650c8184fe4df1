/**
 * Leases written by the provider's provisioning: a JSON array of
 * `{"tenant_id", "allocation_id", "gpu_uuids": [uuid…] | "all", "since": RFC 3339}`
 * (optional `labels` {string: string} and `workload_fingerprint`).
 *
 * The file is re-read when it changes: a directory watch (fs.watch on the parent, so an atomic
 * rename of a new file over the old one is seen) marks it changed at once, and every collection
 * also compares modification time, size and inode, which catches what a watch can miss (network
 * file systems, a watch that failed to start). A file that is missing or invalid keeps the last
 * good lease set in force and is reported, with the path and the problem, on every collection
 * until fixed. A lease whose `since` is still in the future is not active yet.
 */
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { errorMessage, quote, type Problem } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type {
  AllocationSource,
  CollectContext,
  GpuRef,
  SourceAllocation,
  SourceResult,
} from './allocation.js';

/** Options of the lease-file source. */
export interface LeaseFileSourceOptions {
  /** Path of the lease file (`--lease-file`). */
  readonly path: string;
  /** Reloads and rejected files are logged here. */
  readonly logger: Logger;
  /** Called when the directory watch sees the file change (e.g. to collect early). Default none. */
  readonly onChange?: () => void;
}

const leaseKeys = new Set([
  'tenant_id',
  'allocation_id',
  'gpu_uuids',
  'since',
  'labels',
  'workload_fingerprint',
]);
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses and checks a lease file's content; every problem is listed, by entry and field. */
export function parseLeases(text: string): { leases: SourceAllocation[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err: unknown) {
    return { leases: [], problems: [{ field: '(file)', reason: `not valid JSON: ${errorMessage(err)}` }] };
  }
  if (!Array.isArray(parsed)) {
    return {
      leases: [],
      problems: [{ field: '(file)', reason: `expected a JSON array of leases, got ${quote(parsed)}` }],
    };
  }
  const leases: SourceAllocation[] = [];
  const seen = new Set<string>();
  parsed.forEach((entry: unknown, i) => {
    const at = (field: string): string => `[${i}].${field}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push({ field: `[${i}]`, reason: `expected an object, got ${quote(entry)}` });
      return;
    }
    const e = entry as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(e)) {
      if (!leaseKeys.has(key)) problems.push({ field: at(key), reason: 'unknown field' });
    }
    for (const key of ['tenant_id', 'allocation_id'] as const) {
      if (typeof e[key] !== 'string' || e[key].trim() === '') {
        problems.push({ field: at(key), reason: `expected a non-empty string, got ${quote(e[key])}` });
      }
    }
    if (typeof e.allocation_id === 'string' && e.allocation_id !== '') {
      if (seen.has(e.allocation_id)) {
        problems.push({ field: at('allocation_id'), reason: `${quote(e.allocation_id)} appears twice` });
      }
      seen.add(e.allocation_id);
    }
    let gpus: GpuRef[] = [];
    if (e.gpu_uuids === 'all') gpus = [{ all: true }];
    else if (
      Array.isArray(e.gpu_uuids) &&
      e.gpu_uuids.length > 0 &&
      e.gpu_uuids.every((u) => typeof u === 'string' && /^(GPU|MIG)-\S+$/.test(u))
    ) {
      gpus = (e.gpu_uuids as string[]).map((uuid) => ({ uuid }));
    } else {
      problems.push({
        field: at('gpu_uuids'),
        reason: `expected "all" or a non-empty array of GPU/MIG UUIDs ("GPU-…", "MIG-…"), got ${quote(e.gpu_uuids)}`,
      });
    }
    const since = typeof e.since === 'string' && rfc3339.test(e.since) ? Date.parse(e.since) : NaN;
    if (!Number.isFinite(since)) {
      problems.push({
        field: at('since'),
        reason: `expected an RFC 3339 time such as "2025-01-31T12:00:00Z", got ${quote(e.since)}`,
      });
    }
    const labels = e.labels ?? {};
    if (
      labels === null ||
      typeof labels !== 'object' ||
      Array.isArray(labels) ||
      !Object.values(labels).every((v) => typeof v === 'string')
    ) {
      problems.push({ field: at('labels'), reason: `expected an object of strings, got ${quote(e.labels)}` });
    }
    const fingerprint = e.workload_fingerprint ?? '';
    if (typeof fingerprint !== 'string') {
      problems.push({
        field: at('workload_fingerprint'),
        reason: `expected a string, got ${quote(fingerprint)}`,
      });
    }
    if (problems.length > before) return;
    leases.push({
      tenant_id: (e.tenant_id as string).trim(),
      allocation_id: (e.allocation_id as string).trim(),
      gpus,
      source: 'lease-file',
      workload_fingerprint: fingerprint as string,
      labels: { ...(labels as Record<string, string>) },
      since_unix_ms: since,
    });
  });
  return { leases, problems };
}

/** The lease-file tenant source; watches the file from construction until close(). */
export class LeaseFileSource implements AllocationSource {
  readonly name = 'lease-file' as const;
  private readonly path: string;
  private readonly logger: Logger;
  private readonly onChange: (() => void) | undefined;
  private watcher: FSWatcher | undefined;
  private changed = true;
  private stamp = '';
  private good: readonly SourceAllocation[] | undefined;
  private problem: string | undefined;
  private watchWarned = false;

  constructor(options: LeaseFileSourceOptions) {
    this.path = options.path;
    this.logger = options.logger.child({ source: 'lease-file', path: options.path });
    this.onChange = options.onChange;
    this.startWatch();
  }

  collect(context: CollectContext): Promise<SourceResult> {
    if (this.watcher === undefined) this.startWatch();
    this.reloadIfChanged();
    if (this.good === undefined) {
      return Promise.reject(new Error(this.problem ?? `lease file ${quote(this.path)} was never read`));
    }
    const active = this.good.filter((l) => (l.since_unix_ms ?? 0) <= context.nowMs);
    return Promise.resolve({
      allocations: active,
      warnings: [],
      ...(this.problem !== undefined
        ? { error: `${this.problem}; the last good lease set stays in force` }
        : {}),
    });
  }

  /**
   * Reads the file again at the next collection even if its modification time, size and inode
   * look unchanged (an edit in place within the file system's timestamp granularity).
   */
  reload(): void {
    this.changed = true;
  }

  close(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    return Promise.resolve();
  }

  private reloadIfChanged(): void {
    let stamp: string;
    try {
      const st = statSync(this.path);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch (err: unknown) {
      this.problem = `lease file ${quote(this.path)} cannot be read: ${errorMessage(err)}`;
      this.stamp = '';
      return;
    }
    if (!this.changed && stamp === this.stamp) return;
    this.changed = false;
    this.stamp = stamp;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err: unknown) {
      this.problem = `lease file ${quote(this.path)} cannot be read: ${errorMessage(err)}`;
      return;
    }
    const { leases, problems } = parseLeases(text);
    if (problems.length > 0) {
      const shown = problems.slice(0, 10).map((p) => `${p.field}: ${p.reason}`);
      if (problems.length > 10) shown.push(`… ${problems.length - 10} more`);
      this.problem = `lease file ${quote(this.path)} is invalid: ${shown.join('; ')}`;
      this.logger.error('lease file rejected; keeping the last good lease set', { problem: this.problem });
      return;
    }
    this.good = leases;
    this.problem = undefined;
    this.logger.info('lease file loaded', { leases: leases.length });
  }

  private startWatch(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, filename) => {
        if (filename !== null && filename.toString() !== name) return;
        this.changed = true;
        this.onChange?.();
      });
      this.watcher.on('error', (err: unknown) => {
        this.warnWatch('lease file watch failed', err);
        this.watcher?.close();
        this.watcher = undefined;
      });
      this.watchWarned = false;
    } catch (err: unknown) {
      this.warnWatch('cannot watch the lease file directory', err);
      this.watcher = undefined;
    }
  }

  private warnWatch(msg: string, err: unknown): void {
    if (this.watchWarned) return;
    this.watchWarned = true;
    this.logger.warn(`${msg}; changes are seen at the next collection`, { error: errorMessage(err) });
  }
}
