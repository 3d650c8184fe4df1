/**
 * `gpuwatch usage import FILE|-`: past allocations from billing or scheduler records (CSV with a
 * header, or JSONL) into the collector, through the same exactly-once Telemetry path as agents
 * (docs/design.md §9). Bad rows are reported on stderr as `FILE:LINE: field: reason`; the rest is
 * stored. Importing the same file again changes nothing. Progress goes to stderr, the summary to
 * stdout (`--json`: one JSON object).
 *
 * Exit codes: 0 every row stored (or already stored); 1 some rows rejected, the rest stored;
 * 2 bad invocation or unreadable file; 3 the import did not finish (collector unreachable or
 * refused the streams: run it again, nothing is counted twice); 78 bad options.
 */
import { readFileSync } from 'node:fs';
import { helpText, loadConfig, type OptionSpecs } from '../common/config.js';
import type { ControlClass } from '../common/chips/chip-model.js';
import { controlClasses } from '../common/chips/chips.js';
import { errorMessage } from '../common/errors.js';
import { CollectorClient, connectionOptionSpecs } from './collector-client.js';
import { planImport, spoolIdOf } from './usage-import-plan.js';
import {
  detectFormat,
  ImportFileError,
  parseRows,
  type ImportFormat,
  type RowProblem,
} from './usage-import-rows.js';
import { ImportSendError, sendPlan, type BatchOutcome } from './usage-import-sender.js';

export const optionSpecs = {
  ...connectionOptionSpecs,
  format: {
    type: 'string',
    description: 'csv or jsonl (default: from the file name, else from its first character)',
    check: (v: string) => (v === 'csv' || v === 'jsonl' ? undefined : `expected csv or jsonl, got "${v}"`),
  },
  streams: {
    type: 'int',
    description: 'pseudo-agents sending at once (one Telemetry stream each)',
    default: 8,
    range: { min: 1, max: 64 },
  },
  progress: {
    type: 'duration',
    description: 'interval of the progress lines on stderr (0 = none)',
    default: 2000,
  },
  json: { type: 'boolean', description: 'print the summary as JSON', default: false },
} as const satisfies OptionSpecs;

export const importUsageLine =
  'usage: gpuwatch usage import FILE|- [--format csv|jsonl] [--json] [--streams N] [--collector host:port] [--admin-token-file F]';

const importHelp = `
Rows (CSV with a header, or JSONL; one per allocation piece):
  tenant_id, allocation_id, start, end   times RFC 3339 with a zone, or Unix ms
  gpus                                   GPUs held, 1..256
  chip                                   NVML product name ("NVIDIA H100 80GB HBM3") or chip-table model ("H100 SXM")
  node, gpu_uuids, workload_fingerprint, source (default "import")   optional; gpu_uuids: as many as gpus, ";"-separated in CSV
Rows are split at UTC hour edges and sent like an agent's segments, authenticated with the admin
token; importing a file twice changes nothing. Slurm: see docs/usage-import.md (sacct recipe).
Exit: 0 all stored, 1 some rows rejected (listed on stderr), 2 bad file, 3 import did not finish (rerun).`;

/** The summary printed at the end (and with --json). */
export interface ImportSummary {
  file: string;
  format: ImportFormat;
  rows: number;
  /** Rows whose every hour-piece was acked as stored or duplicate. */
  rows_stored: number;
  rows_rejected: number;
  hour_pieces: { sent: number; stored: number; duplicate: number; rejected: number };
  gpu_hours_by_class: Partial<Record<ControlClass, number>>;
  tenants: number;
  rejected_rows_by_reason: Record<string, number>;
  seconds: number;
  hour_pieces_per_second: number;
}

function reasonKey(p: RowProblem): string {
  // "gpu_uuids[3]" and "gpu_uuids[0]" are one reason.
  const field = p.field.replace(/\[\d+\]/g, '');
  if (field === 'start' && p.reason.includes('must not overlap')) return 'start (overlap)';
  return field;
}

export function formatSummary(s: ImportSummary): string {
  const classes = Object.entries(s.gpu_hours_by_class)
    .map(([c, h]) => `${c} ${h.toFixed(2)}`)
    .join(', ');
  const reasons = Object.entries(s.rejected_rows_by_reason)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return [
    `imported ${s.file} (${s.format}): ${s.rows} rows, ${s.rows_stored} stored or already stored, ${s.rows_rejected} rejected`,
    `hour-pieces: ${s.hour_pieces.sent} sent, ${s.hour_pieces.stored} stored, ${s.hour_pieces.duplicate} duplicate, ${s.hour_pieces.rejected} rejected (${Math.round(s.hour_pieces_per_second)}/s over ${s.seconds.toFixed(1)} s)`,
    `GPU-hours by control class: ${classes === '' ? 'none' : classes}`,
    `tenants: ${s.tenants}`,
    ...(reasons === '' ? [] : [`rejected rows by reason: ${reasons}`]),
  ].join('\n');
}

function readInput(file: string): Buffer {
  return file === '-' ? readFileSync(0) : readFileSync(file);
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${helpText(importUsageLine, optionSpecs)}\n${importHelp}`);
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    console.error(importUsageLine);
    return 2;
  }
  const started = performance.now();
  let bytes: Buffer;
  try {
    bytes = readInput(file);
  } catch (err: unknown) {
    console.error(`gpuwatch usage import: cannot read ${file}: ${errorMessage(err)}`);
    return 2;
  }
  const content = bytes.toString('utf8');
  const name = file === '-' ? '(stdin)' : file;
  const format = (config.format as ImportFormat | undefined) ?? detectFormat(file, content.slice(0, 1024));

  const progress = { read: 0, sent: 0, acked: 0, total: 0 };
  const say = (line: string): void => {
    process.stderr.write(`gpuwatch usage import: ${line}\n`);
  };
  const progressLine = (): string => {
    const s = (performance.now() - started) / 1000;
    return `${progress.read} rows read, ${progress.sent}/${progress.total} hour-pieces sent, ${progress.acked} acked (${Math.round(progress.acked / Math.max(s, 0.001))}/s)`;
  };
  const ticker = config.progress > 0 ? setInterval(() => say(progressLine()), config.progress) : undefined;
  ticker?.unref();

  try {
    let parsed;
    try {
      parsed = parseRows(content, format, (n) => {
        progress.read = n;
      });
    } catch (err: unknown) {
      if (err instanceof ImportFileError) {
        console.error(`${name}: ${err.message}`);
        return 2;
      }
      throw err;
    }
    progress.read = parsed.records;
    const plan = planImport(
      parsed.rows,
      spoolIdOf(bytes),
      `gpuwatch-import/${process.env.npm_package_version ?? '0.1.0'}`,
    );
    progress.total = plan.pieces;
    const problems: RowProblem[] = [...parsed.problems, ...plan.problems];

    // Per row, from the acks: rejected pieces (first reason kept), GPU-hours of the rest.
    const rowRejection = new Map<number, RowProblem>();
    const pieces = { sent: 0, stored: 0, duplicate: 0, rejected: 0 };
    const gpuMsByClass = new Map<ControlClass, number>();
    const tenantsSeen = new Set<string>();
    // Hour-pieces of each row not acked yet: a row is stored when it reaches 0 unrejected.
    const unacked = new Map<number, number>();
    for (const agent of plan.agents)
      for (const stream of agent.streams)
        for (const batch of stream.batches)
          for (const piece of batch.pieces)
            unacked.set(piece.row.line, (unacked.get(piece.row.line) ?? 0) + 1);
    let rowsStored = 0;
    const onAck = (o: BatchOutcome): void => {
      const rejectedAt = new Map<number, { field: string; reason: string }>();
      for (const r of o.rejected)
        rejectedAt.set(r.index ?? 0, { field: r.field ?? '', reason: r.reason ?? '' });
      pieces.stored += o.accepted;
      pieces.rejected += rejectedAt.size;
      pieces.duplicate += o.batch.pieces.length - o.accepted - rejectedAt.size;
      progress.acked += o.batch.pieces.length;
      o.batch.pieces.forEach((piece, i) => {
        const left = (unacked.get(piece.row.line) ?? 1) - 1;
        unacked.set(piece.row.line, left);
        const r = rejectedAt.get(i);
        if (left === 0 && r === undefined && !rowRejection.has(piece.row.line)) rowsStored++;
        if (r !== undefined) {
          if (!rowRejection.has(piece.row.line)) {
            rowRejection.set(piece.row.line, {
              line: piece.row.line,
              field: r.field,
              reason: `${r.reason} (hour-piece from ${new Date(piece.startMs).toISOString()})`,
            });
          }
          return;
        }
        const cls = piece.row.chip.controlClass;
        gpuMsByClass.set(
          cls,
          (gpuMsByClass.get(cls) ?? 0) + piece.gpuUuids.length * (piece.endMs - piece.startMs),
        );
        tenantsSeen.add(piece.row.tenantId);
      });
    };

    const client = CollectorClient.connect(config);
    let finished = true;
    try {
      await sendPlan(client, plan, {
        streams: config.streams,
        ackTimeoutMs: config.timeout,
        onSent: (n) => {
          progress.sent += n;
        },
        onAck,
      });
    } catch (err: unknown) {
      if (!(err instanceof ImportSendError)) throw err;
      console.error(
        `gpuwatch usage import: ${err.message}; the import did not finish: run it again (nothing is counted twice)`,
      );
      finished = false;
    } finally {
      client.close();
    }
    if (config.progress > 0) say(progressLine());
    // Each piece counted once, however often a retried stream resent it.
    pieces.sent = pieces.stored + pieces.duplicate + pieces.rejected;

    const allProblems = [...problems, ...rowRejection.values()].sort((a, b) => a.line - b.line);
    for (const p of allProblems) console.error(`${name}:${p.line}: ${p.field}: ${p.reason}`);

    const byReason: Record<string, number> = {};
    for (const p of allProblems) byReason[reasonKey(p)] = (byReason[reasonKey(p)] ?? 0) + 1;
    const gpuHours: Partial<Record<ControlClass, number>> = {};
    for (const c of controlClasses) {
      const ms = gpuMsByClass.get(c);
      if (ms !== undefined) gpuHours[c] = ms / 3_600_000;
    }
    const seconds = (performance.now() - started) / 1000;
    const summary: ImportSummary = {
      file: name,
      format,
      rows: parsed.records,
      rows_stored: rowsStored,
      rows_rejected: allProblems.length,
      hour_pieces: pieces,
      gpu_hours_by_class: gpuHours,
      tenants: tenantsSeen.size,
      rejected_rows_by_reason: byReason,
      seconds,
      hour_pieces_per_second: pieces.sent / Math.max(seconds, 0.001),
    };
    console.log(config.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    if (!finished) return 3;
    return allProblems.length > 0 ? 1 : 0;
  } finally {
    if (ticker !== undefined) clearInterval(ticker);
  }
}
