import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  digest,
  emailDomain,
  identityKinds,
  normalizeIdentity,
  type IdentityKind,
} from '../../../common/tenants/identity-digest.js';

const key = Buffer.from('test-key-0123456789');

describe('normalizeIdentity', () => {
  it.each<[IdentityKind, string, string]>([
    ['email', '  Ops+Billing@Example.COM ', 'ops@example.com'],
    ['email', 'plain@example.com', 'plain@example.com'],
    ['email', '+tag@example.com', '+tag@example.com'],
    ['email', 'not-an-email', 'not-an-email'],
    ['email_domain', 'Ops+x@Example.COM', 'example.com'],
    ['email_domain', ' Example.COM ', 'example.com'],
    ['phone', '+1 (555) 010-0199', '+15550100199'],
    ['phone', '00 86 10 1234 5678', '00861012345678'],
    ['phone', 'n/a', ''],
    ['address', '12, Main Street;  Building 3 — Floor 4', '12 main st bldg 3 fl 4'],
    ['address', '12 MAIN ST. BLDG 3, FL 4', '12 main st bldg 3 fl 4'],
    ['address', '北京市 海淀区 1号', '北京市 海淀区 1号'],
    ['admin_ip', ' 203.0.113.7 ', '203.0.113.7'],
    ['admin_ip', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['admin_ip', '::FFFF:198.51.100.2', '198.51.100.2'],
    ['admin_ip', 'fe80::1%eth0', 'fe80::1'],
    ['admin_ip', 'not-an-ip', 'not-an-ip'],
    ['ssh_key', ' SHA256:AbC/dEf+123= ', 'SHA256:AbC/dEf+123='],
    ['payment_fingerprint', ' tok_ABC ', 'tok_ABC'],
    ['registration_number', 'hrb-123 456', 'HRB123456'],
    ['registration_number', '91110000-MA01', '91110000MA01'],
    ['beneficial_owner', '  Zhang   WEI ', 'zhang wei'],
  ])('%s %j → %j', (kind, value, want) => {
    expect(normalizeIdentity(kind, value)).toBe(want);
  });

  it('derives the domain of an email', () => {
    expect(emailDomain('A@Sub.Example.org')).toBe('sub.example.org');
    expect(emailDomain('nobody')).toBe('');
  });
});

describe('digest', () => {
  it('is the keyed HMAC-SHA256 of "<kind>:<normalized value>"', () => {
    const want = createHmac('sha256', key).update('email:ops@example.com').digest('hex');
    expect(digest('email', 'OPS+x@example.com', key)).toBe(`hmac-sha256:${want}`);
  });

  it('gives equal digests for spellings of one value, different ones across kinds and keys', () => {
    expect(digest('phone', '+1 555 010 0199', key)).toBe(digest('phone', '+1-555-010-0199', key));
    expect(digest('ssh_key', 'x', key)).not.toBe(digest('payment_fingerprint', 'x', key));
    expect(digest('email', 'a@b.c', key)).not.toBe(digest('email', 'a@b.c', Buffer.from('other')));
  });

  it.each(identityKinds)('is "" for an empty %s', (kind) => {
    expect(digest(kind, '  ', key)).toBe('');
  });
});
