/**
 * `gpuwatch report --from DATE --to DATE`: controlled-chip usage per tenant and per linked
 * cluster, by calendar month (UTC), in GPU-hours and H100-equivalent hours, split by export-control
 * class — the table a regulator or an auditor asks for (docs/design.md §9).
 *
 * - Source: the daily aggregates (`keys.daily`, GPU-ms per chip model and UTC day, kept ≥ 5
 *   years), not the hourly ones (120 days), so a report reaches as far back as the records do.
 *   The range is therefore whole UTC days: `--from` inclusive, `--to` exclusive.
 * - Classes: 3A090.a, 3A090.b, licence-bandwidth and unclassified (controlled until reviewed).
 *   Not-controlled chips are left out: the report is about controlled chips; `gpuwatch usage`
 *   shows everything a tenant ran.
 * - H100-equivalents: GPU-hours × TPP ÷ 15 832 per chip model (common/chips/chips.ts); an unclassified
 *   chip counts as one H100.
 * - Clusters: linked as of now, by the detector's linkage over every tenant (the periodic sweep's
 *   view) under the policy's weights; only clusters of two or more tenants are listed (a tenant
 *   linked to nobody is its own cluster, already in the tenant rows). Cluster figures are sums of
 *   the members' exact GPU-milliseconds, rounded once.
 * - Tenants are read with SSCAN of the tenants set in batches, each batch one pipeline.
 */
import { writeFileAtomic } from '../common/atomic-file.js';
import { chipByModel, controlClasses, type ControlClass } from '../common/chips/chips.js';
import { helpText, loadConfig, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { ConfigError, quote, type Problem } from '../common/errors.js';
import { crossSlotPipeline, type RedisClient } from '../common/redis.js';
import { RedisKeys } from '../common/redis-keys.js';
import { keyPrefixOption, redisOption } from '../common/standard-options.js';
import { dayMs, utcDay } from '../common/usage/usage-time.js';
import { RedisIdentityGraph } from '../detector/linkage/identity-graph.js';
import { LinkageResolver } from '../detector/linkage/linkage-resolver.js';
import { abbreviateList, formatTable } from './table.js';
import { withAnalystRedis } from './analyst-redis.js';
import { loadLinkagePolicy, type LinkagePolicySource } from './tenants-explain.js';

/** The classes a report counts, in column order; `not-controlled` is left out (see above). */
export const reportedClasses: readonly ControlClass[] = Object.freeze(
  controlClasses.filter((c) => c !== 'not-controlled'),
);

const formats = ['csv', 'json', 'table'] as const;
type ReportFormat = (typeof formats)[number];

/** Batches whose pipelines may be outstanding at once. */
const pipelinesInFlight = 4;

/** Longest range one report covers, in months (the daily aggregates are kept about 6 years). */
export const maxReportMonths = 120;

/** "YYYY-MM-DD" or "YYYY-MM" (the first of that month) → 00:00 UTC in ms; undefined otherwise. */
export function parseReportDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over into March: a date that does not round-trip is not a date.
  const d = new Date(ms);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
    ? ms
    : undefined;
}

const dateCheck = (v: string): string | undefined =>
  parseReportDate(v) === undefined
    ? `expected a UTC date YYYY-MM-DD or a month YYYY-MM, got ${quote(v)}`
    : undefined;

export const optionSpecs = {
  redis: redisOption,
  keyPrefix: keyPrefixOption,
  from: {
    type: 'string',
    description: 'first UTC day of the report, inclusive (YYYY-MM-DD, or YYYY-MM for the first of the month)',
    required: true,
    check: dateCheck,
  },
  to: {
    type: 'string',
    description:
      'end of the report, exclusive (YYYY-MM-DD or YYYY-MM): --from 2026-01 --to 2026-04 is January to March',
    required: true,
    check: dateCheck,
  },
  format: {
    type: 'string',
    description:
      'csv (RFC 4180, header row), json (one object with `tenants` and `clusters`) or table; default: table when writing to a terminal, else json for an --output ending in .json, else csv',
    check: (v: string) =>
      (formats as readonly string[]).includes(v)
        ? undefined
        : `expected one of ${formats.join(', ')}, got ${quote(v)}`,
  },
  output: {
    type: 'string',
    description: 'write the report to this file (replaced atomically) instead of stdout',
  },
  policy: {
    type: 'string',
    description:
      'policy file whose linkage weights form the clusters (default deploy/policy.yaml when it exists, else the built-in defaults)',
  },
  progress: {
    type: 'boolean',
    description: 'report progress on stderr (always on when stderr is a terminal)',
    default: false,
  },
  batchSize: {
    type: 'int',
    description: 'tenants read per SSCAN batch and pipeline',
    default: 500,
    check: (v: number) => (v >= 1 && v <= 10_000 ? undefined : `expected 1..10000, got ${v}`),
  },
} as const satisfies OptionSpecs;

type ReportConfig = ConfigOf<typeof optionSpecs>;

const usageLine =
  'usage: gpuwatch report --from DATE --to DATE [--format csv|json|table] [--output FILE] [--redis URL] [--key-prefix gpuwatch] [--policy F] [--progress]';

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

const silentProgress: Progress = { update: () => undefined, done: () => undefined };

/** Progress on stderr at most once a second: rewritten in place on a terminal, one line per update otherwise. */
function stderrProgress(): Progress {
  const tty = process.stderr.isTTY;
  let lastMs = Date.now();
  return {
    update(text) {
      const now = Date.now();
      if (now - lastMs < 1000) return;
      lastMs = now;
      process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    done(text) {
      process.stderr.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
  };
}

/** The UTC months "YYYY-MM" that `[fromMs, toMs)` touches. */
export function monthsOf(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  const d = new Date(fromMs);
  // Date.UTC carries month 12 into January of the next year.
  for (let i = 0; ; i++) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i);
    if (start >= toMs) return out;
    out.push(utcDay(start).slice(0, 7));
  }
}

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
  readonly fromMs: number;
  readonly toMs: number;
  readonly policy: LinkagePolicySource;
  readonly batchSize: number;
  readonly progress?: Progress;
}

/** Reads the daily aggregates of every tenant and the linkage, and builds the rows. */
export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const { redis, keys, fromMs, toMs, batchSize } = options;
  const progress = options.progress ?? silentProgress;
  const months = monthsOf(fromMs, toMs);
  const fromDay = utcDay(fromMs);
  const toDay = utcDay(toMs);
  const classOf = new Map<string, { cls: ControlClass; h100e: number }>();
  const usage = new Map<string, MonthlyUsage>();
  const seen = new Set<string>();
  const startedMs = Date.now();

  // Days of each month inside the range, as the daily hash's `DD` field suffix: [first, last).
  const dayBounds = months.map((month) => ({
    month,
    first: month === fromDay.slice(0, 7) ? fromDay.slice(8) : '01',
    // "32" sorts after every day of a month.
    end: month === toDay.slice(0, 7) ? toDay.slice(8) : '32',
  }));

  const readBatch = async (ids: readonly string[]): Promise<void> => {
    const pipeline = crossSlotPipeline(redis);
    for (const id of ids) for (const month of months) pipeline.hgetall(keys.daily(id, month));
    const replies = (await pipeline.exec()) ?? [];
    ids.forEach((id, i) => {
      dayBounds.forEach(({ month, first, end }, j) => {
        const [err, hash] = replies[i * months.length + j] ?? [null, null];
        if (err) throw err;
        for (const [field, raw] of Object.entries((hash ?? {}) as Record<string, string>)) {
          const bar = field.lastIndexOf('|');
          if (bar < 0) continue;
          const dd = field.slice(bar + 1);
          if (dd < first || dd >= end) continue;
          const model = field.slice(0, bar);
          let chip = classOf.get(model);
          if (chip === undefined) {
            const c = chipByModel(model);
            chip = { cls: c.controlClass, h100e: c.h100e };
            classOf.set(model, chip);
          }
          const gpuMs = Number(raw);
          if (chip.cls === 'not-controlled' || !(gpuMs > 0)) continue;
          let byMonth = usage.get(id);
          if (byMonth === undefined) {
            byMonth = new Map();
            usage.set(id, byMonth);
          }
          let byClass = byMonth.get(month);
          if (byClass === undefined) {
            byClass = new Map();
            byMonth.set(month, byClass);
          }
          addAmount(byClass, chip.cls, gpuMs, gpuMs * chip.h100e);
        }
      });
    });
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

/** Hours with 4 decimals (0.36 s): enough for any audit, stable in text. */
function hours(h: number): string {
  return h.toFixed(4);
}

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A text value from outside (tenant ids come from the provider's control plane) made safe for a
 * spreadsheet: one starting with `=`, `+`, `-`, `@`, a tab or CR would run as a formula when an
 * auditor opens the CSV, so it gets a leading `'` (OWASP's CSV-injection advice). The JSON output
 * keeps the values as they are.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const csvColumns = Object.freeze([
  'scope',
  'tenant_id',
  'cluster_id',
  'cluster_members',
  'month',
  'period_from',
  'period_to',
  'control_class',
  'gpu_hours',
  'h100e_hours',
]);

/**
 * RFC 4180: a header row, CRLF line ends. `scope` is `tenant` or `cluster`; cluster rows have no
 * tenant_id and list the members, space-separated, in cluster_members.
 */
export function formatCsv(report: Report): string {
  const line = (cells: readonly string[]): string => `${cells.map(csvField).join(',')}\r\n`;
  const row = (scope: string, r: ReportRow): string =>
    line([
      scope,
      defuseFormula(r.tenantId),
      r.clusterId,
      r.clusterMembers.map(defuseFormula).join(' '),
      r.month,
      r.periodFrom,
      r.periodTo,
      r.controlClass,
      hours(r.gpuHours),
      hours(r.h100eHours),
    ]);
  return [
    line(csvColumns),
    ...report.tenants.map((r) => row('tenant', r)),
    ...report.clusters.map((r) => row('cluster', r)),
  ].join('');
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/** One JSON object: the range, the policy, `tenants` and `clusters` (hours rounded like the CSV). */
export function formatJson(report: Report): string {
  const base = (r: ReportRow): Record<string, unknown> => ({
    month: r.month,
    period_from: r.periodFrom,
    period_to: r.periodTo,
    control_class: r.controlClass,
    gpu_hours: round4(r.gpuHours),
    h100e_hours: round4(r.h100eHours),
  });
  return JSON.stringify(
    {
      from: report.from,
      to: report.to,
      to_exclusive: true,
      control_classes: reportedClasses,
      excluded_control_classes: ['not-controlled'],
      policy: { source: report.policySource, version: report.policyVersion },
      tenants_read: report.tenantsRead,
      tenants: report.tenants.map((r) => ({ tenant_id: r.tenantId, cluster_id: r.clusterId, ...base(r) })),
      clusters: report.clusters.map((r) => ({
        cluster_id: r.clusterId,
        tenant_ids: r.clusterMembers,
        ...base(r),
      })),
    },
    null,
    2,
  );
}

/** Aligned tables for a terminal: per tenant, then per linked cluster. */
export function formatReportTable(report: Report): string {
  const to = utcDay(Date.parse(`${report.to}T00:00:00Z`) - dayMs);
  const number = { align: 'right' } as const;
  const out = [
    `controlled-chip usage ${report.from} – ${to} (UTC, --to exclusive), in GPU-hours and H100-equivalent hours; not-controlled chips left out`,
    `clusters as linked now under policy ${report.policySource} (version ${report.policyVersion})`,
    '',
    'per tenant:',
    formatTable(
      [
        { header: 'TENANT' },
        { header: 'CLUSTER' },
        { header: 'MONTH' },
        { header: 'CLASS' },
        { header: 'GPU-HOURS', ...number },
        { header: 'H100E-HOURS', ...number },
      ],
      report.tenants.map((r) => [
        r.tenantId,
        r.clusterId,
        r.month,
        r.controlClass,
        hours(r.gpuHours),
        hours(r.h100eHours),
      ]),
      { indent: '  ', empty: '(no controlled-chip usage in this range)' },
    ),
    '',
    'per linked cluster (two or more tenants):',
    formatTable(
      [
        { header: 'CLUSTER' },
        { header: 'TENANTS' },
        { header: 'MONTH' },
        { header: 'CLASS' },
        { header: 'GPU-HOURS', ...number },
        { header: 'H100E-HOURS', ...number },
      ],
      report.clusters.map((r) => [
        r.clusterId,
        abbreviateList(r.clusterMembers, 3),
        r.month,
        r.controlClass,
        hours(r.gpuHours),
        hours(r.h100eHours),
      ]),
      { indent: '  ', empty: '(no linked cluster with controlled-chip usage in this range)' },
    ),
  ];
  return out.join('\n');
}

function chooseFormat(config: ReportConfig): ReportFormat {
  if (config.format !== undefined) return config.format as ReportFormat;
  if (config.output !== undefined) return /\.json$/i.test(config.output) ? 'json' : 'csv';
  return process.stdout.isTTY ? 'table' : 'csv';
}

function checkRange(config: ReportConfig): { fromMs: number; toMs: number } {
  const fromMs = parseReportDate(config.from) ?? 0;
  const toMs = parseReportDate(config.to) ?? 0;
  const problems: Problem[] = [];
  if (toMs <= fromMs) {
    problems.push({
      field: '--to',
      reason: `expected a date after --from ${config.from}, got ${quote(config.to)}`,
    });
  } else if (monthsOf(fromMs, toMs).length > maxReportMonths) {
    problems.push({
      field: '--to',
      reason: `expected at most ${maxReportMonths} months after --from ${config.from}, got ${quote(config.to)}: split the report`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { fromMs, toMs };
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLine, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  if (positionals.length > 0) {
    console.error(usageLine);
    return 2;
  }
  const { fromMs, toMs } = checkRange(config);
  const policy = loadLinkagePolicy(config.policy);
  const format = chooseFormat(config);
  const report = await withAnalystRedis(config.redis, 'gpuwatch-report', (redis) =>
    buildReport({
      redis,
      keys: new RedisKeys(config.keyPrefix),
      fromMs,
      toMs,
      policy,
      batchSize: config.batchSize,
      progress: config.progress || process.stderr.isTTY ? stderrProgress() : silentProgress,
    }),
  );
  const text =
    format === 'csv'
      ? formatCsv(report)
      : format === 'json'
        ? `${formatJson(report)}\n`
        : `${formatReportTable(report)}\n`;
  if (config.output !== undefined) {
    await writeFileAtomic(config.output, text);
    console.error(
      `gpuwatch report: wrote ${config.output} (${report.tenants.length} tenant rows, ${report.clusters.length} cluster rows)`,
    );
  } else {
    process.stdout.write(text);
  }
  return 0;
}
