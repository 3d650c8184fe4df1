/** Builders of detector inputs for the rule tests: hourly usage, profiles, links and clusters. */
import { chipByModel } from '../../common/chips/chips.js';
import { dayMs, hourMs } from '../../common/usage/usage-time.js';
import type { Cluster, Link, LinkEvidence, TenantProfile } from '../../detector/model.js';
import type { HourlyUsage, TenantUsage } from '../../common/usage/tenant-usage.js';
import { parsePolicy, type Policy } from '../../detector/policy.js';

export { dayMs, hourMs };

/** The watermark most tests evaluate at: 2026-06-01T00:00Z, on a day edge. */
export const nowMs = Date.parse('2026-06-01T00:00:00Z');

export const policy: Policy = parsePolicy({ version: 'test-1' });

/** A policy with some fields changed (same shape as the file). */
export function policyWith(overrides: Record<string, unknown>): Policy {
  return parsePolicy({ version: 'test-1', ...overrides });
}

export interface SpanOptions {
  /** Start of the first hour, Unix ms (rounded down to the hour). */
  readonly fromMs: number;
  /** End, exclusive (rounded down to the hour). */
  readonly toMs: number;
  /** Concurrent GPUs in each hour: a constant, or per hour start. */
  readonly gpus: number | ((hourStartMs: number) => number);
  /** Canonical model of chips.ts; default "H100 SXM" (3A090.a, 1 H100e, dense peak FLOP/s from the chip table). */
  readonly chipModel?: string;
}

/** Hourly usage of `gpus` concurrent GPUs for every hour of `[fromMs, toMs)`. */
export function span(o: SpanOptions): HourlyUsage[] {
  const chip = chipByModel(o.chipModel ?? 'H100 SXM');
  const out: HourlyUsage[] = [];
  for (
    let h = Math.floor(o.fromMs / hourMs) * hourMs;
    h < Math.floor(o.toMs / hourMs) * hourMs;
    h += hourMs
  ) {
    const gpus = typeof o.gpus === 'number' ? o.gpus : o.gpus(h);
    if (gpus <= 0) continue;
    const gpuSeconds = gpus * 3600;
    out.push({
      hourStartMs: h,
      chipModel: chip.model,
      controlClass: chip.controlClass,
      gpuSeconds,
      h100eSeconds: gpuSeconds * chip.h100e,
      peakFlop: gpuSeconds * (chip.densePeakFlops ?? 0),
    });
  }
  return out;
}

/** The last `days` days before `endMs` (default nowMs) at `gpus`. */
export function lastDays(
  days: number,
  gpus: number,
  o: Partial<SpanOptions> & { endMs?: number } = {},
): HourlyUsage[] {
  const endMs = o.endMs ?? nowMs;
  return span({
    fromMs: endMs - days * dayMs,
    toMs: endMs,
    gpus,
    ...(o.chipModel ? { chipModel: o.chipModel } : {}),
  });
}

/** One tenant's usage from pieces, sorted by hour (models within an hour keep their order). */
export function usage(tenantId: string, ...pieces: HourlyUsage[][]): TenantUsage {
  return { tenantId, hours: pieces.flat().sort((a, b) => a.hourStartMs - b.hourStartMs) };
}

/** A verified tenant in the Netherlands created two years before nowMs; override what matters. */
export function profile(tenantId: string, o: Partial<TenantProfile> = {}): TenantProfile {
  return {
    tenantId,
    legalName: `${tenantId} B.V.`,
    aliases: [],
    country: 'NL',
    accountCreatedMs: nowMs - 730 * dayMs,
    incorporatedMs: nowMs - 3650 * dayMs,
    registrationNumber: '',
    beneficialOwners: [],
    resellerId: '',
    kycVerified: true,
    identities: [],
    attributes: {},
    ...o,
  };
}

/** A link between two tenants sharing values of the given kinds (digest "<kind>:<n>"). */
export function link(a: string, b: string, kinds: readonly LinkEvidence['kind'][], n = 1): Link {
  const evidence = kinds.map((kind) => ({
    kind,
    digest: `hmac-sha256:${kind}-${n}`,
    weight: 5,
    sharedBy: 2,
  }));
  return { a, b, score: evidence.reduce((s, e) => s + e.weight, 0), evidence };
}

export function cluster(tenantIds: readonly string[], links: readonly Link[] = []): Cluster {
  const sorted = [...tenantIds].sort();
  return {
    clusterId: `c:${sorted.join(',')}`,
    tenantIds: sorted,
    anchorTenantId: sorted[0] ?? '',
    links,
  };
}
