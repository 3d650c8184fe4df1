/**
 * The spool's options and their resolution into the frozen SpoolConfig: its defaults
 * (`spoolDefaults`, which `gpuwatch agent`'s option specs show too), and the checks that refuse
 * options the spool cannot work with, every problem at once in one ConfigError.
 */
import type { Registry } from 'prom-client';
import { ConfigError, quote, type Problem } from '../../common/errors.js';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { SpoolFs } from './spool-directory.js';

/** The fsync modes, in the order options list them. */
export const fsyncModes = Object.freeze(['always', 'interval', 'never'] as const);

/** When a write counts as written. */
export type FsyncMode = (typeof fsyncModes)[number];

/** Why `value` is not an fsync mode, or undefined when it is one. */
export function checkFsyncMode(value: string): string | undefined {
  return (fsyncModes as readonly string[]).includes(value)
    ? undefined
    : `expected always, interval or never, got ${quote(value)}`;
}

/** The defaults of SpoolOptions. */
export const spoolDefaults = Object.freeze({
  /** 1 GiB. */
  maxBytes: 1024 ** 3,
  /** The default fileBytes is `min(this, maxBytes / 8)`: 64 MiB. */
  maxDefaultFileBytes: 64 * 1024 ** 2,
  fsync: 'always',
  fsyncIntervalMs: 1000,
  ackPersistIntervalMs: 1000,
});

/** The smallest maxBytes the spool works with (tests use small spools; `--spool-max-bytes` asks for more). */
export const minSpoolMaxBytes = 4096;

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

/** Fills in the defaults and checks the options; throws one ConfigError naming every problem. */
export function resolveSpoolConfig(options: SpoolOptions): SpoolConfig {
  const problems: Problem[] = [];
  const problem = (field: string, reason: string | undefined): void => {
    if (reason !== undefined) problems.push({ field, reason });
  };
  const maxBytes = options.maxBytes ?? spoolDefaults.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < minSpoolMaxBytes)
    problem('maxBytes', `expected an integer ≥ ${minSpoolMaxBytes}, got ${quote(maxBytes)}`);
  const fileBytes =
    options.fileBytes ?? Math.min(spoolDefaults.maxDefaultFileBytes, Math.floor(maxBytes / 8));
  if (!Number.isSafeInteger(fileBytes) || fileBytes < 1024 || fileBytes > maxBytes / 4)
    problem('fileBytes', `expected an integer in 1024…maxBytes/4 (${maxBytes / 4}), got ${quote(fileBytes)}`);
  const fsync = options.fsync ?? spoolDefaults.fsync;
  problem('fsync', checkFsyncMode(fsync));
  const fsyncIntervalMs = options.fsyncIntervalMs ?? spoolDefaults.fsyncIntervalMs;
  if (!(fsyncIntervalMs > 0)) problem('fsyncIntervalMs', `expected > 0, got ${quote(fsyncIntervalMs)}`);
  const ackPersistIntervalMs = options.ackPersistIntervalMs ?? spoolDefaults.ackPersistIntervalMs;
  if (!(ackPersistIntervalMs >= 0))
    problem('ackPersistIntervalMs', `expected ≥ 0, got ${quote(ackPersistIntervalMs)}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    dir: options.dir,
    maxBytes,
    fileBytes,
    fsync,
    fsyncIntervalMs,
    ackPersistIntervalMs,
  });
}
