/**
 * `gpuwatch report --from DATE --to DATE`: controlled-chip usage per tenant and per linked
 * cluster, by calendar month (UTC), in GPU-hours and H100-equivalent hours, split by export-control
 * class — the table a regulator or an auditor asks for (docs/design.md §9).
 *
 * This file holds the command's options and its entry; cli/report-data.ts reads storage and
 * builds the rows (what the report counts is described there), cli/report-formats.ts writes them.
 */
import { writeFileAtomic } from '../common/atomic-file.js';
import { helpText, loadConfig, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { ConfigError, quote, type Problem } from '../common/errors.js';
import { RedisKeys } from '../common/redis-keys.js';
import { keyPrefixOption, redisOption } from '../common/standard-options.js';
import { redisUsageReaderDefaults } from '../common/usage/usage-reader.js';
import { monthsOf } from '../common/usage/usage-time.js';
import { withAnalystRedis } from './analyst-redis.js';
import { buildReport, silentProgress, type Progress } from './report-data.js';
import { formatReport, reportFormats, type ReportFormat } from './report-formats.js';
import { loadLinkagePolicy } from '../detector/linkage/linkage-policy-source.js';

/** Longest range one report covers, in months (the daily aggregates are kept about 6 years). */
export const maxReportMonths = 120;

/** Most tenants one SSCAN batch may ask for (`--batch-size`). */
const maxBatchSize = 10_000;

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
      (reportFormats as readonly string[]).includes(v)
        ? undefined
        : `expected one of ${reportFormats.join(', ')}, got ${quote(v)}`,
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
    default: redisUsageReaderDefaults.batchSize,
    // The usage reader takes any positive size; a bound keeps one SSCAN reply and pipeline modest.
    check: (v: number) => (v >= 1 && v <= maxBatchSize ? undefined : `expected 1..${maxBatchSize}, got ${v}`),
  },
} as const satisfies OptionSpecs;

type ReportConfig = ConfigOf<typeof optionSpecs>;

const usageLine =
  'usage: gpuwatch report --from DATE --to DATE [--format csv|json|table] [--output FILE] [--redis URL] [--key-prefix gpuwatch] [--policy F] [--progress]';

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
  const text = formatReport(report, format);
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
