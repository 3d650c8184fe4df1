/** Segments, agents and inventories shared by the usage store tests. */
import type { AgentContext, InventoryGpu, ValidSegment } from '../../collector/storage/usage-store.js';

export const t = (iso: string): number => Date.parse(iso);
export const minute = 60_000;
export const hour = 3_600_000;

const gpu = (uuid: string, chipModel: string, controlClass: InventoryGpu['controlClass'], weight = 1) => [
  uuid,
  { uuid, chipModel, controlClass, weight } satisfies InventoryGpu,
];

/** Two H100s, one L40 (3A090.b), one L20 (not controlled), and two 3g.40gb MIG slices of an A100. */
export const inventory: ReadonlyMap<string, InventoryGpu> = new Map([
  gpu('GPU-h100-0', 'H100 SXM', '3A090.a'),
  gpu('GPU-h100-1', 'H100 SXM', '3A090.a'),
  gpu('GPU-l40-0', 'L40', '3A090.b'),
  gpu('GPU-l20-0', 'L20', 'not-controlled'),
  gpu('MIG-a100-0', 'A100', '3A090.a', 3 / 7),
  gpu('MIG-a100-1', 'A100', '3A090.a', 3 / 7),
] as [string, InventoryGpu][]);

export function agent(agentId = 'node-1', spoolId = 'spool-1'): AgentContext {
  return { agentId, spoolId, inventory };
}

export function seg(
  fields: Partial<ValidSegment> & Pick<ValidSegment, 'startMs' | 'endMs'>,
  index = 0,
): ValidSegment {
  return {
    index,
    tenantId: 'tenant-a',
    allocationId: 'pod-1',
    gpuUuids: ['GPU-h100-0'],
    gpuUtilization: 0.5,
    memoryUsedBytes: 1_000_000,
    source: 'kubernetes',
    workloadFingerprint: 'sha256:feed',
    labels: { team: 'x' },
    ...fields,
  };
}

/**
 * `count` consecutive segments of `stepMs` from `startMs` (what an agent sends for one
 * allocation), indexed from 0.
 */
export function tile(
  count: number,
  startMs: number,
  stepMs: number,
  fields: Partial<ValidSegment> = {},
): ValidSegment[] {
  return Array.from({ length: count }, (_, i) =>
    seg({ ...fields, startMs: startMs + i * stepMs, endMs: startMs + (i + 1) * stepMs }, i),
  );
}

/**
 * The exactly-once test as a table (docs/design.md §4): a segment [start, end) against the
 * watermark of its (agent, allocation), undefined when none is stored. Both isNewSegment and the
 * Lua of usage-script.ts are held to it.
 */
export const newSegmentCases: readonly {
  readonly start: number;
  readonly end: number;
  readonly wm: number | undefined;
  readonly want: boolean;
  readonly why: string;
}[] = [
  { start: 100, end: 200, wm: undefined, want: true, why: 'no watermark yet' },
  { start: 200, end: 260, wm: 200, want: true, why: 'the next tile' },
  { start: 300, end: 360, wm: 200, want: true, why: 'after a gap' },
  { start: 100, end: 200, wm: 200, want: false, why: 'the last stored segment again' },
  { start: 150, end: 250, wm: 200, want: false, why: 'starting before the watermark' },
  { start: 200, end: 200, wm: 200, want: false, why: 'empty, at the watermark' },
  { start: 250, end: 250, wm: 200, want: true, why: 'empty, after the watermark (once)' },
  { start: 100, end: 100, wm: undefined, want: true, why: 'empty, no watermark yet' },
  {
    start: Date.parse('2026-01-31T10:00:00Z'),
    end: Date.parse('2026-01-31T10:01:00Z'),
    wm: Date.parse('2026-01-31T10:00:00Z'),
    want: true,
    why: 'the next minute of a real allocation',
  },
  {
    start: Date.parse('2026-01-31T09:59:59.999Z'),
    end: Date.parse('2026-01-31T10:01:00Z'),
    wm: Date.parse('2026-01-31T10:00:00Z'),
    want: false,
    why: 'overlapping the watermark by a millisecond',
  },
  {
    start: Date.parse('2026-01-31T10:00:00Z'),
    end: Date.parse('2026-01-31T10:00:00.001Z'),
    wm: Date.parse('2026-01-31T10:00:00Z'),
    want: true,
    why: 'one millisecond after the watermark',
  },
];
