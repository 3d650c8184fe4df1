/**
 * Validation of tenant profiles from the provider's control plane (Tenants.Upsert and
 * `gpuwatch tenants import`): every field bounded, ids safe for Redis keys, the country an
 * ISO 3166-1 alpha-2 code. A bad tenant is rejected alone, with its first problem.
 */
import { isIP } from 'node:net';
import { quote } from '../../common/errors.js';
import type { ITenant } from '../../common/proto.js';
import type { TenantInput } from './tenant-store.js';
import {
  checkId,
  checkMultilineText,
  checkNonNegativeInt,
  checkOptionalId,
  checkText,
  type Rejection,
} from '../../common/field-checks.js';

/** Tenants in one Upsert request at most. */
export const maxTenantsPerRequest = 10_000;

const maxIdChars = 256;
const maxNameChars = 512;

function checkList(
  values: readonly string[],
  field: string,
  maxItems: number,
  check: (value: string) => string | undefined,
): [string, string] | undefined {
  if (values.length > maxItems) return [field, `expected at most ${maxItems} entries, got ${values.length}`];
  for (const [i, value] of values.entries()) {
    const problem = value === '' ? 'expected a non-empty value, got ""' : check(value);
    if (problem !== undefined) return [`${field}[${i}]`, problem];
  }
  return undefined;
}

function checkIpOrCidr(value: string): string | undefined {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const prefixOk =
    prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits && extra === undefined);
  return family !== 0 && prefixOk
    ? undefined
    : `expected an IPv4 or IPv6 address (optionally /prefix), got ${quote(value)}`;
}

function firstProblem(t: ITenant): [string, string] | undefined {
  const tenantId = t.tenant_id ?? '';
  const checks: [string, string | undefined][] = [
    ['tenant_id', checkId(tenantId, maxIdChars)],
    ['legal_name', checkText(t.legal_name ?? '', maxNameChars)],
    [
      'country',
      (t.country ?? '') === '' || /^[A-Za-z]{2}$/.test(t.country ?? '')
        ? undefined
        : `expected an ISO 3166-1 alpha-2 code such as "CN", got ${quote(t.country)}`,
    ],
    ['account_created_unix_ms', checkNonNegativeInt(t.account_created_unix_ms ?? 0)],
    ['incorporated_unix_ms', checkNonNegativeInt(t.incorporated_unix_ms ?? 0)],
    ['registration_number', checkText(t.registration_number ?? '', 256)],
    ['address', checkMultilineText(t.address ?? '', 1024)],
    ['payment_fingerprint', checkText(t.payment_fingerprint ?? '', maxNameChars)],
    [
      'email',
      checkText(t.email ?? '', 320) ??
        ((t.email ?? '') === '' || /^[^@\s]+@[^@\s]+$/.test(t.email ?? '')
          ? undefined
          : `expected an email address, got ${quote(t.email)}`),
    ],
    ['phone', checkText(t.phone ?? '', 64)],
    [
      'reseller_id',
      checkOptionalId(t.reseller_id ?? '', maxIdChars) ??
        (t.reseller_id !== '' && t.reseller_id === tenantId
          ? `expected another tenant's id, got the tenant's own ${quote(tenantId)}`
          : undefined),
    ],
  ];
  for (const [field, problem] of checks) if (problem !== undefined) return [field, problem];

  const lists: [string, readonly string[], number, (v: string) => string | undefined][] = [
    ['aliases', t.aliases ?? [], 64, (v) => checkText(v, maxNameChars)],
    ['admin_ips', t.admin_ips ?? [], 1024, checkIpOrCidr],
    ['ssh_key_fingerprints', t.ssh_key_fingerprints ?? [], 256, (v) => checkText(v, 256)],
    ['beneficial_owners', t.beneficial_owners ?? [], 64, (v) => checkText(v, maxNameChars)],
  ];
  for (const [field, values, max, check] of lists) {
    const problem = checkList(values, field, max, check);
    if (problem !== undefined) return problem;
  }

  const attributes = Object.entries(t.attributes ?? {});
  if (attributes.length > 64) return ['attributes', `expected at most 64 entries, got ${attributes.length}`];
  for (const [key, value] of attributes) {
    const keyProblem = key === '' ? 'expected a non-empty key, got ""' : checkText(key, 128);
    if (keyProblem !== undefined) return ['attributes', `key ${quote(key)}: ${keyProblem}`];
    const valueProblem = checkText(value, 1024);
    if (valueProblem !== undefined) return ['attributes', `value of ${quote(key)}: ${valueProblem}`];
  }
  return undefined;
}

/** One tenant: its validated form, or a rejection at `index` naming the first problem. */
export function validateTenant(t: ITenant, index: number): TenantInput | Rejection {
  const problem = firstProblem(t);
  if (problem !== undefined) return { index, field: problem[0], reason: problem[1] };
  return {
    tenant_id: t.tenant_id ?? '',
    legal_name: t.legal_name ?? '',
    aliases: [...(t.aliases ?? [])],
    country: (t.country ?? '').toUpperCase(),
    account_created_unix_ms: t.account_created_unix_ms ?? 0,
    incorporated_unix_ms: t.incorporated_unix_ms ?? 0,
    registration_number: t.registration_number ?? '',
    address: t.address ?? '',
    payment_fingerprint: t.payment_fingerprint ?? '',
    email: t.email ?? '',
    phone: t.phone ?? '',
    admin_ips: [...(t.admin_ips ?? [])],
    ssh_key_fingerprints: [...(t.ssh_key_fingerprints ?? [])],
    beneficial_owners: [...(t.beneficial_owners ?? [])],
    reseller_id: t.reseller_id ?? '',
    kyc_verified: t.kyc_verified ?? false,
    attributes: { ...(t.attributes ?? {}) },
  };
}

/** Splits a request's tenants into the valid ones and a rejection per bad one. */
export function validateTenants(tenants: readonly ITenant[]): {
  valid: TenantInput[];
  rejected: Rejection[];
} {
  const valid: TenantInput[] = [];
  const rejected: Rejection[] = [];
  for (const [index, t] of tenants.entries()) {
    const result = validateTenant(t, index);
    if ('reason' in result) rejected.push(result);
    else valid.push(result);
  }
  return { valid, rejected };
}
