/**
 * The segment state, kept in step with the spool across crashes.
 *
 * Why a journal: the collector keeps, per (agent, allocation), the end of the last segment it
 * stored, and takes any segment that starts before it for a replay. If the agent dies after a
 * cycle's batches reached the spool but before the state recording them was saved, the next run
 * would rebuild those segments from the old state — same start, later end — and the collector
 * would drop them as replays: the time between the two ends would be lost. Saving the state
 * first would lose the time instead when the spool write never happened.
 *
 * So a cycle that spools batches first writes a journal entry (begin()): the state it will reach
 * and, per batch, the seq that batch will take in the spool and the last end of each allocation
 * in it. Then the batches are appended, then save() replaces the whole file with the new state.
 * On load, a leftover entry is settled against the spool: the batches that made it there (acked,
 * or still in it) form a prefix, and the state becomes exactly what that prefix recorded — the
 * old state, the new one, or for a cycle cut short between batches the old one advanced by the
 * batches that were written. Nothing spooled is rebuilt, nothing unspooled is skipped.
 *
 * One JSON file, replaced atomically (temporary file, fsync, rename, directory fsync):
 * `{"version": 2, "floor_unix_ms", "allocations": {id: mark}, "pending"?: {…}}` — the
 * JsonFileSegmentStateStore format plus the optional journal entry, which that reader ignores.
 * Version 1 files (written before marks carried `held`, `since_unix_ms`, `gpus` and `via`) are
 * still read; the next save writes version 2.
 * Exactness holds with the spool's `fsync: always` (the default); with `interval` or `never` a
 * power loss can take spooled batches with it, and no state can make up for those.
 *
 * The agent runner (agent-runner.ts) is the store's one user and the one owner of the state: it
 * loads it before its first cycle — and again after a cycle that failed past begin(), since
 * memory may then not match the disk — and per cycle calls begin(), appends the batches, then
 * save(). The store reads the spool only to settle a leftover entry on load.
 */
import { readFile, rename } from 'node:fs/promises';
import { writeFileAtomic } from '../../common/atomic-file.js';
import type { IUsageSegment } from '../../common/proto.js';
import { AppError, errorMessage, quote } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import {
  emptySegmentState,
  parseStateFile,
  stateFileVersion,
  type AllocationMark,
  type SegmentState,
  type SegmentStateStore,
} from './segment-state.js';

/** What the journal reads of the spool to settle a leftover entry (agent/spool/spool.ts implements it). */
export interface JournalSpool {
  /** Cumulative ack position: every batch with seq ≤ this was written (and acknowledged). */
  readonly ackedSeq: number;
  /** Unacked batches with seq ≥ fromSeq, in seq order. */
  pending(fromSeq?: number): AsyncIterable<{ readonly seq: number }>;
}

/**
 * The highest seq in `fromSeq…toSeq` that was written to the spool (acknowledged, or still in
 * it); `fromSeq - 1` when none was.
 */
export async function spooledThrough(spool: JournalSpool, fromSeq: number, toSeq: number): Promise<number> {
  let through = Math.min(toSeq, spool.ackedSeq);
  for await (const batch of spool.pending(fromSeq)) {
    if (batch.seq > toSeq) break;
    through = Math.max(through, batch.seq);
  }
  return Math.max(through, fromSeq - 1);
}

/** What begin() records before a cycle's batches are appended. */
export interface JournalEntry {
  /** The seq the first batch will take; batch i takes fromSeq + i. */
  readonly fromSeq: number;
  /** The batches, in append order. */
  readonly batches: readonly (readonly IUsageSegment[])[];
  /** The state once every batch is spooled (CollectionResult.state). */
  readonly state: SegmentState;
}

interface PendingJson {
  from_seq: number;
  /** Per batch: allocation id → the end of its last segment in the batch. */
  batches: Record<string, number>[];
  state: { floor_unix_ms: number; allocations: Record<string, AllocationMark> };
}

interface FileJson {
  version: typeof stateFileVersion;
  floor_unix_ms: number;
  allocations: Record<string, AllocationMark>;
  pending?: PendingJson;
}

function marksJson(state: SegmentState): Record<string, AllocationMark> {
  return Object.fromEntries([...state.marks].sort(([a], [b]) => a.localeCompare(b)));
}

/** The last end of each allocation in a batch. */
export function batchEnds(segments: readonly IUsageSegment[]): Record<string, number> {
  const ends: Record<string, number> = {};
  for (const s of segments) {
    const id = s.allocation_id ?? '';
    const end = Number(s.end_unix_ms ?? 0);
    ends[id] = Math.max(ends[id] ?? -Infinity, end);
  }
  return ends;
}

/** `base` advanced by the first `k` batches of a journal entry. */
export function advance(
  base: SegmentState,
  batches: readonly Record<string, number>[],
  k: number,
): SegmentState {
  const marks = new Map(base.marks);
  for (const ends of batches.slice(0, k)) {
    for (const [id, end] of Object.entries(ends)) {
      const mark = marks.get(id);
      if (mark !== undefined && end < mark.end_unix_ms) continue;
      // A segment spooled for it: present at that cycle, so no longer held.
      const { held: _held, ...kept }: Partial<AllocationMark> = mark ?? {};
      marks.set(id, { ...kept, end_unix_ms: end, open: true });
    }
  }
  return { marks, floor_unix_ms: base.floor_unix_ms };
}

function parsePending(value: unknown): PendingJson {
  const p = value as Partial<PendingJson> | null;
  if (
    p === null ||
    typeof p !== 'object' ||
    !Number.isSafeInteger(p.from_seq) ||
    (p.from_seq ?? 0) < 1 ||
    !Array.isArray(p.batches) ||
    p.state === null ||
    typeof p.state !== 'object'
  ) {
    throw new Error(
      `pending: expected {"from_seq": integer ≥ 1, "batches": [...], "state": {...}}, got ${quote(value)}`,
    );
  }
  p.batches.forEach((ends, i) => {
    if (
      ends === null ||
      typeof ends !== 'object' ||
      !Object.values(ends).every((e) => typeof e === 'number' && Number.isFinite(e))
    )
      throw new Error(`pending.batches[${i}]: expected {"allocation id": end_unix_ms}, got ${quote(ends)}`);
  });
  return p as PendingJson;
}

/** Reads a state file without changing anything: the committed state and any journal entry. */
export function parseJournaledStateFile(text: string): {
  committed: SegmentState;
  pending: { fromSeq: number; batches: Record<string, number>[]; state: SegmentState } | undefined;
} {
  const committed = parseStateFile(text);
  const data = JSON.parse(text) as { pending?: unknown };
  if (data.pending === undefined) return { committed, pending: undefined };
  const p = parsePending(data.pending);
  let state: SegmentState;
  try {
    state = parseStateFile(JSON.stringify({ version: stateFileVersion, ...p.state }));
  } catch (err: unknown) {
    throw new Error(`pending.state: ${errorMessage(err)}`, { cause: err });
  }
  return { committed, pending: { fromSeq: p.from_seq, batches: p.batches, state } };
}

/** Options of JournaledSegmentStateStore. */
export interface JournaledSegmentStateStoreOptions {
  /** The state file, usually `<spool dir>/state-segments.json`. */
  readonly path: string;
  /** The spool the journal is settled against. */
  readonly spool: JournalSpool;
  /** Recoveries and lost state are logged here. */
  readonly logger: Logger;
}

/** SegmentStateStore with a journal entry around each cycle's spool writes (see the module comment). */
export class JournaledSegmentStateStore implements SegmentStateStore {
  readonly path: string;
  private readonly spool: JournalSpool;
  private readonly logger: Logger;
  /** The state last loaded or saved: what begin() keeps beside the journal entry. */
  private committed: SegmentState | undefined;

  constructor(options: JournaledSegmentStateStoreOptions) {
    this.path = options.path;
    this.spool = options.spool;
    this.logger = options.logger;
  }

  async load(nowMs: number): Promise<{ state: SegmentState; problem?: string }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.committed = emptySegmentState;
        return { state: emptySegmentState };
      }
      throw new Error(`segment state ${quote(this.path)} cannot be read: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    let parsed: ReturnType<typeof parseJournaledStateFile>;
    try {
      parsed = parseJournaledStateFile(text);
    } catch (err: unknown) {
      const aside = `${this.path}.corrupt-${nowMs}`;
      await rename(this.path, aside).catch(() => undefined);
      const state: SegmentState = { marks: new Map(), floor_unix_ms: nowMs };
      this.committed = state;
      return {
        state,
        problem:
          `segment state ${quote(this.path)} is corrupt (${errorMessage(err)}); moved to ${quote(aside)}. ` +
          'Allocations start afresh from now; the time since the last save is not reported.',
      };
    }
    const { committed, pending } = parsed;
    if (pending === undefined) {
      this.committed = committed;
      return { state: committed };
    }
    const n = pending.batches.length;
    const toSeq = pending.fromSeq + n - 1;
    const through = n === 0 ? pending.fromSeq - 1 : await spooledThrough(this.spool, pending.fromSeq, toSeq);
    const k = Math.max(0, Math.min(n, through - pending.fromSeq + 1));
    const state = k === n ? pending.state : advance(committed, pending.batches, k);
    this.logger.info('segment state settled against the spool after an interrupted cycle', {
      batches: n,
      spooledBatches: k,
      fromSeq: pending.fromSeq,
    });
    await this.save(state);
    return { state };
  }

  /**
   * Records a cycle's batches before they are appended. After a crash, load() settles the state
   * on what reached the spool.
   */
  async begin(entry: JournalEntry): Promise<void> {
    const committed = this.committed;
    if (committed === undefined)
      throw new AppError('INTERNAL', 'segment state journal: begin() before the state was loaded');
    await this.write({
      version: stateFileVersion,
      floor_unix_ms: committed.floor_unix_ms,
      allocations: marksJson(committed),
      pending: {
        from_seq: entry.fromSeq,
        batches: entry.batches.map(batchEnds),
        state: { floor_unix_ms: entry.state.floor_unix_ms, allocations: marksJson(entry.state) },
      },
    });
  }

  /** Saves the state and clears any journal entry: the cycle's batches are all spooled. */
  async save(state: SegmentState): Promise<void> {
    await this.write({
      version: stateFileVersion,
      floor_unix_ms: state.floor_unix_ms,
      allocations: marksJson(state),
    });
    this.committed = { marks: new Map(state.marks), floor_unix_ms: state.floor_unix_ms };
  }

  private async write(file: FileJson): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(file)}\n`);
  }
}

/**
 * The state a dry run starts from: the committed state of `path` if it is there and readable,
 * read without changing anything (no recovery, no journal settling); empty otherwise.
 */
export async function readStateForDryRun(path: string): Promise<{ state: SegmentState; note?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptySegmentState };
    return {
      state: emptySegmentState,
      note: `segment state ${quote(path)} cannot be read: ${errorMessage(err)}`,
    };
  }
  try {
    const { committed, pending } = parseJournaledStateFile(text);
    return pending === undefined
      ? { state: committed }
      : {
          state: committed,
          note: `segment state ${quote(path)} has an unsettled cycle (the agent stopped mid-cycle); the next real run settles it against the spool`,
        };
  } catch (err: unknown) {
    return {
      state: emptySegmentState,
      note: `segment state ${quote(path)} is corrupt: ${errorMessage(err)}`,
    };
  }
}
