/**
 * The blocking of ScreeningMatcher (name-match.ts): the keys under which list tokens are indexed
 * and looked up, and the cheap bounds that skip a token pair which cannot reach a Jaro–Winkler
 * similarity. Hot: a sweep screens every tenant's names through these.
 */

/**
 * False when tokens of these lengths cannot reach Jaro–Winkler `bound`: Jaro is at most
 * (2 + short/long) / 3, and the prefix bonus adds at most 0.4 × (1 − Jaro).
 */
export function lengthsAllow(la: number, lb: number, bound: number): boolean {
  const ratio = Math.min(la, lb) / Math.max(la, lb, 1);
  const maxJaro = (2 + ratio) / 3;
  return maxJaro + 0.4 * (1 - maxJaro) >= bound;
}

/** The set of a token's characters, folded into 32 bits (code unit mod 32). */
export function letterMask(token: string): number {
  let mask = 0;
  for (let i = 0; i < token.length; i++) mask |= 1 << (token.charCodeAt(i) & 31);
  return mask;
}

/**
 * False when the tokens cannot reach Jaro–Winkler `bound`: a character of one whose (folded)
 * character is absent from the other cannot match, so the matches are at most the characters
 * present on both sides, and Jaro at most (m/|a| + m/|b| + 1) / 3.
 */
export function lettersAllow(a: string, maskA: number, b: string, maskB: number, bound: number): boolean {
  let inA = 0;
  for (let i = 0; i < a.length; i++) if (maskB & (1 << (a.charCodeAt(i) & 31))) inA++;
  let inB = 0;
  for (let i = 0; i < b.length; i++) if (maskA & (1 << (b.charCodeAt(i) & 31))) inB++;
  const m = Math.min(inA, inB);
  if (m === 0) return bound <= 0;
  const maxJaro = (m / a.length + m / b.length + 1) / 3;
  return (maxJaro > 0.7 ? maxJaro + 0.4 * (1 - maxJaro) : maxJaro) >= bound;
}

/** Tokens this long or longer are blocked on four characters among themselves. */
const longToken = 8;

/**
 * Blocking keys under which a list token is indexed: its first and last three characters, in
 * its length class (shorter than {@link longToken}: "a", longer: "b"), and for a long token also
 * its first and last four ("c"), which long query tokens use (smaller blocks).
 */
export function indexKeys(token: string): string[] {
  const three = [`p${token.slice(0, 3)}`, `s${token.slice(-3)}`];
  if (token.length < longToken) return three.map((k) => `a${k}`);
  return [...three.map((k) => `b${k}`), `cp${token.slice(0, 4)}`, `cs${token.slice(-4)}`];
}

/**
 * Blocking keys a query token looks up at similarity `bound`: short list tokens by three
 * characters; long ones by four when the query token is long too, else by three; a class is
 * skipped when no token of its lengths can reach the bound.
 */
export function queryKeys(token: string, bound: number): string[] {
  const keys: string[] = [];
  const three = [`p${token.slice(0, 3)}`, `s${token.slice(-3)}`];
  if (token.length < longToken || lengthsAllow(token.length, longToken - 1, bound))
    keys.push(...three.map((k) => `a${k}`));
  if (token.length >= longToken) keys.push(`cp${token.slice(0, 4)}`, `cs${token.slice(-4)}`);
  else if (lengthsAllow(token.length, longToken, bound)) keys.push(...three.map((k) => `b${k}`));
  return keys;
}
