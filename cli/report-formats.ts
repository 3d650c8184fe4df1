/**
 * The formats of `gpuwatch report` (cli/report-data.ts builds the Report): RFC 4180 CSV for
 * spreadsheets and auditors, one JSON object for programs, aligned tables for a terminal. Hours
 * have 4 decimals in every format.
 */
import { dayMs, utcDay } from '../common/usage/usage-time.js';
import { reportedClasses, type Report, type ReportRow } from './report-data.js';
import { abbreviateList, formatTable } from './table.js';

/** The formats `--format` takes. */
export const reportFormats = ['csv', 'json', 'table'] as const;
export type ReportFormat = (typeof reportFormats)[number];

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

/** The report in `format`, as written to stdout or the --output file. */
export function formatReport(report: Report, format: ReportFormat): string {
  return format === 'csv'
    ? formatCsv(report)
    : format === 'json'
      ? `${formatJson(report)}\n`
      : `${formatReportTable(report)}\n`;
}
