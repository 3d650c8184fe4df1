import type { FileHandle } from 'node:fs/promises';
import type { SpoolFs } from './spool-directory.js';

const READ_CHUNK_BYTES = 1024 * 1024;

/** Reads records of spool files through a window, so replay is a few large reads, not one per record. */
export class RecordReader {
  private handle: FileHandle | undefined;
  private path: string | undefined;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly fs: SpoolFs) {}

  /**
   * The record bytes, or undefined when the file is shorter than the index says. `fileEnd`, the
   * end of the file's indexed records, keeps the window from reaching past them: a transport
   * that tails the spool reads one small record per cycle, not a 1 MiB window each time.
   */
  async read(
    path: string,
    offset: number,
    bytes: number,
    fresh: boolean,
    fileEnd = Infinity,
  ): Promise<Buffer | undefined> {
    if (this.path !== path || this.handle === undefined) {
      await this.close();
      this.handle = await this.fs.open(path, 'r');
      this.path = path;
    }
    const end = offset + bytes;
    if (fresh || offset < this.windowStart || end > this.windowStart + this.window.length) {
      const buffer = Buffer.allocUnsafe(Math.max(bytes, Math.min(READ_CHUNK_BYTES, fileEnd - offset)));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, offset);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = offset;
      if (bytesRead < bytes) return undefined;
    }
    return this.window.subarray(offset - this.windowStart, end - this.windowStart);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.path = undefined;
    this.window = Buffer.alloc(0);
    await handle?.close();
  }
}
