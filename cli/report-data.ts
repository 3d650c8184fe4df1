/**
 * The data of `gpuwatch report` (docs/design.md §9): controlled-chip usage per tenant and per
 * linked cluster, by calendar month (UTC), in GPU-hours and H100-equivalent hours, split by
 * export-control class.
 *
 * - Source: the daily aggregates, through common/usage/usage-reader.ts (kept ≥ 5 years), not the
 *   hourly ones (120 days), so a report reaches as far back as the records do. The range is
 *   therefore whole UTC days: from inclusive, to exclusive.
 * - Classes: 3A090.a, 3A090.b, licence-bandwidth and unclassified (controlled until reviewed).
 *   Not-controlled chips are left out: the report is about controlled chips; `gpuwatch usage`
 *   shows everything a tenant ran.
 * - H100-equivalents: GPU-hours × TPP ÷ 15 832 per chip model (common/chips/chips.ts); an
 *   unclassified chip counts as one H100.
 * - Clusters: linked as of now, by the detector's linkage over every tenant (the periodic sweep's
 *   view) under the policy's weights; only clusters of two or more tenants are listed (a tenant
 *   linked to nobody is its own cluster, already in the tenant rows). Cluster figures are sums of
 *   the members' exact GPU-milliseconds, rounded once.
 * - Tenants are read with SSCAN of the tenants set in batches, each batch one pipeline.
 */
import { chipByModel, controlClasses, type ControlClass } from '../common/chips/chips.js';
import type { RedisClient } from '../common/redis.js';
import type { RedisKeys } from '../common/redis-keys.js';
import { RedisUsageReader } from '../common/usage/usage-reader.js';
import { utcDay } from '../common/usage/usage-time.js';
import { RedisIdentityGraph } from '../detector/linkage/identity-graph.js';
import { LinkageResolver } from '../detector/linkage/linkage-resolver.js';
import type { LinkagePolicySource } from '../detector/linkage/linkage-policy-source.js';

/** The classes a report counts, in column order; `not-controlled` is left out (see above). */
export const reportedClasses: readonly ControlClass[] = Object.freeze(
  controlClasses.filter((c) => c !== 'not-controlled'),
);

/** Batches whose pipelines may be outstanding at once. */
const pipelinesInFlight = 4;

/** GPU-milliseconds (exact) and H100-equivalent milliseconds of one month and class. */
interface Amount {
  gpuMs: number;
  h100eMs: number;
}

/** month "YYYY-MM" → class → amount. */
type MonthlyUsage = Map<string, Map<ControlClass, Amount>>;

/** One row of the report: a tenant or a cluster, a month, a class. */
export interface ReportRow {
  /** "" for cluster rows. */
  readonly tenantId: string;
  readonly clusterId: string;
  /** Cluster rows: the members, sorted; tenant rows: []. */
  readonly clusterMembers: readonly string[];
  /** "YYYY-MM". */
  readonly month: string;
  /** The part of the month inside the report: first day inclusive, last exclusive ("YYYY-MM-DD"). */
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly controlClass: ControlClass;
  readonly gpuHours: number;
  readonly h100eHours: number;
}

/** The whole report. */
export interface Report {
  /** "YYYY-MM-DD", inclusive. */
  readonly from: string;
  /** "YYYY-MM-DD", exclusive. */
  readonly to: string;
  readonly policySource: string;
  readonly policyVersion: string;
  readonly tenantsRead: number;
  readonly tenants: readonly ReportRow[];
  readonly clusters: readonly ReportRow[];
}

/** Where progress goes; silent unless asked for. */
export interface Progress {
  update(text: string): void;
  done(text: string): void;
}

export const silentProgress: Progress = { update: () => undefined, done: () => undefined };

function addAmount(into: Map<ControlClass, Amount>, cls: ControlClass, gpuMs: number, h100eMs: number): void {
  const a = into.get(cls);
  if (a === undefined) into.set(cls, { gpuMs, h100eMs });
  else {
    a.gpuMs += gpuMs;
    a.h100eMs += h100eMs;
  }
}

/** Options of buildReport. */
export interface BuildReportOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Start of the first UTC day of the report, Unix ms. */
  readonly fromMs: number;
  /** Start of the UTC day after the report, Unix ms (exclusive). */
  readonly toMs: number;
  readonly policy: LinkagePolicySource;
  /** Tenants per SSCAN batch and pipeline. */
  readonly batchSize: number;
  /** Default: silent. */
  readonly progress?: Progress;
}

/** Reads the daily aggregates of every tenant and the linkage, and builds the rows. */
export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const { redis, keys, fromMs, toMs, batchSize } = options;
  const progress = options.progress ?? silentProgress;
  const fromDay = utcDay(fromMs);
  const toDay = utcDay(toMs);
  // One pipeline per SSCAN batch: the report keeps several batches in flight itself.
  const reader = new RedisUsageReader({ redis, keys, batchSize, concurrency: 1 });
  const classOf = new Map<string, { cls: ControlClass; h100e: number }>();
  const usage = new Map<string, MonthlyUsage>();
  const seen = new Set<string>();
  const startedMs = Date.now();

  const readBatch = async (ids: readonly string[]): Promise<void> => {
    for (const { tenantId, days } of await reader.manyTenantDailyUsage(ids, fromMs, toMs)) {
      for (const { day, chipModel, gpuMs } of days) {
        let chip = classOf.get(chipModel);
        if (chip === undefined) {
          const c = chipByModel(chipModel);
          chip = { cls: c.controlClass, h100e: c.h100e };
          classOf.set(chipModel, chip);
        }
        if (chip.cls === 'not-controlled') continue;
        let byMonth = usage.get(tenantId);
        if (byMonth === undefined) {
          byMonth = new Map();
          usage.set(tenantId, byMonth);
        }
        const month = day.slice(0, 7);
        let byClass = byMonth.get(month);
        if (byClass === undefined) {
          byClass = new Map();
          byMonth.set(month, byClass);
        }
        addAmount(byClass, chip.cls, gpuMs, gpuMs * chip.h100e);
      }
    }
    progress.update(`report: ${seen.size} tenants read, ${usage.size} with controlled-chip usage`);
  };

  // A few pipelines in flight, so Redis answers one batch while Node parses another and the next
  // SSCAN is on its way.
  const inFlight: Promise<void>[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.sscan(keys.tenants(), cursor, 'COUNT', batchSize);
    cursor = next;
    // SSCAN may return a member twice (the set can be rehashed between calls).
    const ids = batch.filter((id) => !seen.has(id));
    for (const id of ids) seen.add(id);
    if (ids.length === 0) continue;
    const read = readBatch(ids);
    read.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
    inFlight.push(read);
    if (inFlight.length >= pipelinesInFlight) await inFlight.shift();
  } while (cursor !== '0');
  await Promise.all(inFlight);

  progress.update(`report: linking ${seen.size} tenants`);
  const resolver = new LinkageResolver({
    source: new RedisIdentityGraph({ redis, keys }),
    linkage: options.policy.linkage,
  });
  const sweep = await resolver.clusterAll();

  const period = (month: string): { periodFrom: string; periodTo: string } => {
    const start = Date.parse(`${month}-01T00:00:00Z`);
    const [y, m] = month.split('-').map(Number);
    const end = Date.UTC(y ?? 0, m ?? 1); // first of the next month
    return { periodFrom: utcDay(Math.max(start, fromMs)), periodTo: utcDay(Math.min(end, toMs)) };
  };
  const rowsOf = (
    byMonth: MonthlyUsage,
    subject: Pick<ReportRow, 'tenantId' | 'clusterId' | 'clusterMembers'>,
  ): ReportRow[] => {
    const rows: ReportRow[] = [];
    for (const month of [...byMonth.keys()].sort()) {
      const byClass = byMonth.get(month);
      for (const cls of reportedClasses) {
        const a = byClass?.get(cls);
        if (a === undefined || a.gpuMs <= 0) continue;
        rows.push({
          ...subject,
          month,
          ...period(month),
          controlClass: cls,
          gpuHours: a.gpuMs / 3_600_000,
          h100eHours: a.h100eMs / 3_600_000,
        });
      }
    }
    return rows;
  };

  const tenants: ReportRow[] = [];
  for (const [id, byMonth] of [...usage].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    tenants.push(
      ...rowsOf(byMonth, {
        tenantId: id,
        clusterId: sweep.clusterOf(id).clusterId,
        clusterMembers: [],
      }),
    );
  }
  const clusters: ReportRow[] = [];
  for (const cluster of sweep.clusters) {
    const sum: MonthlyUsage = new Map();
    for (const member of cluster.tenantIds) {
      for (const [month, byClass] of usage.get(member) ?? []) {
        let into = sum.get(month);
        if (into === undefined) {
          into = new Map();
          sum.set(month, into);
        }
        for (const [cls, a] of byClass) addAmount(into, cls, a.gpuMs, a.h100eMs);
      }
    }
    clusters.push(
      ...rowsOf(sum, { tenantId: '', clusterId: cluster.clusterId, clusterMembers: cluster.tenantIds }),
    );
  }
  progress.done(
    `report: ${seen.size} tenants read, ${usage.size} with controlled-chip usage, ${sweep.clusters.length} linked cluster${sweep.clusters.length === 1 ? '' : 's'}, in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`,
  );
  return {
    from: fromDay,
    to: toDay,
    policySource: options.policy.source,
    policyVersion: options.policy.version,
    tenantsRead: seen.size,
    tenants,
    clusters,
  };
}
