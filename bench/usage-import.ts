/**
 * `npm run bench:import`: `gpuwatch usage import` of a synthetic history into a private
 * collector on a private, durable Redis (AOF, appendfsync always, as deploy/ ships it). Each of
 * `--tenants` tenants runs allocations one after another over `--days` days (1 h to 3 days
 * each, gaps up to 6 h, 1–8 GPUs, on one of `--nodes` nodes); the file is imported twice: the
 * first run stores every hour-piece, the second finds every one a duplicate. Prints hour-pieces
 * stored per second (whole command: read, parse, plan, send, ack) and one JSON line.
 *
 *     npm run build && node dist/bench/usage-import.js --tenants 300 --days 90
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt, mulberry32 } from './bench-support.js';
import { freePort, processCpuMs, startProcess, startRedis, waitForPort } from './processes.js';

/** The part of `usage import --json`'s summary read here. */
interface ImportSummary {
  readonly hour_pieces: { sent: number; stored: number; duplicate: number; rejected: number };
}

const hourMs = 3_600_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const cliPath = join(here, '../cli/main.js');

const tenants = argInt('tenants', 300);
const days = argInt('days', 90);
const nodes = argInt('nodes', 64);
const seed = argInt('seed', 1);
const streams = argInt('streams', 8);

const chips = ['NVIDIA H100 80GB HBM3', 'A100', 'L40S', 'H20'];
const gpuCounts = [1, 2, 4, 8];

/** The synthetic history as CSV: rows, hour-pieces it will split into, GPU-hours. */
function generate(): { csv: string; rows: number; pieces: number } {
  const random = mulberry32(seed);
  const endMs = Math.floor(Date.now() / hourMs) * hourMs - hourMs;
  const startMs = endMs - days * 24 * hourMs;
  const lines = ['tenant_id,allocation_id,start,end,gpus,chip,node'];
  let pieces = 0;
  for (let t = 0; t < tenants; t++) {
    let cursor = startMs + Math.floor(random() * 6 * hourMs);
    for (let a = 0; cursor < endMs; a++) {
      // 1 h to 3 days, to the minute; starts anywhere in the hour.
      const duration = hourMs + Math.floor(random() * 71 * 60) * 60_000;
      const end = Math.min(cursor + duration, endMs);
      const gpus = gpuCounts[Math.floor(random() * gpuCounts.length)] ?? 1;
      const chip = chips[Math.floor(random() * chips.length)] ?? 'A100';
      const node = `node-${Math.floor(random() * nodes)}`;
      lines.push(`tenant-${t},t${t}-a${a},${cursor},${end},${gpus},${chip},${node}`);
      pieces += Math.ceil(end / hourMs) - Math.floor(cursor / hourMs);
      cursor = end + Math.floor(random() * 6 * 60) * 60_000;
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1, pieces };
}

function runImport(
  file: string,
  address: string,
  tokenFile: string,
): Promise<{ summary: ImportSummary; wallS: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'usage',
        'import',
        file,
        '--json',
        '--progress',
        '10s',
        '--streams',
        String(streams),
        '--collector',
        address,
        '--admin-token-file',
        tokenFile,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let cpuMs = 0;
    const sampler = setInterval(() => {
      const v = processCpuMs(child.pid);
      if (Number.isFinite(v)) cpuMs = v;
    }, 200);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) {
        reject(new Error(`usage import exited with ${String(code)}`));
        return;
      }
      resolve({
        summary: JSON.parse(out) as ImportSummary,
        wallS: (performance.now() - started) / 1000,
        cpuMs,
      });
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-bench-import-'));
  const file = join(dir, 'history.csv');
  const tokenFile = join(dir, 'admin');
  writeFileSync(tokenFile, 'bench-admin-token-0123456789\n', { mode: 0o600 });
  const generated = generate();
  writeFileSync(file, generated.csv);

  const redis = await startRedis();
  const port = await freePort();
  const collector = startProcess(process.execPath, [
    cliPath,
    'collector',
    ...['--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${await freePort()}`],
    ...[
      '--redis',
      redis.url,
      '--key-prefix',
      'benchimport',
      '--admin-token-file',
      tokenFile,
      '--log-level',
      'warn',
    ],
  ]);
  try {
    await waitForPort(port);
    const address = `127.0.0.1:${port}`;
    const cpu0 = { collector: processCpuMs(collector.child.pid), redis: processCpuMs(redis.child.pid) };
    const first = await runImport(file, address, tokenFile);
    const cpu1 = { collector: processCpuMs(collector.child.pid), redis: processCpuMs(redis.child.pid) };
    const second = await runImport(file, address, tokenFile);

    const stored = first.summary.hour_pieces.stored;
    const perPieceUs = (ms: number): number => Number(((ms * 1000) / stored).toFixed(1));
    const result = {
      bench: 'usage-import',
      tenants,
      days,
      nodes,
      streams,
      rows: generated.rows,
      hourPieces: generated.pieces,
      first: {
        stored,
        duplicate: first.summary.hour_pieces.duplicate,
        rejected: first.summary.hour_pieces.rejected,
        seconds: Number(first.wallS.toFixed(2)),
        storedPerSecond: Math.round(stored / first.wallS),
      },
      second: {
        stored: second.summary.hour_pieces.stored,
        duplicate: second.summary.hour_pieces.duplicate,
        seconds: Number(second.wallS.toFixed(2)),
        duplicatesPerSecond: Math.round(second.summary.hour_pieces.duplicate / second.wallS),
      },
      cpuUsPerPiece: {
        importer: perPieceUs(first.cpuMs),
        collector: perPieceUs(cpu1.collector - cpu0.collector),
        redis: perPieceUs(cpu1.redis - cpu0.redis),
      },
      machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    };
    const yearPieces = (10_000 * 365 * 24 * generated.pieces) / (tenants * days * 24);
    console.log(
      `usage import: ${tenants} tenants × ${days} days, ${generated.rows} rows, ${generated.pieces} hour-pieces`,
    );
    console.log(
      `  first import:  ${stored} stored in ${result.first.seconds} s = ${result.first.storedPerSecond} hour-pieces/s`,
    );
    console.log(
      `  second import: ${result.second.duplicate} duplicate, ${result.second.stored} stored in ${result.second.seconds} s`,
    );
    console.log(
      `  CPU per stored piece: importer ${result.cpuUsPerPiece.importer} µs, collector ${result.cpuUsPerPiece.collector} µs, redis ${result.cpuUsPerPiece.redis} µs`,
    );
    console.log(
      `  at this rate a year of 10 000 tenants like these (${Math.round(yearPieces / 1e6)} M hour-pieces) takes ${(yearPieces / result.first.storedPerSecond / 60).toFixed(0)} min`,
    );
    console.log(JSON.stringify(result));
    if (stored !== generated.pieces || result.second.duplicate !== generated.pieces) {
      throw new Error(`expected ${generated.pieces} stored, then as many duplicates`);
    }
  } finally {
    await collector.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
