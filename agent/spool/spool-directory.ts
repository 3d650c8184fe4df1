/**
 * The bookkeeping files of a spool directory: the lock that keeps a second agent out, the spool
 * id, the `acked` and `seq-high` positions, and the atomic replacement (temporary file, rename,
 * directory fsync) each of them is written with. The segment files are the Spool's.
 *
 * Directory layout (one agent per directory; files the spool does not know are left alone):
 *
 * ```
 * <dir>/
 *   spool-id                   random id of this spool (a UUID), created once; Hello.spool_id
 *   lock                       pid of the process using the directory
 *   acked                      highest seq the collector acknowledged (cumulative), replaced atomically
 *   seq-high                   no seq above this was handed out (see "Seq" in spool.ts)
 *   0000000000000001.spool     segment files, named by the seq of their first record (16 digits)
 *   state-segments.json        the segment state (agent/segments/journaled-state-store.ts), not the spool's
 *   *.tmp                      half-done atomic replacements; removed on open
 * ```
 */
import type * as nodeFs from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppError, quote } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';

/**
 * The file-system calls the spool makes: node:fs/promises by default; tests wrap it to inject
 * failures (ENOSPC, EIO) into real files.
 */
export type SpoolFs = Pick<
  typeof nodeFs,
  'open' | 'readFile' | 'rename' | 'unlink' | 'readdir' | 'mkdir' | 'truncate'
>;

/** The errno code of a file-system error (`ENOENT`, `ENOSPC`, …), if it has one. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A spool directory's bookkeeping, through the file-system seam. */
export class SpoolDirectory {
  constructor(
    /** The file-system seam. */
    readonly fs: SpoolFs,
    /** The directory. */
    readonly path: string,
  ) {}

  /** The path of `name` in the directory. */
  file(name: string): string {
    return join(this.path, name);
  }

  /** Removes `path`; a file that is already gone is fine. */
  async remove(path: string): Promise<void> {
    try {
      await this.fs.unlink(path);
    } catch (err: unknown) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
  }

  /** Makes the directory's entries (new and renamed files) durable. */
  async sync(): Promise<void> {
    const handle = await this.fs.open(this.path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Replaces `name` with `text` via a temporary file and rename. */
  async writeAtomic(name: string, text: string, durable: boolean): Promise<void> {
    const tmp = this.file(`${name}.tmp`);
    const handle = await this.fs.open(tmp, 'w');
    try {
      await handle.writeFile(text);
      if (durable) await handle.datasync();
    } finally {
      await handle.close();
    }
    await this.fs.rename(tmp, this.file(name));
    if (durable) await this.sync();
  }

  /** A seq position file (`acked`, `seq-high`): 0 when missing or unreadable (logged). */
  async readPosition(name: string, logger: Logger): Promise<number> {
    const path = this.file(name);
    let text: string;
    try {
      text = (await this.fs.readFile(path)).toString('utf8').trim();
    } catch (err: unknown) {
      if (errnoCode(err) === 'ENOENT') return 0;
      throw err;
    }
    const n = Number(text);
    if (text === '' || !Number.isSafeInteger(n) || n < 0) {
      logger.warn('spool: unreadable position file ignored', { path, content: quote(text) });
      return 0;
    }
    return n;
  }

  /** The spool id, created (durably) when there is none yet. */
  async readOrCreateSpoolId(logger: Logger, hasData: boolean): Promise<string> {
    const path = this.file('spool-id');
    try {
      const id = (await this.fs.readFile(path)).toString('utf8').trim();
      if (/^[0-9a-f-]{8,64}$/i.test(id)) return id;
      logger.warn('spool: unreadable spool-id replaced', { content: quote(id) });
    } catch (err: unknown) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    const id = randomUUID();
    if (hasData)
      // The old id is gone, so the batches on disk go out under the new one; their seqs continue,
      // and their segments are deduplicated by segment identity if the collector has them already.
      logger.warn('spool: spool-id missing beside spooled data; using a new id', { spoolId: id });
    await this.writeAtomic('spool-id', `${id}\n`, true);
    return id;
  }

  /** Takes the directory for this process; refuses one a live process holds. */
  async lock(): Promise<void> {
    const path = this.file('lock');
    try {
      const holder = Number((await this.fs.readFile(path)).toString('utf8').trim());
      if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder))
        throw new AppError(
          'UNAVAILABLE',
          `spool directory ${quote(this.path)} is in use by process ${holder}; give each agent its own --spool-dir (remove ${quote(path)} if that process is not an agent)`,
        );
    } catch (err: unknown) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    await this.writeAtomic('lock', `${process.pid}\n`, false);
  }

  /** Releases the directory. */
  unlock(): Promise<void> {
    return this.remove(this.file('lock'));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return errnoCode(err) === 'EPERM';
  }
}
