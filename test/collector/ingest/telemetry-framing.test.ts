import { describe, expect, it } from 'vitest';
import { batchSegmentFrames } from '../../../collector/ingest/telemetry-framing.js';
import { pb } from '../../../common/proto.js';

describe('batchSegmentFrames', () => {
  const segment = (n: number) => ({
    tenant_id: `t${n}`,
    allocation_id: `a${n}`,
    gpu_uuids: ['GPU-1'],
    start_unix_ms: 1_700_000_000_000 + n,
    end_unix_ms: 1_700_000_060_000 + n,
    labels: { k: 'v'.repeat(n * 50) },
  });

  it('slices each segment as framed in the batch, in order, so they re-form a UsageBatch', () => {
    const segments = [segment(1), segment(2), segment(300)];
    const frame = Buffer.from(pb.AgentMessage.encode({ batch: { seq: 7, segments } }).finish());
    const frames = batchSegmentFrames(frame);
    expect(frames).toHaveLength(3);
    const rebuilt = pb.UsageBatch.decode(Buffer.concat(frames ?? []));
    expect(rebuilt.segments.map((s) => s.allocation_id)).toEqual(['a1', 'a2', 'a300']);
    expect(rebuilt.segments[2]?.labels).toEqual({ k: 'v'.repeat(15_000) });
  });

  it('is undefined for a hello and for a truncated frame', () => {
    const hello = Buffer.from(pb.AgentMessage.encode({ hello: { agent_id: 'n' } }).finish());
    expect(batchSegmentFrames(hello)).toBeUndefined();
    const frame = Buffer.from(pb.AgentMessage.encode({ batch: { seq: 1, segments: [segment(1)] } }).finish());
    expect(batchSegmentFrames(frame.subarray(0, frame.length - 3))).toBeUndefined();
  });
});
