/**
 * `gpuwatch usage TENANT [--from DATE] [--to DATE] [--json]`: a tenant's GPU-hours and
 * H100-equivalent hours by UTC day and chip, from a collector's Query.TenantUsage. Usage is kept
 * per whole UTC hour; a range that does not fall on whole hours is widened to them, and the
 * report says so.
 *
 * `gpuwatch usage import FILE` (usage-import-command.ts) loads past allocations. Only a first
 * argument `import` means that: a tenant named "import" is `gpuwatch usage -- import` (or any
 * option first, `gpuwatch usage --json import`).
 */
import { ConfigError, quote } from '../common/errors.js';
import { helpText, loadConfig, type OptionSpecs } from '../common/config.js';
import { pb, type ITenantUsageResponse } from '../common/proto.js';
import { hourMs, parseDateOrTime } from '../common/usage/usage-time.js';
import { CallFailed, CollectorClient, connectionOptionSpecs } from './collector-client.js';

const dateCheck = (v: string): string | undefined =>
  parseDateOrTime(v) === undefined ? `expected YYYY-MM-DD or an RFC 3339 time, got ${quote(v)}` : undefined;

export const optionSpecs = {
  ...connectionOptionSpecs,
  from: {
    type: 'string',
    description: 'start of the range, inclusive (YYYY-MM-DD = 00:00 UTC, or RFC 3339)',
    check: dateCheck,
  },
  to: { type: 'string', description: 'end of the range, exclusive (default: now)', check: dateCheck },
  json: { type: 'boolean', description: 'print the answer as JSON', default: false },
} as const satisfies OptionSpecs;

const usageLine =
  'usage: gpuwatch usage TENANT [--from DATE] [--to DATE] [--json] [--collector host:port] [--admin-token-file F]\n' +
  '       gpuwatch usage import FILE|- [--json] …   (history; gpuwatch usage import --help)\n' +
  '       gpuwatch usage -- import …                (the tenant named "import")';

function hours(seconds: number): string {
  return (seconds / 3600).toFixed(2);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(':00.000Z', 'Z');
}

/** The report as text: one row per day × chip, a total, and a note when the range was widened. */
export function formatUsageTable(response: ITenantUsageResponse, fromMs: number, toMs: number): string {
  const rows = (response.rows ?? []).map((r) => [
    r.day ?? '',
    r.chip_model ?? '',
    r.control_class ?? '',
    hours(r.gpu_seconds ?? 0),
    hours(r.h100e_seconds ?? 0),
  ]);
  const totalH100e = (response.rows ?? []).reduce((sum, r) => sum + (r.h100e_seconds ?? 0), 0);
  const header = ['DAY', 'CHIP', 'CLASS', 'GPU-HOURS', 'H100E-HOURS'];
  const total = ['total', '', '', hours(response.total_gpu_seconds ?? 0), hours(totalH100e)];
  const table = [header, ...rows, total];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((cell, i) => (i >= 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [`usage of tenant ${response.tenant_id ?? ''}`, line(header), ...rows.map(line), line(total)];
  if (rows.length === 0) out.splice(2, 0, '(no usage in this range)');

  const effFrom = response.effective_from_unix_ms ?? 0;
  const effTo = response.effective_to_unix_ms ?? 0;
  const fromMoved = fromMs > 0 && fromMs % hourMs !== 0;
  const toMoved = toMs > 0 && toMs % hourMs !== 0;
  if (fromMoved || toMoved) {
    out.push(
      `note: usage is kept per whole UTC hour; the range was widened to whole hours: ${effFrom > 0 ? iso(effFrom) : 'the beginning'} – ${effTo > 0 ? iso(effTo) : 'now'}`,
    );
  }
  return out.join('\n');
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args[0] === 'import') {
    const { run: runImport } = await import('./usage-import-command.js');
    return runImport(args.slice(1), env);
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLine, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const [tenantId, ...extra] = positionals;
  if (tenantId === undefined || extra.length > 0) {
    console.error(usageLine);
    return 2;
  }
  const fromMs = config.from !== undefined ? (parseDateOrTime(config.from) ?? 0) : 0;
  const toMs = config.to !== undefined ? (parseDateOrTime(config.to) ?? 0) : 0;
  if (toMs !== 0 && toMs <= fromMs) {
    throw new ConfigError([
      { field: '--to', reason: `expected after --from ${config.from ?? ''}, got ${quote(config.to)}` },
    ]);
  }
  const client = CollectorClient.connect(config);
  try {
    const response = await client.tenantUsage({
      tenant_id: tenantId,
      from_unix_ms: fromMs,
      to_unix_ms: toMs,
    });
    if (config.json) {
      const object = pb.TenantUsageResponse.toObject(pb.TenantUsageResponse.fromObject(response), {
        defaults: true,
        arrays: true,
      });
      console.log(JSON.stringify(object, null, 2));
    } else {
      console.log(formatUsageTable(response, fromMs, toMs));
    }
    return 0;
  } catch (err: unknown) {
    if (err instanceof CallFailed) {
      console.error(`gpuwatch usage: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    client.close();
  }
}
