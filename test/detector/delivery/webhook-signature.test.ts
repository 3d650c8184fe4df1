import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  parseSecretFile,
  parseWebhookSecret,
  signWebhook,
} from '../../../detector/delivery/webhook-signature.js';

// The example of the Standard Webhooks specification and its reference libraries.
const specSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const specId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const specTimestamp = 1614265330;
const specBody = '{"test": 2432232314}';
const specSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

function key(secret: string): Buffer {
  const k = parseWebhookSecret(secret);
  if (typeof k === 'string') throw new Error(k);
  return k;
}

const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

describe('webhook signing', () => {
  it('signs the specification example to its published signature', () => {
    expect(signWebhook([key(specSecret)], specId, specTimestamp, specBody)).toBe(specSignature);
  });

  it('gives the same signature as the standardwebhooks package', () => {
    const secret = newSecret();
    const body = JSON.stringify({ type: 'alert.opened', data: { alert_id: 'al-1', evidence: { ü: '√' } } });
    const ts = 1_700_000_000;
    expect(signWebhook([key(secret)], 'al-1:1', ts, body)).toBe(
      new Webhook(secret).sign('al-1:1', new Date(ts * 1000), body),
    );
  });

  it('signs with every secret during a key rotation, and either secret verifies', () => {
    const [oldSecret, newer] = [newSecret(), newSecret()];
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"type":"alert.updated"}';
    const header = signWebhook([key(oldSecret), key(newer)], 'al-2:7', ts, body);
    const parts = header.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.startsWith('v1,'))).toBe(true);
    const headers = { 'webhook-id': 'al-2:7', 'webhook-timestamp': String(ts), 'webhook-signature': header };
    for (const s of [oldSecret, newer]) expect(() => new Webhook(s).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
  });

  it('changes with the id, the timestamp and the body', () => {
    const k = [key(specSecret)];
    const base = signWebhook(k, specId, specTimestamp, specBody);
    expect(signWebhook(k, `${specId}x`, specTimestamp, specBody)).not.toBe(base);
    expect(signWebhook(k, specId, specTimestamp + 1, specBody)).not.toBe(base);
    expect(signWebhook(k, specId, specTimestamp, `${specBody} `)).not.toBe(base);
  });

  it.each([
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'expected a secret starting with "whsec_"'],
    ['not base64', 'whsec_not*base64!', 'expected base64 after "whsec_"'],
    [
      'too short',
      `whsec_${Buffer.alloc(8).toString('base64')}`,
      'expected 24..64 bytes after decoding, got 8',
    ],
    [
      'too long',
      `whsec_${Buffer.alloc(80).toString('base64')}`,
      'expected 24..64 bytes after decoding, got 80',
    ],
  ])('refuses a secret with %s, without quoting it', (_what, secret, reason) => {
    expect(parseWebhookSecret(secret)).toBe(reason);
  });

  it('reads one secret per line, skipping blanks and comments, and names the bad line', () => {
    const good = newSecret();
    const { keys, problems } = parseSecretFile(`# rotation\n${good}\n\nwhsec_short\n`, '/etc/s');
    expect(keys).toHaveLength(1);
    expect(problems).toEqual(['"/etc/s" line 4: expected base64 after "whsec_"']);
    expect(parseSecretFile('\n# nothing\n', '/etc/e').problems).toEqual([
      '"/etc/e" holds no secret: expected one whsec_… secret per line',
    ]);
  });
});
