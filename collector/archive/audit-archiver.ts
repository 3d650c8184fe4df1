/**
 * `gpuwatch archive` (docs/design.md §5): drains every tenant's audit stream through the consumer group
 * `archive` into one gzipped JSONL file per UTC day of the segments' start, for the long-term
 * record, and trims from Redis only what is archived and older than the retention.
 *
 * Order of a flush, and why it is safe to kill at any point:
 * 1. Each day's new lines are appended to `<dir>/<YYYY-MM-DD>.jsonl.gz` as one more gzip member
 *    (concatenated members are one valid gzip file: `zcat` reads them all), and fsynced.
 * 2. The file's committed length is written to `<day>.jsonl.gz.committed` (atomically, fsynced).
 *    On the next append a file longer than that is cut back first: a member torn by a crash
 *    would otherwise make the rest of the file unreadable.
 * 3. The entries are XACKed. A crash before this leaves them pending; the next run reads its own
 *    pending entries first (id 0) and archives them again. **If the crash fell between 2 and 3,
 *    their lines then appear twice in the file: `stream_id` and `entry_index` (with
 *    `tenant_id`) identify a line, and readers dedup on them.**
 * 4. Entries that are acked and older than the retention are trimmed (`XTRIM MINID`), never
 *    past the oldest pending or undelivered entry: nothing unarchived is ever trimmed.
 *
 * Run one archiver per Redis (or per Cluster shard): pending entries belong to a consumer name,
 * and only the archiver with that name reads them again after a crash.
 */
import { mkdir, open, rename, stat, truncate, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { RedisClient } from '../../common/redis.js';
import { ConfigError, errorMessage, quote, type Problem } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { utcDay } from '../../common/usage/usage-time.js';
import { decodeAuditEntry, type AuditSegment } from '../storage/audit-record.js';

const gzip = promisify(gzipCallback);

/** Name of the consumer group on every audit stream. */
export const archiveGroup = 'archive';

export interface AuditArchiverOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Directory of the daily files; created if missing. */
  readonly dir: string;
  /** Archived entries stay in Redis this long (by stream id, i.e. Redis time), ms. Default 7 days. */
  readonly retentionMs?: number;
  /** Consumer name in the group; keep it stable across restarts. Default "archiver". */
  readonly consumer?: string;
  /** Entries per XREADGROUP. Default 1000. */
  readonly readCount?: number;
  /** Entries held in memory before they are written and acked. Default 50 000. */
  readonly flushEntries?: number;
  /** Default: silent. */
  readonly logger?: Logger;
  /**
   * Fault injection for tests: called after the files are written and committed, before XACK.
   * A throw here is a crash between write and ack.
   */
  readonly afterWrite?: () => void | Promise<void>;
}

/** What AuditArchiver uses for an option not given. */
export const auditArchiverDefaults = Object.freeze({
  retentionMs: 7 * 86_400_000,
  consumer: 'archiver',
  readCount: 1000,
  flushEntries: 50_000,
});

/** What one pass did; printed as one JSON line per pass by `gpuwatch archive`. */
export interface ArchivePassSummary {
  /** Tenants whose streams were looked at. */
  readonly tenants: number;
  /** Entries written to files in this pass (pending ones read again included). */
  readonly entries: number;
  /** Of those, entries that were pending from an earlier, interrupted run. */
  readonly replayed: number;
  /** Day files appended to. */
  readonly files: number;
  /** Compressed bytes appended. */
  readonly bytes: number;
  /** Entries removed from Redis by trimming. */
  readonly trimmed: number;
  readonly durationMs: number;
}

interface Buffered {
  readonly tenantId: string;
  readonly id: string;
  readonly day: string;
  readonly line: string;
}

type StreamEntry = [id: string, fields: Buffer[] | null];

/** Compares stream ids "ms-seq" numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const d = Number(am) - Number(bm);
  return d !== 0 ? Math.sign(d) : Math.sign(Number(as) - Number(bs));
}

/** The smallest id greater than `id`. */
function nextStreamId(id: string): string {
  const [ms = '0', seq = '0'] = id.split('-');
  return `${ms}-${Number(seq) + 1}`;
}

/**
 * The lines of an archive file for one stream entry (one per segment: the proto field names,
 * agent_id, tenant_id and the entry's stream_id), each with the UTC day file it belongs in (the
 * day the segment starts).
 */
export function archiveLines(
  tenantId: string,
  id: string,
  fields: readonly Buffer[],
): { day: string; line: string }[] {
  const idMs = Number(id.split('-')[0]);
  let segments: AuditSegment[];
  try {
    segments = decodeAuditEntry(fields);
  } catch {
    // Never drop what is in the audit log: keep it as it was (base64), filed under the day it was written.
    return [
      {
        day: utcDay(idMs),
        line: JSON.stringify({
          stream_id: id,
          tenant_id: tenantId,
          unparsed_fields: fields.map((f) => f.toString('base64')),
        }),
      },
    ];
  }
  return segments.map((segment, entryIndex) => {
    const start = segment.start_unix_ms;
    const day = utcDay(Number.isFinite(start) && start > 0 ? start : idMs);
    return {
      day,
      line: JSON.stringify({ stream_id: id, entry_index: entryIndex, ...segment, tenant_id: tenantId }),
    };
  });
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class AuditArchiver {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;
  private readonly dir: string;
  private readonly retentionMs: number;
  private readonly consumer: string;
  private readonly readCount: number;
  private readonly flushEntries: number;
  private readonly logger: Logger;
  private readonly afterWrite: (() => void | Promise<void>) | undefined;

  constructor(options: AuditArchiverOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.dir = options.dir;
    this.retentionMs = options.retentionMs ?? auditArchiverDefaults.retentionMs;
    this.consumer = options.consumer ?? auditArchiverDefaults.consumer;
    this.readCount = options.readCount ?? auditArchiverDefaults.readCount;
    this.flushEntries = options.flushEntries ?? auditArchiverDefaults.flushEntries;
    this.logger = options.logger ?? silentLogger;
    this.afterWrite = options.afterWrite;
    const problems: Problem[] = [];
    for (const [field, value] of [
      ['retentionMs', this.retentionMs],
      ['readCount', this.readCount],
      ['flushEntries', this.flushEntries],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 0 || (field !== 'retentionMs' && value < 1)) {
        problems.push({ field, reason: `expected a positive integer, got ${quote(value)}` });
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }

  /** Archives everything in the streams now, acks it, trims what is due; see the module comment. */
  async runOnce(): Promise<ArchivePassSummary> {
    const started = Date.now();
    await mkdir(this.dir, { recursive: true });
    const tenants = await this.tenantIds();
    const buffer: Buffered[] = [];
    let entries = 0;
    let replayed = 0;
    const files = new Set<string>();
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (buffer.length === 0) return;
      const written = await this.write(buffer);
      written.files.forEach((f) => files.add(f));
      bytes += written.bytes;
      entries += buffer.length;
      await this.afterWrite?.();
      await this.ack(buffer);
      buffer.length = 0;
    };

    const streams: string[] = [];
    for (const tenantId of tenants) {
      const stream = this.keys.audit(tenantId);
      if (!(await this.ensureGroup(stream))) continue;
      streams.push(tenantId);
      // First what this consumer read before but never acked (an interrupted run), then new entries.
      let cursor = '0';
      for (;;) {
        const batch = await this.read(stream, cursor);
        if (batch.length === 0) break;
        for (const [id, fields] of batch) {
          cursor = id;
          if (fields === null) {
            // Deleted while pending (trimmed by hand): nothing left to archive.
            await this.redis.xack(stream, archiveGroup, id);
            this.logger.warn('pending audit entry vanished before it was archived', { stream, id });
            continue;
          }
          for (const l of archiveLines(tenantId, id, fields)) buffer.push({ tenantId, id, ...l });
          replayed++;
        }
        if (buffer.length >= this.flushEntries) await flush();
      }
      for (;;) {
        const batch = await this.read(stream, '>');
        if (batch.length === 0) break;
        for (const [id, fields] of batch) {
          if (fields === null) continue;
          for (const l of archiveLines(tenantId, id, fields)) buffer.push({ tenantId, id, ...l });
        }
        if (buffer.length >= this.flushEntries) await flush();
      }
    }
    await flush();

    let trimmed = 0;
    const [seconds, micros] = await this.redis.time();
    const cutoffMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - this.retentionMs;
    for (const tenantId of streams) trimmed += await this.trim(this.keys.audit(tenantId), cutoffMs);

    return {
      tenants: streams.length,
      entries,
      replayed,
      files: files.size,
      bytes,
      trimmed,
      durationMs: Date.now() - started,
    };
  }

  private async tenantIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.sscan(this.keys.tenants(), cursor, 'COUNT', 1000);
      cursor = next;
      ids.push(...batch);
    } while (cursor !== '0');
    return [...new Set(ids)].sort();
  }

  /** Creates the group at the stream's beginning; false when the tenant has no stream. */
  private async ensureGroup(stream: string): Promise<boolean> {
    try {
      // No MKSTREAM: a tenant with a profile and no usage needs no empty stream.
      await this.redis.xgroup('CREATE', stream, archiveGroup, '0');
      return true;
    } catch (err: unknown) {
      const message = errorMessage(err);
      if (message.includes('BUSYGROUP')) return true;
      if (/requires the key to exist/i.test(message)) return false;
      throw err;
    }
  }

  private async read(stream: string, id: string): Promise<StreamEntry[]> {
    // Buffers: the payload is protobuf, not text.
    const reply = (await this.redis.callBuffer(
      'XREADGROUP',
      'GROUP',
      archiveGroup,
      this.consumer,
      'COUNT',
      this.readCount,
      'STREAMS',
      stream,
      id,
    )) as [Buffer, [Buffer, Buffer[] | null][]][] | null;
    return (reply?.[0]?.[1] ?? []).map(([entryId, fields]) => [entryId.toString(), fields]);
  }

  private async write(buffer: readonly Buffered[]): Promise<{ files: string[]; bytes: number }> {
    const byDay = new Map<string, string[]>();
    for (const b of buffer) {
      const lines = byDay.get(b.day);
      if (lines === undefined) byDay.set(b.day, [b.line]);
      else lines.push(b.line);
    }
    let bytes = 0;
    let created = false;
    const files: string[] = [];
    for (const [day, lines] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const path = join(this.dir, `${day}.jsonl.gz`);
      const committedPath = `${path}.committed`;
      const size = await this.repair(path, committedPath);
      if (size === undefined) created = true;
      const member = await gzip(`${lines.join('\n')}\n`);
      const handle = await open(path, 'a');
      try {
        await handle.write(member);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const tmp = `${committedPath}.tmp`;
      await writeFile(tmp, String((size ?? 0) + member.length));
      await fsyncPath(tmp);
      await rename(tmp, committedPath);
      bytes += member.length;
      files.push(path);
    }
    // New directory entries (files, renames) are durable only once the directory is synced.
    if (created || files.length > 0) await fsyncPath(this.dir);
    return { files, bytes };
  }

  /**
   * Cuts a day file back to its committed length (a member torn by a crash); returns the
   * length, or undefined when the file does not exist yet.
   */
  private async repair(path: string, committedPath: string): Promise<number | undefined> {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return undefined;
    }
    let committed: number | undefined;
    try {
      committed = Number((await readFile(committedPath, 'utf8')).trim());
    } catch {
      committed = undefined; // a file from elsewhere, or from before: trust it as it is
    }
    if (committed !== undefined && Number.isSafeInteger(committed) && committed < size) {
      this.logger.warn('cutting a torn write off an archive file', { path, size, committed });
      await truncate(path, committed);
      await fsyncPath(path);
      return committed;
    }
    return size;
  }

  private async ack(buffer: readonly Buffered[]): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const b of buffer) {
      const ids = byTenant.get(b.tenantId);
      if (ids === undefined) byTenant.set(b.tenantId, [b.id]);
      else ids.push(b.id);
    }
    for (const [tenantId, ids] of byTenant) {
      for (let i = 0; i < ids.length; i += 10_000) {
        await this.redis.xack(this.keys.audit(tenantId), archiveGroup, ...ids.slice(i, i + 10_000));
      }
    }
  }

  /** Trims entries older than the cutoff, but never the oldest pending or undelivered one. */
  private async trim(stream: string, cutoffMs: number): Promise<number> {
    let minId = `${Math.max(0, cutoffMs)}-0`;
    const pending = (await this.redis.xpending(stream, archiveGroup)) as [
      number,
      string | null,
      ...unknown[],
    ];
    if (Number(pending[0]) > 0 && pending[1] !== null && compareStreamIds(pending[1], minId) < 0) {
      minId = pending[1];
    }
    const groups = (await this.redis.xinfo('GROUPS', stream)) as unknown[][];
    for (const group of groups) {
      const info = new Map<string, string>();
      for (let i = 0; i + 1 < group.length; i += 2) {
        const value = group[i + 1];
        if (typeof value === 'string' || typeof value === 'number') info.set(String(group[i]), String(value));
      }
      if (info.get('name') !== archiveGroup) continue;
      const undelivered = nextStreamId(info.get('last-delivered-id') ?? '0-0');
      if (compareStreamIds(undelivered, minId) < 0) minId = undelivered;
    }
    if (minId === '0-0') return 0;
    return Number(await this.redis.xtrim(stream, 'MINID', minId));
  }
}
