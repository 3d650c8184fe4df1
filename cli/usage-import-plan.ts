/**
 * How `gpuwatch usage import` turns rows into what an agent would have sent (docs/design.md §9),
 * with identities chosen so that importing the same file again changes nothing:
 *
 * - one pseudo-agent per node (`import:node:NODE`), or, for rows without a node, eight per source
 *   (`import:source:SOURCE:K`, K from a hash of the allocation id, so an allocation always lands
 *   on the same one);
 * - one spool per file, named after a digest of its bytes, with seq 1, 2, 3 … per pseudo-agent in
 *   a fixed order: a second import of the file resends the same batches under the same seq, which
 *   the collector looks up and acks as duplicates;
 * - GPU uuids, when a row gives none, derived from (pseudo-agent, allocation, chip, index);
 * - each row split at UTC hour edges into hour-pieces (segments of at most an hour), the rows of
 *   one allocation sent in start order; rows of one allocation that overlap are refused here, with
 *   both line numbers, rather than merged;
 * - the GPUs of a stream named in its hello with the row's chip (product name and PCI id from the
 *   chip table), so the collector classifies them; a hello names at most 4 096 GPUs, so a
 *   pseudo-agent's batches are spread over as many consecutive streams as needed.
 */
import { createHash } from 'node:crypto';
import type { IGpu, IHello, IUsageSegment } from '../common/proto.js';
import { quote } from '../common/errors.js';
import { importAgentPrefix } from '../common/import-agents.js';
import { hourMs } from '../common/usage/usage-time.js';
import type { ImportRow, RowProblem } from './usage-import-rows.js';

/** Limits of the plan; the collector's defaults bound them (collector --help). */
export const importPlanLimits = Object.freeze({
  /** GPUs one hello names (the collector's limit). */
  maxGpusPerHello: 4096,
  /** Hour-pieces per batch. */
  maxPiecesPerBatch: 1000,
  /** GPU uuids per batch, which keeps a batch well under the collector's 4 MiB. */
  maxUuidsPerBatch: 40_000,
  /** Pseudo-agents per source for rows without a node. */
  shardsPerSource: 8,
});

/** One hour-piece of a row: [startMs, endMs) inside one UTC hour. */
export interface Piece {
  readonly row: ImportRow;
  readonly gpuUuids: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
}

export interface PlannedBatch {
  readonly seq: number;
  readonly pieces: readonly Piece[];
}

/** One Report stream: its hello and the batches sent on it. */
export interface PlannedStream {
  readonly hello: IHello;
  readonly batches: readonly PlannedBatch[];
}

export interface AgentPlan {
  readonly agentId: string;
  readonly streams: readonly PlannedStream[];
}

export interface ImportPlan {
  readonly spoolId: string;
  readonly agents: readonly AgentPlan[];
  /** Rows refused while planning (overlaps, a uuid given two chips), in line order. */
  readonly problems: readonly RowProblem[];
  readonly pieces: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The spool id of a file: a digest of its bytes. */
export function spoolIdOf(content: string | Buffer): string {
  return `import-${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The pseudo-agent a row is reported by. */
export function agentIdOf(row: Pick<ImportRow, 'node' | 'source' | 'allocationId'>): string {
  if (row.node !== '') return `${importAgentPrefix}node:${row.node}`;
  return `${importAgentPrefix}source:${row.source}:${fnv1a(row.allocationId) % importPlanLimits.shardsPerSource}`;
}

/** A uuid of the NVML form, "GPU-8-4-4-4-12" hex, derived from what identifies the GPU. */
export function syntheticGpuUuid(
  agentId: string,
  allocationId: string,
  chipModel: string,
  index: number,
): string {
  const h = createHash('sha256').update(`${agentId}\0${allocationId}\0${chipModel}\0${index}`).digest('hex');
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `[startMs, endMs)` cut at UTC hour edges. */
export function hourPieces(startMs: number, endMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (let cursor = startMs; cursor < endMs;) {
    const next = Math.min((Math.floor(cursor / hourMs) + 1) * hourMs, endMs);
    out.push([cursor, next]);
    cursor = next;
  }
  return out;
}

/** The segment of a piece, as the wire carries it (fields in a fixed order: replays are byte-identical). */
export function pieceSegment(piece: Piece): IUsageSegment {
  const row = piece.row;
  return {
    tenant_id: row.tenantId,
    allocation_id: row.allocationId,
    gpu_uuids: [...piece.gpuUuids],
    start_unix_ms: piece.startMs,
    end_unix_ms: piece.endMs,
    source: row.source,
    workload_fingerprint: row.workloadFingerprint,
    labels: row.node === '' ? {} : { node: row.node },
  };
}

/** Plans the import of `rows` (valid rows, in line order) of a file whose spool id is `spoolId`. */
export function planImport(rows: readonly ImportRow[], spoolId: string, agentVersion: string): ImportPlan {
  const problems: RowProblem[] = [];

  // A given uuid keeps the chip of its first line: the hello can name it only once.
  const uuidChip = new Map<string, { model: string; line: number }>();
  const kept: ImportRow[] = [];
  for (const row of rows) {
    let conflict: RowProblem | undefined;
    for (const [i, uuid] of (row.gpuUuids ?? []).entries()) {
      const seen = uuidChip.get(uuid);
      if (seen !== undefined && seen.model !== row.chip.model) {
        conflict = {
          line: row.line,
          field: `gpu_uuids[${i}]`,
          reason: `expected chip ${quote(seen.model)} for ${quote(uuid)} (as on line ${seen.line}), got ${quote(row.chip.model)}`,
        };
        break;
      }
    }
    if (conflict !== undefined) {
      problems.push(conflict);
      continue;
    }
    for (const uuid of row.gpuUuids ?? [])
      if (!uuidChip.has(uuid)) uuidChip.set(uuid, { model: row.chip.model, line: row.line });
    kept.push(row);
  }

  // Pseudo-agent → allocation → rows.
  const byAgent = new Map<string, Map<string, ImportRow[]>>();
  for (const row of kept) {
    const agentId = agentIdOf(row);
    let allocations = byAgent.get(agentId);
    if (allocations === undefined) {
      allocations = new Map<string, ImportRow[]>();
      byAgent.set(agentId, allocations);
    }
    const list = allocations.get(row.allocationId);
    if (list === undefined) allocations.set(row.allocationId, [row]);
    else list.push(row);
  }

  const agents: AgentPlan[] = [];
  let pieceCount = 0;
  for (const agentId of [...byAgent.keys()].sort()) {
    const allocations = byAgent.get(agentId) ?? new Map<string, ImportRow[]>();
    const ordered: { allocationId: string; rows: ImportRow[] }[] = [];
    for (const [allocationId, list] of allocations) {
      list.sort((a, b) => a.startMs - b.startMs || a.line - b.line);
      const accepted: ImportRow[] = [];
      for (const row of list) {
        const previous = accepted[accepted.length - 1];
        if (previous !== undefined && row.startMs < previous.endMs) {
          problems.push({
            line: row.line,
            field: 'start',
            reason: `expected at or after ${iso(previous.endMs)}, the end of line ${previous.line} of the same allocation ${quote(allocationId)} (rows of one allocation must not overlap), got ${iso(row.startMs)}`,
          });
          continue;
        }
        accepted.push(row);
      }
      ordered.push({ allocationId, rows: accepted });
    }
    ordered.sort(
      (a, b) =>
        (a.rows[0]?.startMs ?? 0) - (b.rows[0]?.startMs ?? 0) ||
        (a.allocationId < b.allocationId ? -1 : a.allocationId > b.allocationId ? 1 : 0),
    );

    const streams: PlannedStream[] = [];
    let seq = 0;
    let gpus: IGpu[] = [];
    let gpuSet = new Set<string>();
    let batches: PlannedBatch[] = [];
    let pieces: Piece[] = [];
    let batchUuids = 0;
    const closeBatch = (): void => {
      if (pieces.length === 0) return;
      batches.push({ seq: ++seq, pieces });
      pieces = [];
      batchUuids = 0;
    };
    const closeStream = (): void => {
      closeBatch();
      if (batches.length === 0) return;
      streams.push({
        hello: { agent_id: agentId, agent_version: agentVersion, spool_id: spoolId, gpus },
        batches,
      });
      gpus = [];
      gpuSet = new Set();
      batches = [];
    };
    for (const { allocationId, rows: allocationRows } of ordered) {
      for (const row of allocationRows) {
        const uuids =
          row.gpuUuids ??
          Array.from({ length: row.gpus }, (_, i) =>
            syntheticGpuUuid(agentId, allocationId, row.chip.model, i),
          );
        const fresh = uuids.filter((u) => !gpuSet.has(u));
        if (gpuSet.size + fresh.length > importPlanLimits.maxGpusPerHello) closeStream();
        for (const uuid of uuids) {
          if (gpuSet.has(uuid)) continue;
          gpuSet.add(uuid);
          gpus.push({
            uuid,
            index: gpus.length,
            name: row.chip.gpuName,
            pci_device_id: row.chip.pciDeviceId,
          });
        }
        for (const [startMs, endMs] of hourPieces(row.startMs, row.endMs)) {
          if (
            pieces.length >= importPlanLimits.maxPiecesPerBatch ||
            batchUuids + uuids.length > importPlanLimits.maxUuidsPerBatch
          ) {
            closeBatch();
          }
          pieces.push({ row, gpuUuids: uuids, startMs, endMs });
          batchUuids += uuids.length;
          pieceCount++;
        }
      }
    }
    closeStream();
    if (streams.length > 0) agents.push({ agentId, streams });
  }
  problems.sort((a, b) => a.line - b.line);
  return { spoolId, agents, problems, pieces: pieceCount };
}
