/**
 * Linkage attributes (docs/design.md §5, §6.2) are stored and compared only as keyed digests of their
 * normalized form: `hmac-sha256:<hex>` of `<kind>:<normalized value>`. Normalizing first makes
 * "Ops+billing@Example.COM " and "ops@example.com" one identity; keying the digest (the key comes
 * from config) keeps a leaked database from being reversed by hashing a list of known values.
 * The collector writes these digests; the detector compares them.
 */
import { createHmac } from 'node:crypto';
import { isIP, SocketAddress } from 'node:net';

/** The kinds of linkage attribute the identity index holds, one digest namespace each. */
export type IdentityKind =
  | 'payment_fingerprint'
  | 'email'
  | 'email_domain'
  | 'phone'
  | 'address'
  | 'admin_ip'
  | 'ssh_key'
  | 'registration_number'
  | 'beneficial_owner';

export const identityKinds: readonly IdentityKind[] = Object.freeze([
  'payment_fingerprint',
  'email',
  'email_domain',
  'phone',
  'address',
  'admin_ip',
  'ssh_key',
  'registration_number',
  'beneficial_owner',
]);

/** Prefix of every digest string, naming the algorithm so it can change later. */
export const digestPrefix = 'hmac-sha256:';

function text(value: string): string {
  return value.normalize('NFKC').trim();
}

/** Lowercased, trimmed; a `+tag` in the local part is dropped ("a+b@x.io" → "a@x.io"). */
export function normalizeEmail(value: string): string {
  const email = text(value).toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  const local = email.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}@${email.slice(at + 1)}`;
}

/** The domain of the normalized email ("" when there is no `@`). */
export function emailDomain(value: string): string {
  const email = normalizeEmail(value);
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1);
}

/** Digits only, keeping a leading "+" ("+1 (555) 010-0199" → "+15550100199"). */
export function normalizePhone(value: string): string {
  const t = text(value);
  const digits = t.replace(/\D/g, '');
  if (digits === '') return '';
  return t.startsWith('+') ? `+${digits}` : digits;
}

/** Common street-address words and their usual abbreviations, so both spellings meet. */
const addressAbbreviations: Readonly<Record<string, string>> = Object.freeze({
  street: 'st',
  road: 'rd',
  avenue: 'ave',
  boulevard: 'blvd',
  building: 'bldg',
  floor: 'fl',
  suite: 'ste',
  room: 'rm',
  drive: 'dr',
  lane: 'ln',
  district: 'dist',
  apartment: 'apt',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
});

/** Lowercase, punctuation → space, spaces collapsed, common words abbreviated ("Street" → "st"). */
export function normalizeAddress(value: string): string {
  return text(value)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => addressAbbreviations[w] ?? w)
    .join(' ');
}

/**
 * Canonical IP text: IPv4 dotted quad, IPv6 compressed lowercase (zone dropped), an IPv4-mapped
 * IPv6 address as its IPv4 form. Anything that is not an IP address is kept trimmed and
 * lowercased, so a digest is still well defined (validation decides whether to accept it).
 */
export function normalizeIp(value: string): string {
  const t = text(value).toLowerCase();
  const family = isIP(t);
  if (family === 0) return t;
  const canonical = new SocketAddress({ address: t, family: family === 4 ? 'ipv4' : 'ipv6' }).address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
  return mapped?.[1] ?? canonical;
}

/** Fingerprints (SSH key, payment token) are opaque: only surrounding space is removed. */
export function normalizeFingerprint(value: string): string {
  return text(value);
}

/** Upper-case letters and digits only ("hrb-123 456" → "HRB123456"). */
export function normalizeRegistrationNumber(value: string): string {
  return text(value)
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Lowercase with runs of white space collapsed to one space. */
export function normalizePersonName(value: string): string {
  return text(value).toLowerCase().replace(/\s+/g, ' ');
}

const normalizers: Readonly<Record<IdentityKind, (value: string) => string>> = Object.freeze({
  payment_fingerprint: normalizeFingerprint,
  email: normalizeEmail,
  // A domain given on its own (or a whole address) normalizes to the bare domain.
  email_domain: (value: string) => (value.includes('@') ? emailDomain(value) : text(value).toLowerCase()),
  phone: normalizePhone,
  address: normalizeAddress,
  admin_ip: normalizeIp,
  ssh_key: normalizeFingerprint,
  registration_number: normalizeRegistrationNumber,
  beneficial_owner: normalizePersonName,
});

/** The normalized form of a value of the given kind. */
export function normalizeIdentity(kind: IdentityKind, value: string): string {
  return normalizers[kind](value);
}

/**
 * `hmac-sha256:<hex>` of `<kind>:<normalized value>` under `key`; "" when the value normalizes
 * to nothing (an empty attribute links nobody).
 */
export function digest(kind: IdentityKind, value: string, key: Buffer | string): string {
  const normalized = normalizeIdentity(kind, value);
  if (normalized === '') return '';
  return digestPrefix + createHmac('sha256', key).update(`${kind}:${normalized}`).digest('hex');
}
