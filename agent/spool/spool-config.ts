/**
 * The spool's options and their resolution into the frozen SpoolConfig: defaults, and the checks
 * that refuse options the spool cannot work with.
 */
import type { Registry } from 'prom-client';
import { AppError, quote } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { SpoolFs } from './spool-directory.js';

/** When a write counts as written. */
export type FsyncMode = 'always' | 'interval' | 'never';

export interface SpoolOptions {
  /** Directory of the spool; created if missing. */
  dir: string;
  /** Upper bound of the spool files' total size, bytes. Default 1 GiB. */
  maxBytes?: number;
  /**
   * Size at which the current segment file is closed and a new one started, bytes. Whole files
   * are what acks delete and what a full spool drops. Default `min(64 MiB, maxBytes / 8)`;
   * at most `maxBytes / 4`.
   */
  fileBytes?: number;
  /**
   * When an append counts as written. `always` (default): fsync before append() resolves;
   * `interval`: fsync every `fsyncIntervalMs` (a power loss loses at most that much);
   * `never`: leave it to the OS (a process crash loses nothing, a power loss may).
   */
  fsync?: FsyncMode;
  /** Period of the background fsync in `interval` mode, ms. Default 1000. */
  fsyncIntervalMs?: number;
  /** The ack position is persisted at most this often, ms (and on close). Default 1000. */
  ackPersistIntervalMs?: number;
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Registry for the agent metrics (AgentMetrics.forRegistry). Default: no metrics. */
  registry?: Registry;
  /** File-system seam. Default node:fs/promises. */
  fs?: SpoolFs;
}

/** The resolved, frozen options of a Spool. */
export interface SpoolConfig {
  readonly dir: string;
  readonly maxBytes: number;
  readonly fileBytes: number;
  readonly fsync: FsyncMode;
  readonly fsyncIntervalMs: number;
  readonly ackPersistIntervalMs: number;
}

const DEFAULT_MAX_BYTES = 1024 ** 3;
const MAX_DEFAULT_FILE_BYTES = 64 * 1024 ** 2;

/** Fills in the defaults and checks the options; throws naming every problem. */
export function resolveSpoolConfig(options: SpoolOptions): SpoolConfig {
  const problems: string[] = [];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 4096)
    problems.push(`maxBytes: expected an integer ≥ 4096, got ${quote(maxBytes)}`);
  const fileBytes = options.fileBytes ?? Math.min(MAX_DEFAULT_FILE_BYTES, Math.floor(maxBytes / 8));
  if (!Number.isSafeInteger(fileBytes) || fileBytes < 1024 || fileBytes > maxBytes / 4)
    problems.push(
      `fileBytes: expected an integer in 1024…maxBytes/4 (${maxBytes / 4}), got ${quote(fileBytes)}`,
    );
  const fsync = options.fsync ?? 'always';
  if (fsync !== 'always' && fsync !== 'interval' && fsync !== 'never')
    problems.push(`fsync: expected "always", "interval" or "never", got ${quote(fsync)}`);
  const fsyncIntervalMs = options.fsyncIntervalMs ?? 1000;
  if (!(fsyncIntervalMs > 0)) problems.push(`fsyncIntervalMs: expected > 0, got ${quote(fsyncIntervalMs)}`);
  const ackPersistIntervalMs = options.ackPersistIntervalMs ?? 1000;
  if (!(ackPersistIntervalMs >= 0))
    problems.push(`ackPersistIntervalMs: expected ≥ 0, got ${quote(ackPersistIntervalMs)}`);
  if (problems.length > 0)
    throw new AppError('CONFIG_INVALID', `invalid spool options: ${problems.join('; ')}`);
  return Object.freeze({
    dir: options.dir,
    maxBytes,
    fileBytes,
    fsync,
    fsyncIntervalMs,
    ackPersistIntervalMs,
  });
}
