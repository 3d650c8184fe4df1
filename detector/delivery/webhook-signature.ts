/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/, docs/design.md §7) with node:crypto:
 * `webhook-signature` is `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` under the decoded
 * `whsec_` secret; an endpoint with several secrets (a key rotation) gets one signature per
 * secret, space-separated, so receivers on the old or the new secret both verify.
 */
import { createHmac } from 'node:crypto';
import { quote } from '../../common/errors.js';

/** Prefix of a Standard Webhooks secret; the rest is base64. */
export const secretPrefix = 'whsec_';
/** Decoded secret length the specification asks for, bytes. */
export const minSecretBytes = 24;
export const maxSecretBytes = 64;

/** The HMAC key of a `whsec_…` secret, or the problem with it (never quoting the secret). */
export function parseWebhookSecret(text: string): Buffer | string {
  const t = text.trim();
  if (!t.startsWith(secretPrefix)) return `expected a secret starting with "${secretPrefix}"`;
  const b64 = t.slice(secretPrefix.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0)
    return `expected base64 after "${secretPrefix}"`;
  const key = Buffer.from(b64, 'base64');
  if (key.length < minSecretBytes || key.length > maxSecretBytes)
    return `expected ${minSecretBytes}..${maxSecretBytes} bytes after decoding, got ${key.length}`;
  return key;
}

/** Secrets of a secret file: one `whsec_` secret per non-empty line, `#` comments allowed. */
export function parseSecretFile(text: string, path: string): { keys: Buffer[]; problems: string[] } {
  const keys: Buffer[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const parsed = parseWebhookSecret(t);
    if (typeof parsed === 'string') problems.push(`${quote(path)} line ${i + 1}: ${parsed}`);
    else keys.push(parsed);
  });
  if (keys.length === 0 && problems.length === 0)
    problems.push(`${quote(path)} holds no secret: expected one whsec_… secret per line`);
  return { keys, problems };
}

/** The `webhook-signature` header value for one message. */
export function signWebhook(
  keys: readonly Buffer[],
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const content = `${id}.${timestampSeconds}.${body}`;
  return keys.map((k) => `v1,${createHmac('sha256', k).update(content).digest('base64')}`).join(' ');
}
