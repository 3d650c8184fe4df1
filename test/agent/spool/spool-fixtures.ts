/** Shared by the spool and transport tests: segments, temp dirs, a log capture, a fault-injecting fs. */
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger, type Logger } from '../../../common/logger.js';
import type { IUsageSegment } from '../../../common/proto.js';
import type { SpoolFs } from '../../../agent/spool/spool-directory.js';

const BASE_MS = Date.UTC(2026, 0, 1);

/** `count` one-minute segments of allocation `${tag}-<i>`. */
export function makeSegments(count: number, tag: string, tenantId = 'tenant-a'): IUsageSegment[] {
  return Array.from({ length: count }, (_, i) => ({
    tenant_id: tenantId,
    allocation_id: `${tag}-${i}`,
    gpu_uuids: ['GPU-00000000-0000-0000-0000-000000000001'],
    start_unix_ms: BASE_MS + i * 60_000,
    end_unix_ms: BASE_MS + (i + 1) * 60_000,
    gpu_utilization: 0.5,
    source: 'lease-file',
  }));
}

/** A temp dir removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `gpuwatch-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real JsonLogger whose lines land in `lines`. */
export function captureLogger(level: 'debug' | 'info' = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = new JsonLogger({ level, write: (line) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

export interface FaultyFs extends SpoolFs {
  /** While set, writes to `*.spool` files write half the bytes, then fail with this errno. */
  failWrites: string | undefined;
  /** How many writes fail before failWrites clears itself. Default: unlimited. */
  failTimes: number;
  /** datasync/sync calls on spool files so far. */
  syncs: number;
  writes: number;
}

function errnoError(code: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: injected failure, write`);
  err.code = code;
  return err;
}

/** node:fs/promises on real files, with failures injected into spool-file writes on demand. */
export function faultyFs(): FaultyFs {
  const state: FaultyFs = {
    ...fsp,
    failWrites: undefined,
    failTimes: Infinity,
    syncs: 0,
    writes: 0,
    open: async (...args: Parameters<typeof fsp.open>): Promise<FileHandle> => {
      const handle = await fsp.open(...args);
      const isSpoolFile = String(args[0]).endsWith('.spool');
      if (!isSpoolFile) return handle;
      return new Proxy(handle, {
        get(target, prop, receiver) {
          if (prop === 'write') {
            return async (buffer: Buffer, offset: number, length: number, position: number) => {
              state.writes += 1;
              const code = state.failWrites;
              if (code !== undefined) {
                state.failTimes -= 1;
                if (state.failTimes <= 0) state.failWrites = undefined;
                // A real ENOSPC often lands after part of the data was written.
                await target.write(buffer, offset, Math.floor(length / 2), position);
                throw errnoError(code);
              }
              return target.write(buffer, offset, length, position);
            };
          }
          if (prop === 'datasync' || prop === 'sync') {
            return async () => {
              state.syncs += 1;
              return prop === 'sync' ? target.sync() : target.datasync();
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
  return state;
}
