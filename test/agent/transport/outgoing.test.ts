import { describe, expect, it } from 'vitest';
import { mergeBatches, serializeOutgoing } from '../../../agent/transport/outgoing.js';
import type { SpoolBatch } from '../../../agent/spool/spool.js';
import { pb } from '../../../common/proto.js';
import { makeSegments } from '../spool/spool-fixtures.js';

/** A spooled batch of `count` segments, encoded as the spool encodes it. */
function spooled(seq: number, count: number): SpoolBatch {
  const payload = Buffer.from(
    pb.UsageBatch.encode({ seq, segments: makeSegments(count, `b${seq}`) }).finish(),
  );
  return { seq, segmentCount: count, payload, bytes: payload.length };
}

function batches(...list: SpoolBatch[]): AsyncIterator<SpoolBatch> {
  return (async function* () {
    for (const b of list) yield await Promise.resolve(b);
  })();
}

describe('mergeBatches', () => {
  it('merges the batches that follow into one UsageBatch under the last seq, until the spool is caught up', async () => {
    const merged = await mergeBatches(spooled(1, 2), batches(spooled(2, 1), spooled(3, 3)), {
      maxSegments: 100,
      maxBytes: 1024 ** 2,
    });
    expect(merged.held).toBeUndefined();
    expect(merged.caughtUp).toBe(true);
    expect(merged.batch).toMatchObject({ seq: 3, segmentCount: 6 });
    expect(merged.batch.bytes).toBe(merged.batch.payload.length);
    const decoded = pb.UsageBatch.decode(merged.batch.payload);
    expect(Number(decoded.seq)).toBe(3);
    expect(decoded.segments.map((s) => s.allocation_id)).toEqual([
      'b1-0',
      'b1-1',
      'b2-0',
      'b3-0',
      'b3-1',
      'b3-2',
    ]);
  });

  it.each([
    ['segments', { maxSegments: 4, maxBytes: 1024 ** 2 }],
    ['bytes', { maxSegments: 100, maxBytes: spooled(1, 2).bytes + spooled(2, 1).bytes }],
  ])('holds back the batch that would pass the %s limit for the next message', async (_, limits) => {
    const merged = await mergeBatches(spooled(1, 2), batches(spooled(2, 1), spooled(3, 3)), limits);
    expect(merged.batch).toMatchObject({ seq: 2, segmentCount: 3 });
    expect(merged.held?.seq).toBe(3);
    expect(merged.caughtUp).toBe(false);
  });

  it('stops reading once the message is full', async () => {
    const following = batches(spooled(2, 1), spooled(3, 3));
    const merged = await mergeBatches(spooled(1, 2), following, { maxSegments: 3, maxBytes: 1024 ** 2 });
    expect(merged).toMatchObject({ batch: { seq: 2, segmentCount: 3 }, held: undefined, caughtUp: false });
    expect(((await following.next()).value as SpoolBatch).seq).toBe(3);
  });

  it('sends a lone batch as it is', async () => {
    const first = spooled(7, 2);
    const merged = await mergeBatches(first, undefined, { maxSegments: 1, maxBytes: 1 });
    expect(merged).toEqual({ batch: first, held: undefined, caughtUp: false });
    expect(merged.batch.payload).toBe(first.payload);
  });
});

describe('serializeOutgoing', () => {
  it('frames a spooled payload exactly as AgentMessage{batch} encodes it', () => {
    for (const count of [1, 40, 2000]) {
      const batch = spooled(5, count);
      const expected = pb.AgentMessage.encode({ batch: pb.UsageBatch.decode(batch.payload) }).finish();
      expect(serializeOutgoing({ batchPayload: batch.payload }).equals(Buffer.from(expected))).toBe(true);
    }
  });
});
