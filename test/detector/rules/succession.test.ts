import { describe, expect, it } from 'vitest';
import type { Link } from '../../../detector/model.js';
import type { HourlyUsage } from '../../../common/usage/tenant-usage.js';
import { succession } from '../../../detector/rules/succession.js';
import { cluster, dayMs, hourMs, link, nowMs, policy, profile, span, usage } from '../usage-fixtures.js';

const aEnd = nowMs - 40 * dayMs;
const predecessor = span({ fromMs: aEnd - 30 * dayMs, toMs: aEnd, gpus: 16 });

function successor(o: { gapMs?: number; gpus?: number; chipModel?: string } = {}): HourlyUsage[] {
  const start = aEnd + (o.gapMs ?? dayMs);
  return span({
    fromMs: start,
    toMs: start + 20 * dayMs,
    gpus: o.gpus ?? 16,
    ...(o.chipModel ? { chipModel: o.chipModel } : {}),
  });
}

function run(b: HourlyUsage[], o: { links?: Link[]; sameNodes?: boolean } = {}) {
  return succession(
    {
      cluster: cluster(['a', 'b'], o.links ?? [link('a', 'b', ['workload_fingerprint'])]),
      profiles: [profile('a'), profile('b')],
      usage: [usage('a', predecessor), usage('b', b)],
      ...(o.sameNodes ? { sameNodePairs: [['b', 'a'] as const] } : {}),
    },
    policy,
    nowMs,
  );
}

describe('succession', () => {
  it.each([
    ['B starts right after A stops', 0, true],
    ['a gap of 14 days', 14 * dayMs, true],
    ['a gap of 14 days and an hour', 14 * dayMs + hourMs, false],
    ['a gap of 15 days', 15 * dayMs, false],
    ['B starts an hour before A stops (overlap)', -hourMs, false],
  ])('%s → %s', (_name, gapMs, fires) => {
    expect(run(successor({ gapMs })) !== undefined).toBe(fires);
  });

  it.each([
    [20, true], // +25 %
    [20.16, false], // +26 %
    [12, true], // −25 %
    [11.84, false], // −26 %
  ])('B at %f GPUs after A at 16 → %s', (gpus, fires) => {
    expect(run(successor({ gpus })) !== undefined).toBe(fires);
  });

  it('needs the same chip class', () => {
    expect(run(successor({ chipModel: 'H20' }))).toBeUndefined();
    expect(run(successor({ chipModel: 'H800' }))).toBeDefined(); // also 3A090.a
  });

  it.each([
    ['a shared workload fingerprint', ['workload_fingerprint'], false, 1, 'medium'],
    ['a shared identifier', ['phone'], false, 1, 'medium'],
    ['both', ['workload_fingerprint', 'ssh_key'], false, 2, 'high'],
    ['a fingerprint and the same nodes', ['workload_fingerprint'], true, 1.5, 'medium'],
    ['everything', ['workload_fingerprint', 'payment_fingerprint'], true, 2.5, 'critical'],
  ] as const)('%s → score %f, %s', (_name, kinds, sameNodes, score, severity) => {
    const f = run(successor(), { links: [link('a', 'b', kinds)], sameNodes });
    expect(f?.score).toBe(score);
    expect(f?.severity).toBe(severity);
  });

  it('never fires on the same nodes alone: no link, no succession', () => {
    expect(run(successor(), { links: [], sameNodes: true })).toBeUndefined();
  });

  it('names predecessor and successor with the numbers and the shared evidence', () => {
    const f = run(successor({ gapMs: 3 * dayMs, gpus: 18 }));
    expect(f).toMatchObject({
      rule: 'succession',
      firstSeenMs: aEnd + 3 * dayMs,
      lastSeenMs: aEnd + 23 * dayMs,
      evidence: {
        predecessor: 'a',
        successor: 'b',
        pairs: [
          {
            from: 'a',
            to: 'b',
            gapDays: 3,
            controlClass: '3A090.a',
            fromMeanGpus: 16,
            toMeanGpus: 18,
            sizeChange: 0.125,
            shared: [{ kind: 'workload_fingerprint', digest: 'hmac-sha256:workload_fingerprint-1' }],
            sameNodes: false,
          },
        ],
      },
    });
  });

  it('ignores hours from the watermark on (event time)', () => {
    const f = succession(
      {
        cluster: cluster(['a', 'b'], [link('a', 'b', ['ssh_key'])]),
        profiles: [],
        usage: [usage('a', predecessor), usage('b', successor())],
      },
      policy,
      aEnd + 12 * hourMs, // B has not started yet
    );
    expect(f).toBeUndefined();
  });
});
