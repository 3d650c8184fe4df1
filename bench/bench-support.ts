/** What several benchmarks share: their Redis, their seeded randomness, their numeric options. */

/** The Redis a benchmark writes to (under a random prefix it deletes): GPUWATCH_BENCH_REDIS_URL, else the tests'. */
export const benchRedisUrl =
  process.env.GPUWATCH_BENCH_REDIS_URL ?? process.env.GPUWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** mulberry32: a small seeded generator, so every run builds the same population. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positive(value: number, what: string, raw: string | undefined): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${what}: expected a positive integer, got "${raw ?? ''}"`);
  }
  return value;
}

/** `--name N` from the command line, or `fallback`. */
export function argInt(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const raw = process.argv[i + 1];
  return positive(Number(raw), `--${name}`, raw);
}

/** Environment variable `name` as a positive integer, or `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  return positive(Number(raw ?? fallback), name, raw);
}
