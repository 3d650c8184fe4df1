/**
 * The audit log's record format. Each stream entry of a tenant's audit stream holds the segments
 * one batch stored for that tenant: field `a` the agent id, field `p` the segments exactly as the
 * agent encoded them, each framed as field 2 of a UsageBatch — so `p` decodes as a UsageBatch.
 * The archive turns entries into JSON lines with the proto field names.
 */
import { pb, type IUsageSegment } from '../../common/proto.js';
import type { ValidSegment } from './usage-store.js';

/** A segment framed as field 2 of a UsageBatch, for a segment that did not come off the wire. */
export function encodeSegmentFrame(s: ValidSegment): Uint8Array {
  if (s.encoded !== undefined) return s.encoded;
  const segment: IUsageSegment = {
    tenant_id: s.tenantId,
    allocation_id: s.allocationId,
    gpu_uuids: [...s.gpuUuids],
    gpu_shares: [...(s.gpuShares ?? [])],
    start_unix_ms: s.startMs,
    end_unix_ms: s.endMs,
    source: s.source,
    workload_fingerprint: s.workloadFingerprint,
    labels: { ...s.labels },
    ...(s.gpuUtilization !== undefined ? { gpu_utilization: s.gpuUtilization } : {}),
    ...(s.memoryUsedBytes !== undefined ? { memory_used_bytes: s.memoryUsedBytes } : {}),
  };
  return pb.UsageBatch.encode({ segments: [segment] }).finish();
}

/** One segment of an audit entry as a JSON-ready object: the proto field names plus agent_id. */
export type AuditSegment = Record<string, unknown> & { start_unix_ms: number; agent_id: string };

/**
 * Decodes an audit entry's fields (`a`, agent id; `p`, the segments). Throws when `p` is missing
 * or does not decode.
 */
export function decodeAuditEntry(fields: readonly (Buffer | string)[]): AuditSegment[] {
  let agentId = '';
  let payload: Buffer | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]?.toString();
    const value = fields[i + 1];
    if (name === 'a' && value !== undefined) agentId = value.toString();
    if (name === 'p' && value !== undefined)
      payload = typeof value === 'string' ? Buffer.from(value, 'binary') : value;
  }
  if (payload === undefined) throw new Error('audit entry has no "p" field');
  const batch = pb.UsageBatch.decode(payload);
  return batch.segments.map((segment) => ({
    ...(pb.UsageSegment.toObject(pb.UsageSegment.fromObject(segment), { defaults: true }) as Record<
      string,
      unknown
    >),
    start_unix_ms: Number(segment.start_unix_ms),
    agent_id: agentId,
  }));
}
