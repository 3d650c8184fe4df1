// `npm run bench`: every benchmark in turn (after `npm run build`), each printing its own table
// and one JSON line; BENCHMARKS.md records the results with the machine. Not part of CI.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const runs = [
  ['ingest (collector vs bare grpc-js)', ['dist/bench/ingest.js']],
  ['storage alone', ['dist/bench/store-ingest.js']],
  [
    'history import (gpuwatch usage import)',
    ['dist/bench/usage-import.js', '--tenants', '300', '--days', '90'],
  ],
  ['ingest with 1, 2 and 3 collectors on a 3-primary Redis Cluster', ['dist/bench/cluster-ingest.js']],
  ['10 000 concurrent agent streams on one collector', ['dist/bench/many-streams.js', '--streams', '10000']],
  [
    'agent spool replay',
    [
      'dist/bench/agent-replay.js',
      '--segments',
      '200000',
      '--batch',
      '1000',
      '--agents',
      '8',
      '--targets',
      'bare,collector',
    ],
  ],
  ['agent collection cycle', ['dist/bench/agent-cycle.js']],
  ['linkage over 100 000 tenants', ['dist/bench/linkage.js']],
  ['ack to stored alert', ['dist/bench/ack-to-alert.js', '--tenants', '50']],
  [
    'ack to stored alert, effective-ownership crossing',
    ['dist/bench/ack-to-alert.js', '--tenants', '20', '--rule', 'effective_ownership'],
  ],
  ['screening 100 000 tenants against 20 000 entries', ['dist/bench/screening.js', '--tenants', '100000']],
  [
    'detector sweep over 100 000 tenants × 90 days',
    ['dist/bench/detector-sweep.js', '--tenants', '100000', '--days', '90'],
  ],
  [
    'full sweep through the queue over 100 000 tenants × 90 days',
    ['dist/bench/full-sweep.js', '--tenants', '100000', '--days', '90'],
  ],
  [
    'detection quality: every scenario × 5 seeds',
    ['dist/bench/detection-quality.js', '--seeds', '1,2,3,4,5'],
  ],
];

let failed = 0;
for (const [name, args] of runs) {
  console.log(`\n### ${name}: node ${args.join(' ')}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${name} failed with exit code ${String(result.status)}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
