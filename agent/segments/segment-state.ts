/**
 * Where each allocation's segments stand, kept across agent restarts so time keeps tiling: an
 * allocation still present after a restart continues from the end of its last closed segment,
 * and one that left and came back never gets a segment over time already reported. A mark also
 * keeps what a source outage needs (docs/design.md §2, "Source outages"): whether it is held,
 * the allocation's start to compare on its return, its GPUs to weigh unattributed time, and its
 * source — so an agent restarted mid-outage keeps holding and fills on return.
 *
 * Save the state only after the segments built from it are durable (spooled): if the agent
 * dies between the two, the next run rebuilds a segment with the same start — the same
 * segment identity (agent, allocation, start) — which the collector counts once. Saving first
 * would leave a hole instead.
 */
import { readFile, rename } from 'node:fs/promises';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { errorMessage, quote } from '../../common/errors.js';
import { sourceNames, type SourceName } from '../sources/allocation.js';

/** One allocation's position. */
export interface AllocationMark {
  /**
   * End of its last closed segment (Unix ms), or the time it was first seen when it has none
   * yet. Its next segment starts here while it stays present.
   */
  readonly end_unix_ms: number;
  /**
   * True while present at the last collection, or held (below); false once it left (kept so a
   * return cannot overlap).
   */
  readonly open: boolean;
  /**
   * True while its source (or the inventory it needs to resolve its GPUs) cannot be read: it was
   * there at the last good read, nothing is attributed to it meanwhile, and `end_unix_ms` stays
   * where its last segment ended (segment-builder.ts says how the gap is settled). Absent: false.
   */
  readonly held?: boolean;
  /** The allocation's start as its source reports it (Slurm job start, container start), when known. */
  readonly since_unix_ms?: number;
  /** GPUs it holds, shares summed (4 GPUs whole: 4; one 25 % share: 0.25): what a held span weighs. */
  readonly gpus?: number;
  /** The tenant source that reported it: its outage holds this mark. */
  readonly via?: SourceName;
  /**
   * The GPUs its segments named: a GPU's time already attributed to this allocation up to
   * `end_unix_ms` is not attributed again to another (segment-builder.ts, conservation).
   */
  readonly gpu_uuids?: readonly string[];
}

/** Every allocation's mark, and the floor below which nothing starts. */
export interface SegmentState {
  /** By allocation id. */
  readonly marks: ReadonlyMap<string, AllocationMark>;
  /**
   * No new allocation's segment starts before this (Unix ms). Set when earlier state was lost
   * (a corrupt file), so nothing reported before the loss can be overlapped; 0 when none.
   */
  readonly floor_unix_ms: number;
}

/** The state of an agent that never ran. */
export const emptySegmentState: SegmentState = Object.freeze({ marks: new Map(), floor_unix_ms: 0 });

/** Persists SegmentState. */
export interface SegmentStateStore {
  /**
   * The state as last saved; empty for a new agent. A store that finds its data unusable
   * returns an empty state with `floor_unix_ms = nowMs` and says why in `problem`.
   */
  load(nowMs: number): Promise<{ state: SegmentState; problem?: string }>;
  /** Replaces the saved state atomically: after a crash, either the old or the new one is read. */
  save(state: SegmentState): Promise<void>;
}

/**
 * The version written. Version 1 (marks of `end_unix_ms` and `open` only) is still read: its
 * marks have no `since`, so an allocation held over an outage from such a mark cannot prove it
 * ran through it, and no weight, so its unattributed time counts 0 GPU-seconds.
 */
export const stateFileVersion = 2;

interface StateFile {
  version: 1 | 2;
  floor_unix_ms: number;
  allocations: Record<string, AllocationMark>;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One mark from the file; throws naming the allocation and what was expected. */
function parseMark(id: string, mark: unknown): AllocationMark {
  const m = mark as Partial<Record<keyof AllocationMark, unknown>> | null;
  const expected = `expected {"end_unix_ms": number, "open": boolean, "held"?: boolean, "since_unix_ms"?: number, "gpus"?: number ≥ 0, "via"?: one of ${sourceNames.join(', ')}, "gpu_uuids"?: [string, …]}`;
  if (
    m === null ||
    typeof m !== 'object' ||
    !finite(m.end_unix_ms) ||
    typeof m.open !== 'boolean' ||
    (m.held !== undefined && typeof m.held !== 'boolean') ||
    (m.since_unix_ms !== undefined && !finite(m.since_unix_ms)) ||
    (m.gpus !== undefined && !(finite(m.gpus) && m.gpus >= 0)) ||
    (m.via !== undefined && !sourceNames.includes(m.via as SourceName)) ||
    (m.gpu_uuids !== undefined &&
      !(Array.isArray(m.gpu_uuids) && m.gpu_uuids.every((u) => typeof u === 'string' && u !== '')))
  ) {
    throw new Error(`allocations[${quote(id)}]: ${expected}, got ${quote(mark)}`);
  }
  return {
    end_unix_ms: m.end_unix_ms,
    open: m.open,
    ...(m.held === true ? { held: true } : {}),
    ...(m.since_unix_ms !== undefined ? { since_unix_ms: m.since_unix_ms } : {}),
    ...(m.gpus !== undefined ? { gpus: m.gpus } : {}),
    ...(m.via !== undefined ? { via: m.via as SourceName } : {}),
    ...(m.gpu_uuids !== undefined ? { gpu_uuids: [...(m.gpu_uuids as string[])] } : {}),
  };
}

/** Parses the file's JSON (version 1 or 2); throws with the field and value that are wrong. */
export function parseStateFile(text: string): SegmentState {
  const data = JSON.parse(text) as Partial<StateFile> | null;
  if (data === null || typeof data !== 'object' || (data.version !== 1 && data.version !== 2)) {
    throw new Error(`expected {"version": 1 or 2, …}, got ${quote(data)}`);
  }
  const floor = data.floor_unix_ms ?? 0;
  if (typeof floor !== 'number' || !Number.isFinite(floor))
    throw new Error(`floor_unix_ms: expected a number, got ${quote(floor)}`);
  const marks = new Map<string, AllocationMark>();
  for (const [id, mark] of Object.entries(data.allocations ?? {})) marks.set(id, parseMark(id, mark));
  return { marks, floor_unix_ms: floor };
}

/**
 * A JSON file (`{"version": 2, "floor_unix_ms", "allocations": {id: mark}}`), replaced
 * atomically: written to a temporary file beside it, fsynced, renamed over it, and the directory
 * fsynced. A file that cannot be parsed is moved aside (`<path>.corrupt-<time>`) and the agent
 * carries on from an empty state with a floor at the time of the loss.
 */
export class JsonFileSegmentStateStore implements SegmentStateStore {
  constructor(readonly path: string) {}

  async load(nowMs: number): Promise<{ state: SegmentState; problem?: string }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptySegmentState };
      throw new Error(`segment state ${quote(this.path)} cannot be read: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    try {
      return { state: parseStateFile(text) };
    } catch (err: unknown) {
      const aside = `${this.path}.corrupt-${nowMs}`;
      await rename(this.path, aside).catch(() => undefined);
      return {
        state: { marks: new Map(), floor_unix_ms: nowMs },
        problem:
          `segment state ${quote(this.path)} is corrupt (${errorMessage(err)}); moved to ${quote(aside)}. ` +
          'Allocations start afresh from now; the time since the last save is not reported.',
      };
    }
  }

  async save(state: SegmentState): Promise<void> {
    const file: StateFile = {
      version: stateFileVersion,
      floor_unix_ms: state.floor_unix_ms,
      allocations: Object.fromEntries([...state.marks].sort(([a], [b]) => a.localeCompare(b))),
    };
    await writeFileAtomic(this.path, `${JSON.stringify(file)}\n`);
  }
}
