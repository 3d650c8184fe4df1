/**
 * The synthetic fleet of the sweep benchmarks (bench/detector-sweep.ts: the rules alone;
 * bench/full-sweep.ts: the detector's whole evaluation through its queue). Deterministic: tenant
 * i's usage and profile depend only on i, the number of days and the end of the period.
 *
 * Per 1000 tenants:
 * - 5 ring members: 3–6 H100s around the clock for the whole period (accounts of one actor
 *   splitting its usage; they share a payment card, so linkage joins them);
 * - 15 long-term holders: 8–64 H100s or H200s around the clock (±10 % per hour), some starting up to
 *   40 days late (tenure below 90 days), some with a few L40 hours too;
 * - 80 mid-size: 1–4 GPUs for 4–16 hours on ~40 % of the days;
 * - 10 new accounts (created in the last 30 days) that burst to 64–128 H100s for 6 hours in
 *   their first week;
 * - 890 small and bursty: 1–8 GPUs (H100, A100, L40 or L20) for 1–6 hours on ~8 % of the days.
 *
 * Usage is written in the collector's aggregate layout (per tenant and UTC day a hash
 * `<chip model>|<HH>` → GPU-ms, plus the usage-days index) with pipelined HSETs.
 */
import type { Redis } from 'ioredis';
import type { TenantInput } from '../collector/tenants/tenant-store.js';
import type { RedisKeys } from '../common/redis-keys.js';
import { hourlyField } from '../common/usage/aggregate-fields.js';
import { dayMs, hourMs, utcDay } from '../common/usage/usage-time.js';
import type { TenantProfile } from '../detector/model.js';
import { mulberry32 } from './bench-support.js';

export type Kind = 'ring' | 'holder' | 'mid' | 'new' | 'small';

export function kindOf(i: number): Kind {
  const k = i % 1000;
  if (k < 5) return 'ring';
  if (k < 20) return 'holder';
  if (k < 100) return 'mid';
  if (k < 110) return 'new';
  return 'small';
}

export const tenantId = (i: number): string => `bench-tenant-${i}`;

/** One tenant's generated usage: day index → field → GPU-ms. */
export type Generated = Map<number, Map<string, number>>;

export function generate(
  i: number,
  days: number,
  endMs: number,
): { usage: Generated; profile: TenantProfile } {
  const rand = mulberry32(i * 2654435761 + 1);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const usage: Generated = new Map();
  const add = (hourIndex: number, model: string, gpus: number): void => {
    if (hourIndex < 0 || hourIndex >= days * 24 || gpus <= 0) return;
    const day = Math.floor(hourIndex / 24);
    const field = hourlyField(model, hourIndex % 24);
    let fields = usage.get(day);
    if (fields === undefined) {
      fields = new Map();
      usage.set(day, fields);
    }
    fields.set(field, (fields.get(field) ?? 0) + Math.round(gpus * hourMs));
  };
  const kind = kindOf(i);
  let accountCreatedMs = endMs - int(120, 1500) * dayMs;
  const totalHours = days * 24;
  if (kind === 'ring') {
    const gpus = int(3, 6);
    for (let h = 0; h < totalHours; h++) add(h, 'H100 SXM', gpus);
  } else if (kind === 'holder') {
    const gpus = int(8, 64);
    const model = rand() < 0.7 ? 'H100 SXM' : 'H200';
    const late = rand() < 0.3 ? int(1, 40) * 24 : 0;
    for (let h = late; h < totalHours; h++) add(h, model, gpus * (0.9 + 0.2 * rand()));
    if (rand() < 0.3) for (let n = int(10, 100); n > 0; n--) add(int(0, totalHours - 1), 'L40', int(1, 4));
  } else if (kind === 'new') {
    const ageDays = int(8, 29);
    accountCreatedMs = endMs - ageDays * dayMs;
    const createdHour = totalHours - ageDays * 24;
    const burstStart = createdHour + int(0, 6 * 24);
    const gpus = int(64, 128);
    for (let h = burstStart; h < burstStart + 6; h++) add(h, 'H100 SXM', gpus);
  } else {
    const mid = kind === 'mid';
    const models = ['H100 SXM', 'A100', 'L40', 'L20'];
    const model = models[int(0, models.length - 1)] ?? 'H100 SXM';
    for (let d = 0; d < days; d++) {
      if (rand() >= (mid ? 0.4 : 0.08)) continue;
      const first = d * 24 + int(0, 23);
      const length = mid ? int(4, 16) : int(1, 6);
      const gpus = mid ? int(1, 4) : int(1, 8);
      for (let h = first; h < first + length; h++) add(h, model, h === first ? gpus * rand() : gpus);
    }
  }
  const countries = ['US', 'US', 'US', 'DE', 'JP', 'GB', 'SG', 'CN', 'HK', 'FR'];
  const profile: TenantProfile = {
    tenantId: tenantId(i),
    legalName: `Bench Tenant ${i} Ltd`,
    aliases: [],
    country: countries[int(0, countries.length - 1)] ?? '',
    accountCreatedMs,
    incorporatedMs: accountCreatedMs - int(30, 3000) * dayMs,
    registrationNumber: `REG-${i}`,
    beneficialOwners: [],
    resellerId: '',
    kycVerified: rand() < 0.7,
    identities: [],
    attributes: {},
  };
  return { usage, profile };
}

/** Writes the usage of tenants 0..tenants-1 over `days` days ending at `endMs`. */
export async function writeFleetUsage(
  redis: Redis,
  keys: RedisKeys,
  tenantCount: number,
  days: number,
  endMs: number,
): Promise<{ dayHashes: number; fields: number }> {
  const dayNames = Array.from({ length: days }, (_, d) => utcDay(endMs - days * dayMs + d * dayMs));
  let dayHashes = 0;
  let fields = 0;
  for (let from = 0; from < tenantCount; from += 1000) {
    const pipe = redis.pipeline();
    for (let i = from; i < Math.min(from + 1000, tenantCount); i++) {
      const { usage } = generate(i, days, endMs);
      if (usage.size === 0) continue;
      const id = tenantId(i);
      const usageDays: string[] = [];
      for (const [d, hash] of usage) {
        const day = dayNames[d] ?? '';
        const args: (string | number)[] = [];
        for (const [field, ms] of hash) args.push(field, ms);
        pipe.hset(keys.hourly(id, day), ...args);
        usageDays.push(day, '1');
        dayHashes++;
        fields += hash.size;
      }
      pipe.hset(keys.usageDays(id), ...usageDays);
    }
    await pipe.exec();
  }
  return { dayHashes, fields };
}

const freeMail = ['gmail.com', 'outlook.com', 'qq.com', '163.com', 'proton.me'];

/**
 * Tenant i's profile as the Tenants API takes it, with linkage attributes: ring members (the
 * first five of each thousand) share a payment card and so form one linked cluster; everyone
 * else has attributes of their own, except the common values linkage must ignore (free-mail
 * domains, one of 50 NAT addresses).
 */
export function tenantInput(i: number, days: number, endMs: number): TenantInput {
  const { profile } = generate(i, days, endMs);
  const ring = kindOf(i) === 'ring';
  const ownDomain = i % 10 < 6 ? (freeMail[i % freeMail.length] ?? 'gmail.com') : `t${i}.example`;
  return {
    tenant_id: profile.tenantId,
    legal_name: profile.legalName,
    aliases: [],
    country: profile.country,
    account_created_unix_ms: profile.accountCreatedMs,
    incorporated_unix_ms: profile.incorporatedMs,
    registration_number: profile.registrationNumber,
    address: `${i} Bench Street, Springfield`,
    payment_fingerprint: ring ? `card-ring-${Math.floor(i / 1000)}` : `card-${i}`,
    email: `ops${i}@${ownDomain}`,
    phone: '',
    admin_ips: i % 10 === 9 ? [`198.51.100.${i % 50}`] : [],
    ssh_key_fingerprints: [],
    beneficial_owners: [],
    reseller_id: '',
    kyc_verified: profile.kycVerified,
    attributes: {},
  };
}
