/**
 * The cases of the collector fuzz test (collector-fuzz.test.ts): random and mutated Report
 * streams, each with the status it must end with, and nonsense tenants for Tenants.Upsert.
 */
import type { IHello, ITenant, IUsageSegment } from '../../common/proto.js';
import { encode, hello, segment } from '../helpers/agent-client.js';
import { lengthDelimited, key, mutate, mutations, varint, type Rng } from './fuzz.js';

/** When the cases were made; segments are placed relative to it. */
export const nowMs = Date.now();
/** A start the limits accept: a day ago, on a minute. */
const dayAgo = Math.floor((nowMs - 86_400_000) / 60_000) * 60_000;

function validSegments(agentId: string, n: number): IUsageSegment[] {
  return Array.from({ length: n }, (_, i) =>
    segment(agentId, `fuzz-tenant-${i % 3}`, dayAgo + i * 60_000, dayAgo + (i + 1) * 60_000),
  );
}

function tryEncode(message: Parameters<typeof encode>[0]): Buffer | undefined {
  try {
    return encode(message);
  } catch {
    return undefined; // a value protobufjs itself refuses to encode: nothing to send
  }
}

function nonsenseSegment(rng: Rng, agentId: string): IUsageSegment {
  const s: IUsageSegment = segment(agentId, 'fuzz-nonsense', dayAgo, dayAgo + 60_000);
  const fields = [
    'tenant_id',
    'allocation_id',
    'gpu_uuids',
    'start',
    'end',
    'util',
    'mem',
    'source',
    'labels',
  ];
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
    switch (rng.pick(fields)) {
      case 'tenant_id':
        s.tenant_id = rng.chance(0.2) ? '' : rng.text(rng.pick([1, 5, 300]));
        break;
      case 'allocation_id':
        s.allocation_id = rng.text(rng.pick([0, 3, 400]));
        break;
      case 'gpu_uuids':
        s.gpu_uuids = rng.pick([
          [],
          ['', 'x'],
          [`GPU-${agentId}-0`, `GPU-${agentId}-0`],
          Array(300).fill('g'),
        ]);
        break;
      case 'start':
        s.start_unix_ms = rng.nastyNumber();
        break;
      case 'end':
        s.end_unix_ms = rng.nastyNumber();
        break;
      case 'util':
        s.gpu_utilization = rng.nastyNumber();
        break;
      case 'mem':
        s.memory_used_bytes = rng.nastyNumber();
        break;
      case 'source':
        s.source = rng.text(rng.pick([1, 600]));
        break;
      case 'labels':
        s.labels = Object.fromEntries(
          Array.from({ length: rng.pick([1, 70]) }, (_, j) => [
            rng.text(rng.pick([0, 4, 200])) + j,
            rng.text(3),
          ]),
        );
        break;
    }
  }
  return s;
}

function nonsenseHello(rng: Rng, agentId: string): IHello {
  const h = hello(agentId);
  switch (rng.int(5)) {
    case 0:
      h.agent_id = rng.chance(0.3) ? '' : rng.text(rng.pick([3, 300]));
      break;
    case 1:
      h.spool_id = rng.text(rng.pick([0, 300]));
      break;
    case 2:
      h.gpus = [{ uuid: rng.text(4), memory_total_bytes: rng.nastyNumber(), index: rng.int(2 ** 31) }];
      break;
    case 3:
      h.cluster = rng.text(rng.pick([2, 700]));
      break;
    default:
      h.gpus = Array.from({ length: rng.pick([0, 5000]) }, (_, i) => ({ uuid: `GPU-${i}`, name: 'x' }));
  }
  return h;
}

/** A tenant with one to three fields made nonsense. */
export function nonsenseTenant(rng: Rng): ITenant {
  const t: ITenant = { tenant_id: `fuzz-t-${rng.int(1e9)}` };
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
    switch (rng.int(9)) {
      case 0:
        t.tenant_id = rng.chance(0.3) ? '' : rng.text(rng.pick([2, 300]));
        break;
      case 1:
        t.country = rng.text(rng.pick([0, 2, 3]));
        break;
      case 2:
        t.email = rng.text(rng.pick([3, 400]));
        break;
      case 3:
        t.admin_ips = rng.pick([['300.1.1.1'], ['10.0.0.0/33'], [''], ['::1/129'], [rng.text(5)]]);
        break;
      case 4:
        t.account_created_unix_ms = rng.nastyNumber();
        break;
      case 5:
        t.aliases = Array.from({ length: rng.pick([1, 70]) }, () => rng.text(rng.pick([0, 4, 600])));
        break;
      case 6:
        t.attributes = Object.fromEntries(
          Array.from({ length: rng.pick([1, 70]) }, (_, j) => [
            rng.text(2) + j,
            rng.text(rng.pick([1, 2000])),
          ]),
        );
        break;
      case 7:
        t.reseller_id = t.tenant_id ?? '';
        break;
      default:
        t.legal_name = rng.text(rng.pick([1, 600]));
    }
  }
  return t;
}

/** The status a case must end with: OK, INVALID_ARGUMENT, RESOURCE_EXHAUSTED, or any of them. */
export type Expect = 'ok' | 'invalid' | 'exhausted' | 'any';
/** One Report stream: the frames to send and what must come back. */
export interface Case {
  readonly kind: string;
  readonly frames: Buffer[];
  readonly expect: Expect;
  /** For 'ok': segments sent in batches, which acks must account for (accepted + rejected). */
  readonly segments?: number;
  /** For 'invalid': the details must match. */
  readonly details?: RegExp;
}

/**
 * Case `i` of the Report run, drawn from `rng`; `maxBatchBytes` is the collector's
 * `--max-batch-bytes`, which the oversized cases exceed.
 */
export function reportCase(rng: Rng, i: number, maxBatchBytes: number): Case {
  const agentId = `fuzz-agent-${i}`;
  const h = encode({ hello: hello(agentId) });
  const batch = (seq: number, n = 1 + rng.int(4)): Buffer =>
    encode({ batch: { seq, segments: validSegments(agentId, n) } });
  const r = rng.next();
  if (r < 0.05) {
    return {
      kind: 'unknown-fields',
      frames: [mutate(rng, h, 'unknown-fields'), mutate(rng, batch(1, 2), 'unknown-fields')],
      expect: 'ok',
      segments: 2,
    };
  }
  if (r < 0.1) {
    const first = 2 + rng.int(10);
    return {
      kind: 'seq-backwards',
      frames: [h, batch(first), batch(first - rng.int(first + 1))],
      expect: 'invalid',
      details: new RegExp(`^batch\\.seq: expected (more than ${first}|a whole number ≥ 1)`),
    };
  }
  if (r < 0.13) {
    return {
      kind: 'batch-first',
      frames: [batch(1), h],
      expect: 'invalid',
      details: /^hello: expected the first message of the stream to be a hello, got a batch$/,
    };
  }
  if (r < 0.15) {
    return {
      kind: 'empty-message',
      frames: [Buffer.alloc(0)],
      expect: 'invalid',
      details: /^message: expected a hello or a batch/,
    };
  }
  if (r < 0.17) {
    return { kind: 'two-hellos', frames: [h, h], expect: 'invalid', details: /^hello: expected one hello/ };
  }
  if (r < 0.35) {
    const segments = Array.from({ length: 1 + rng.int(5) }, () => nonsenseSegment(rng, agentId));
    const frame = tryEncode({ batch: { seq: 1 + rng.int(1000), segments } });
    if (frame === undefined) return { kind: 'nonsense-unencodable', frames: [h], expect: 'ok', segments: 0 };
    return { kind: 'nonsense-segments', frames: [h, frame], expect: 'ok', segments: segments.length };
  }
  if (r < 0.45) {
    const frame = tryEncode({ hello: nonsenseHello(rng, agentId) });
    return { kind: 'nonsense-hello', frames: [frame ?? h, batch(1)], expect: 'any' };
  }
  if (r < 0.47) {
    const seq = rng.pick([0, -1, 2 ** 53, 2 ** 64]);
    const frame = tryEncode({ batch: { seq, segments: validSegments(agentId, 1) } });
    return { kind: 'nonsense-seq', frames: [h, frame ?? batch(1)], expect: 'any' };
  }
  if (r < 0.62) {
    return { kind: 'mutated-hello', frames: [mutate(rng, h, rng.pick(mutations)), batch(1)], expect: 'any' };
  }
  if (r < 0.82) {
    return {
      kind: 'mutated-batch',
      frames: [h, mutate(rng, batch(1), rng.pick(mutations)), batch(2)],
      expect: 'any',
    };
  }
  if (r < 0.92) {
    return {
      kind: 'random-bytes',
      frames: Array.from({ length: 1 + rng.int(3) }, () => rng.bytes(rng.int(300))),
      expect: 'any',
    };
  }
  if (r < 0.95) {
    return {
      kind: 'huge-length',
      frames: [h, Buffer.concat([key(2, 2), varint(2n ** 62n), rng.bytes(8)])],
      expect: 'invalid',
      details: /^message: cannot decode an AgentMessage from \d+ bytes: /,
    };
  }
  if (r < 0.97) {
    // Over --max-batch-bytes but inside grpc-js's slack: refused by the collector, naming both.
    const big = encode({
      batch: {
        seq: 1,
        segments: [
          segment(agentId, 't', dayAgo, dayAgo + 60_000, {
            workload_fingerprint: 'x'.repeat(maxBatchBytes + 100),
          }),
        ],
      },
    });
    return {
      kind: 'oversized-batch',
      frames: [h, big],
      expect: 'invalid',
      details: new RegExp(
        `^batch: batch of \\d+ bytes exceeds the limit of ${maxBatchBytes} bytes \\(--max-batch-bytes\\)`,
      ),
    };
  }
  if (r < 0.975) {
    // Over the limit and undecodable: the size is named first. (Only past the transport cap,
    // transportReceiveCapBytes, does grpc-js refuse a message itself, before buffering it.)
    return {
      kind: 'oversized-frame',
      frames: [h, Buffer.concat([lengthDelimited(2, rng.bytes(maxBatchBytes + 1024 * 1024 + 16))])],
      expect: 'invalid',
      details: new RegExp(
        `^batch: batch of \\d+ bytes exceeds the limit of ${maxBatchBytes} bytes \\(--max-batch-bytes\\)`,
      ),
    };
  }
  return { kind: 'silent', frames: [], expect: 'ok', segments: 0 };
}
