/**
 * Deterministic fuzzing tools: a seeded PRNG and byte-level mutators of protobuf frames
 * (truncation, bit flips, huge varints, wrong wire types, unknown fields, random bytes). The
 * same seed gives the same cases, so a failure is reproduced by running the test again.
 */

/** mulberry32: small, fast, good enough to spread cases; not for anything secret. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  /** A string of `n` characters drawn from ASCII, control characters, braces and non-BMP code points. */
  text(n: number): string {
    const alphabet = [
      'a',
      'Z',
      '0',
      '-',
      '_',
      ':',
      '{',
      '}',
      '*',
      ' ',
      '\n',
      '\u0000',
      'é',
      '有',
      '😀',
      '\\',
      '"',
    ];
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(alphabet);
    return s;
  }
  /** A number of an unpleasant kind: 0, negative, huge, fractional, NaN, ±Infinity, 2^53 and beyond. */
  nastyNumber(): number {
    return this.pick([
      0,
      -1,
      1,
      0.5,
      1.7,
      -0.0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2 ** 31,
      2 ** 32,
      2 ** 53,
      2 ** 63,
      -(2 ** 63),
      Number.MAX_SAFE_INTEGER,
      Date.now() + 10 * 365 * 86_400_000,
      Date.now() - 1000 * 86_400_000,
    ]);
  }
}

/** A varint encoding of `value` (up to 2^64 - 1, given as a bigint). */
export function varint(value: bigint): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

/** Key of a field: (number << 3) | wire type. */
export function key(field: number, wireType: number): Buffer {
  return varint(BigInt((field << 3) | wireType));
}

/** Length-delimited field `field` holding `bytes`. */
export function lengthDelimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([key(field, 2), varint(BigInt(bytes.length)), bytes]);
}

export type Mutation =
  | 'truncate'
  | 'bit-flip'
  | 'huge-varint'
  | 'wrong-wire-type'
  | 'unknown-fields'
  | 'overlong-length'
  | 'splice-random'
  | 'duplicate-tail';

export const mutations: readonly Mutation[] = [
  'truncate',
  'bit-flip',
  'huge-varint',
  'wrong-wire-type',
  'unknown-fields',
  'overlong-length',
  'splice-random',
  'duplicate-tail',
];

/** `frame` changed by one `mutation`. */
export function mutate(rng: Rng, frame: Buffer, mutation: Mutation): Buffer {
  const at = frame.length === 0 ? 0 : rng.int(frame.length);
  switch (mutation) {
    case 'truncate':
      return frame.subarray(0, at);
    case 'bit-flip': {
      const copy = Buffer.from(frame);
      for (let i = 0, n = 1 + rng.int(4); i < n && copy.length > 0; i++) {
        const pos = rng.int(copy.length);
        copy[pos] = (copy[pos] ?? 0) ^ (1 << rng.int(8));
      }
      return copy;
    }
    case 'huge-varint':
      // Ten bytes of continuation (an 11-byte varint is malformed), or a length of 2^63.
      return Buffer.concat([
        frame.subarray(0, at),
        rng.chance(0.5) ? Buffer.alloc(11, 0xff) : Buffer.concat([key(1 + rng.int(3), 2), varint(2n ** 63n)]),
        frame.subarray(at),
      ]);
    case 'wrong-wire-type':
      // Field 1 or 2 of the envelope (hello, batch) with a wire type the schema does not use there.
      return Buffer.concat([
        key(1 + rng.int(2), rng.pick([0, 1, 3, 4, 5, 6, 7])),
        rng.bytes(rng.int(12)),
        frame,
      ]);
    case 'unknown-fields':
      // Well-formed fields the schema does not know: a decoder must skip them.
      return Buffer.concat([
        frame,
        key(15, 0),
        varint(BigInt(rng.int(1_000_000))),
        lengthDelimited(100 + rng.int(1000), rng.bytes(rng.int(32))),
        key(2047, 5),
        rng.bytes(4),
      ]);
    case 'overlong-length':
      // A length prefix that runs past the end of the frame.
      return Buffer.concat([frame, key(2, 2), varint(BigInt(frame.length + 1 + rng.int(1 << 20)))]);
    case 'splice-random':
      return Buffer.concat([frame.subarray(0, at), rng.bytes(1 + rng.int(16)), frame.subarray(at)]);
    case 'duplicate-tail':
      return Buffer.concat([frame, frame.subarray(at)]);
  }
}

/** VmRSS of a process in bytes (Linux). */
export async function rssBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (m === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}
