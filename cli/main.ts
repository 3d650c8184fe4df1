#!/usr/bin/env node
/**
 * `gpuwatch <command> …`: one executable for every program and tool (docs/design.md §9). Each command
 * module exports `run(args, env): Promise<number>` and is loaded only when asked for.
 */
import { ConfigError, errorMessage } from '../common/errors.js';

interface Command {
  readonly summary: string;
  readonly load: () => Promise<{ run: (args: string[], env: NodeJS.ProcessEnv) => Promise<number> }>;
}

const commands: Record<string, Command> = {
  // Commands register here as they land (collector, tenants, usage, archive, agent, detector, …).
  collector: {
    summary: '--listen host:port --redis URL — receive usage from agents over gRPC, store it in Redis',
    load: () => import('../collector/main.js'),
  },
  tenants: {
    summary:
      'import FILE.jsonl | get ID — tenant profiles through a collector | explain ID --redis URL — why it is linked',
    load: () => import('./tenants-command.js'),
  },
  usage: {
    summary:
      'TENANT [--from DATE] [--to DATE] [--json] — GPU-hours and H100e-hours by day and chip | import FILE — history',
    load: () => import('./usage-command.js'),
  },
  report: {
    summary:
      '--from DATE --to DATE [--format csv|json|table] — controlled-chip usage per tenant and linked cluster by month',
    load: () => import('./report-command.js'),
  },
  alerts: {
    summary:
      'list [--state S] [--rule R] [--json] | show ID | ack|suppress|resolve ID --note TEXT — alerts (--redis URL)',
    load: () => import('./alerts-command.js'),
  },
  agent: {
    summary:
      '--collector host:port --agent-id ID --spool-dir DIR — report GPU usage of this node (--once --dry-run: print it)',
    load: () => import('../agent/main.js'),
  },
  archive: {
    summary: '--redis URL --dir DIR — drain audit streams into one gzipped JSONL file per UTC day',
    load: () => import('./archive-command.js'),
  },
  detector: {
    summary: '--redis URL --policy FILE — evaluate tenants from the evaluate queue and sweeps, write alerts',
    load: () => import('../detector/main.js'),
  },
  simulate: {
    summary:
      '--scenario all|NAME --seed N --collector host:port [--truth FILE] — stream a synthetic fleet, write the ground truth',
    load: () => import('./simulate-command.js'),
  },
  demo: {
    summary:
      '[--keep] [--redis URL] [--seed N] — the whole local stack with a simulated fleet, alerts against the ground truth',
    load: () => import('./demo-command.js'),
  },
  screening: {
    summary: 'import FILE --redis URL — replace the active screening list (CSL .csv or .json) | show',
    load: () => import('./screening-command.js'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: gpuwatch <command> [options]   (gpuwatch <command> --help for its options)',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    console.log(process.env.npm_package_version ?? '0.1.0');
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`gpuwatch: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest, process.env);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`gpuwatch: ${err.message}`);
      process.exitCode = ConfigError.exitCode;
      return;
    }
    console.error(`gpuwatch: ${errorMessage(err)}`);
    process.exitCode = 1;
  },
);
