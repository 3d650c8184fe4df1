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
