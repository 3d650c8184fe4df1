/**
 * Detection quality: every scenario of the simulator over several seeds, each through the real
 * stack (`gpuwatch demo`'s runner: collector and detector as child processes, the sample
 * screening list), scored against the ground truth → precision and recall per rule, summed over
 * the seeds. Goal (issue 7): ≥ 0.95 each, and no alert on the honest fleet.
 *
 *     node dist/bench/detection-quality.js [--seeds 1,2,3] [--redis URL]
 */
import { parseArgs } from 'node:util';
import { alertRules, type AlertRule } from '../common/alerts/alert-model.js';
import { runDemo } from '../simulator/demo/demo-run.js';
import { precisionRecall, type RuleScore } from '../simulator/ground-truth.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '1,2,3' }, redis: { type: 'string' } },
});
const seeds = (values.seeds ?? '').split(',').map((s) => Number(s.trim()));
if (seeds.some((s) => !Number.isSafeInteger(s))) {
  console.error(`--seeds: expected comma-separated integers, got ${JSON.stringify(values.seeds)}`);
  process.exit(2);
}

const totals = new Map<AlertRule, { expected: number; found: number; falseAlarms: number }>(
  alertRules.map((r) => [r, { expected: 0, found: 0, falseAlarms: 0 }]),
);
let honestFlagged = 0;
const misses: string[] = [];
const perSeed: { seed: number; seconds: number; segments: number }[] = [];
for (const seed of seeds) {
  const result = await runDemo({
    seed,
    ...(values.redis !== undefined ? { redis: values.redis } : {}),
    log: (line) => {
      if (line.startsWith('demo [')) console.error(`seed ${seed}: ${line}`);
    },
  });
  try {
    for (const s of result.score.rules) {
      const t = totals.get(s.rule);
      if (t === undefined) continue;
      t.expected += s.expected;
      t.found += s.found;
      t.falseAlarms += s.falseAlarms;
    }
    const honest = new Set(
      result.truth.scenarios
        .filter((s) => s.scenario === 'honest-fleet')
        .flatMap((s) => [...s.decoys.flatMap((d) => d.tenantIds), ...s.expect.flatMap((e) => e.tenantIds)]),
    );
    honestFlagged += result.raised.filter(
      (r) => r.state !== 'resolved' && !r.informational && r.tenantIds.some((id) => honest.has(id)),
    ).length;
    for (const m of result.score.missed)
      misses.push(`seed ${seed}: missed ${m.rule} (${m.kind}) ${m.tenantIds.join(',')}: ${m.why}`);
    for (const f of result.score.falseAlarms)
      misses.push(
        `seed ${seed}: false alarm ${f.rule}${f.informational ? ' (info)' : ''} ${f.tenantIds.join(',')}`,
      );
    perSeed.push({ seed, seconds: result.elapsedMs / 1000, segments: result.simulation.replay.segments });
  } finally {
    await result.cleanup();
  }
}

const rows = [['rule', 'expected', 'found', 'false alarms', 'precision', 'recall']];
const json: Record<string, { precision: number; recall: number }> = {};
let meetsGoal = honestFlagged === 0;
for (const [rule, t] of totals) {
  const score: RuleScore = {
    rule,
    expected: t.expected,
    found: t.found,
    missed: t.expected - t.found,
    falseAlarms: t.falseAlarms,
    infoExpected: 0,
    infoFound: 0,
  };
  const { precision, recall } = precisionRecall(score);
  json[rule] = { precision, recall };
  if (precision < 0.95 || recall < 0.95) meetsGoal = false;
  rows.push([
    rule,
    String(t.expected),
    String(t.found),
    String(t.falseAlarms),
    precision.toFixed(3),
    recall.toFixed(3),
  ]);
}
const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
console.log(`detection quality over seeds ${seeds.join(', ')} (all scenarios each):`);
for (const r of rows)
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
console.log(`alerts on the honest fleet: ${honestFlagged}`);
for (const line of misses) console.log(`  ${line}`);
for (const s of perSeed)
  console.log(`seed ${s.seed}: ${s.segments} segments, ${s.seconds.toFixed(1)} s end to end`);
console.log(
  JSON.stringify({
    bench: 'detection-quality',
    seeds,
    perRule: json,
    honestFleetAlerts: honestFlagged,
    meetsGoal,
  }),
);
process.exit(meetsGoal ? 0 : 1);
