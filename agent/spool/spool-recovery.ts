/**
 * The check of every segment file when a spool opens: a torn or corrupt record is skipped,
 * counted and logged, never fatal; everything intact around it is kept.
 */
import type { Logger } from '../../common/logger.js';
import { scanSpoolFile } from './spool-format.js';
import type { SpoolDirectory, SpoolFs } from './spool-directory.js';
import { SpoolFile, spoolFileName, spoolFileNamePattern } from './spool-file.js';

/** What recoverSpoolFiles needs. */
export interface SpoolRecoveryInput {
  readonly fs: SpoolFs;
  readonly directory: SpoolDirectory;
  /** The names in the directory. */
  readonly names: readonly string[];
  /** The persisted ack position. */
  readonly ackedSeq: number;
  readonly logger: Logger;
}

/**
 * Indexes the intact records of every segment file, oldest file first. Files that hold only
 * acked records, or nothing readable, are deleted; the newest file's torn tail is cut off, since
 * appends continue after its last intact record.
 */
export async function recoverSpoolFiles(
  input: SpoolRecoveryInput,
): Promise<{ files: SpoolFile[]; tornRecords: number }> {
  const { fs, directory, ackedSeq, logger } = input;
  const files: SpoolFile[] = [];
  let tornRecords = 0;
  const found = input.names
    .map((n) => spoolFileNamePattern.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  for (let i = 0; i < found.length; i++) {
    const firstSeq = found[i] ?? 0;
    const next = found[i + 1];
    const isLast = next === undefined;
    // A file whose successor starts at or below the ack position holds only acked records.
    if (!isLast && next - 1 <= ackedSeq) {
      await directory.remove(directory.file(spoolFileName(firstSeq)));
      continue;
    }
    const file = new SpoolFile(directory.path, firstSeq, 0);
    const data = await fs.readFile(file.path);
    const scan = scanSpoolFile(data, firstSeq);
    for (const r of scan.records) file.push(r.seq, r.offset, r.bytes, r.segmentCount);
    file.size = data.length;
    if (scan.tornRecords > 0) {
      tornRecords += scan.tornRecords;
      logger.warn('spool: skipped torn or corrupt records', {
        file: file.name,
        tornRecords: scan.tornRecords,
        intactRecords: scan.records.length,
        problems: scan.problems,
      });
    }
    if (scan.badHeader || (file.count === 0 && !isLast)) {
      // Nothing in it can be read back (its loss is counted above): reclaim the space.
      await directory.remove(file.path);
      continue;
    }
    if (isLast && scan.hasGarbageTail) {
      // Appends continue after the last intact record, so the torn tail must go.
      await fs.truncate(file.path, scan.goodEnd);
      file.size = scan.goodEnd;
    }
    files.push(file);
  }
  return { files, tornRecords };
}
