/**
 * The active screening list (docs/design.md §6.8): one Redis hash, replaced as a whole. A new list is
 * written to a staging key and RENAMEd over the active one, so a reader sees the old list or the
 * new one, never a mix or nothing. The version is a digest of the entries, so importing the same
 * list twice gives the same version (and evaluations stay idempotent).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../common/redis.js';
import { AppError, quote } from '../../common/errors.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import type { ScreeningEntry } from './csl-import.js';

/** The list the detector screens against. */
export interface ActiveScreeningList {
  /** `sha256:` + the first 16 hex digits of the digest of the entries' JSON. */
  readonly version: string;
  /** Wall-clock time of the import, Unix ms. */
  readonly importedAtMs: number;
  /** Where it came from (the imported file's name). */
  readonly source: string;
  readonly entries: readonly ScreeningEntry[];
}

/** Metadata of the active list, without the entries. */
export type ScreeningListInfo = Omit<ActiveScreeningList, 'entries'> & { readonly count: number };

/** Reads and replaces the active list. */
export interface ScreeningListStore {
  /** Replaces the active list atomically; returns its metadata. */
  replace(
    entries: readonly ScreeningEntry[],
    meta: { importedAtMs: number; source: string },
  ): Promise<ScreeningListInfo>;
  /** The active list, or undefined when none was imported. */
  load(): Promise<ActiveScreeningList | undefined>;
  /** Metadata of the active list (cheap: no entries), or undefined. */
  info(): Promise<ScreeningListInfo | undefined>;
}

/** The content version of a list. */
export function screeningListVersion(entries: readonly ScreeningEntry[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16)}`;
}

/** Staging keys expire if the process dies between the write and the RENAME. */
const stagingTtlSeconds = 3600;

export interface RedisScreeningListStoreOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
}

/** The store in Redis (key `RedisKeys.screeningList()`). */
export class RedisScreeningListStore implements ScreeningListStore {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;

  constructor(options: RedisScreeningListStoreOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  async replace(
    entries: readonly ScreeningEntry[],
    meta: { importedAtMs: number; source: string },
  ): Promise<ScreeningListInfo> {
    const version = screeningListVersion(entries);
    const staging = this.keys.screeningList(randomBytes(8).toString('hex'));
    const active = this.keys.screeningList();
    await this.redis
      .multi()
      .hset(staging, {
        version,
        imported_at_ms: String(meta.importedAtMs),
        source: meta.source,
        count: String(entries.length),
        entries: JSON.stringify(entries),
      })
      .expire(staging, stagingTtlSeconds)
      .exec();
    // RENAME carries the staging TTL over: PERSIST in the same transaction.
    const result = await this.redis.multi().rename(staging, active).persist(active).exec();
    const failed = result?.find(([err]) => err !== null);
    if (result === null || failed !== undefined) {
      throw new AppError(
        'UNAVAILABLE',
        `replacing the screening list failed: ${String(failed?.[0] ?? 'aborted')}`,
      );
    }
    return { version, importedAtMs: meta.importedAtMs, source: meta.source, count: entries.length };
  }

  async info(): Promise<ScreeningListInfo | undefined> {
    const [version, importedAt, source, count] = await this.redis.hmget(
      this.keys.screeningList(),
      'version',
      'imported_at_ms',
      'source',
      'count',
    );
    if (version === null || version === undefined) return undefined;
    return { version, importedAtMs: Number(importedAt), source: source ?? '', count: Number(count) };
  }

  async load(): Promise<ActiveScreeningList | undefined> {
    const key = this.keys.screeningList();
    const [version, importedAt, source, json] = await this.redis.hmget(
      key,
      'version',
      'imported_at_ms',
      'source',
      'entries',
    );
    if (version === null || version === undefined) return undefined;
    let entries: unknown;
    try {
      entries = JSON.parse(json ?? '');
    } catch (err: unknown) {
      throw new AppError('INTERNAL', `${key} entries: expected JSON, got ${quote(json)}`, { cause: err });
    }
    if (!Array.isArray(entries)) {
      throw new AppError('INTERNAL', `${key} entries: expected a JSON array, got ${quote(entries)}`);
    }
    return {
      version,
      importedAtMs: Number(importedAt),
      source: source ?? '',
      entries: entries as ScreeningEntry[],
    };
  }
}

/** The store in memory, for tests and the demo. */
export class InMemoryScreeningListStore implements ScreeningListStore {
  private list: ActiveScreeningList | undefined;

  replace(
    entries: readonly ScreeningEntry[],
    meta: { importedAtMs: number; source: string },
  ): Promise<ScreeningListInfo> {
    this.list = { version: screeningListVersion(entries), ...meta, entries: [...entries] };
    return Promise.resolve({ ...meta, version: this.list.version, count: entries.length });
  }

  load(): Promise<ActiveScreeningList | undefined> {
    return Promise.resolve(this.list);
  }

  info(): Promise<ScreeningListInfo | undefined> {
    const list = this.list;
    if (list === undefined) return Promise.resolve(undefined);
    return Promise.resolve({
      version: list.version,
      importedAtMs: list.importedAtMs,
      source: list.source,
      count: list.entries.length,
    });
  }
}
