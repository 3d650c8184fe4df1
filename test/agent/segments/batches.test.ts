import { describe, expect, it } from 'vitest';
import { encodedSegmentBytes, splitIntoBatches } from '../../../agent/segments/batches.js';
import { pb, type IUsageSegment } from '../../../common/proto.js';
import { makeSegments } from '../spool/spool-fixtures.js';

const encodedBatchBytes = (segments: IUsageSegment[], seq = 2 ** 40): number =>
  pb.UsageBatch.encode({ seq, segments }).finish().length;

describe('splitIntoBatches', () => {
  it('keeps everything in one batch when it fits', () => {
    const segments = makeSegments(56, 'a');
    expect(splitIntoBatches(segments, { maxSegments: 10_000, maxBytes: 1024 ** 2 })).toEqual([segments]);
  });

  it('returns no batch for no segments', () => {
    expect(splitIntoBatches([], { maxSegments: 10, maxBytes: 4096 })).toEqual([]);
  });

  it.each([
    { count: 25, maxSegments: 10, sizes: [10, 10, 5] },
    { count: 10, maxSegments: 10, sizes: [10] },
    { count: 11, maxSegments: 1, sizes: Array.from({ length: 11 }, () => 1) },
  ])('splits $count segments at $maxSegments per batch', ({ count, maxSegments, sizes }) => {
    const segments = makeSegments(count, 'a');
    const batches = splitIntoBatches(segments, { maxSegments, maxBytes: 1024 ** 2 });
    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat()).toEqual(segments);
  });

  it('keeps every encoded batch (with the largest seq) within the byte limit, in order', () => {
    const segments = makeSegments(500, 'allocation-with-a-long-identifier');
    const maxBytes = 8 * 1024;
    const batches = splitIntoBatches(segments, { maxSegments: 10_000, maxBytes });
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(encodedBatchBytes(b)).toBeLessThanOrEqual(maxBytes);
    // Full: the next segment would not have fitted.
    for (let i = 0; i + 1 < batches.length; i++) {
      const next = batches[i + 1]?.[0];
      if (next === undefined) throw new Error('empty batch');
      expect(encodedBatchBytes([...(batches[i] ?? []), next])).toBeGreaterThan(maxBytes - 11);
    }
    expect(batches.flat()).toEqual(segments);
  });

  it('counts a segment as it is encoded inside a batch', () => {
    const [segment] = makeSegments(1, 'a');
    if (segment === undefined) throw new Error('no segment');
    expect(encodedBatchBytes([segment], 0)).toBe(encodedSegmentBytes(segment));
  });

  it('refuses a segment larger than a whole batch, naming its allocation', () => {
    const [segment] = makeSegments(1, 'big');
    if (segment === undefined) throw new Error('no segment');
    const huge = { ...segment, labels: { note: 'x'.repeat(10_000) } };
    expect(() => splitIntoBatches([huge], { maxSegments: 10, maxBytes: 4096 })).toThrow(
      /segment of allocation "big-0" encodes to \d+ bytes, more than a whole batch may hold \(4096\)/,
    );
  });
});
