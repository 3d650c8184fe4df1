/** The demo's closing text: alerts against the ground truth per rule, webhooks, where to look next. */
import { precisionRecall } from '../ground-truth.js';
import type { DemoResult } from './demo-run.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function formatDemoReport(result: DemoResult, kept: boolean): string {
  const { score, stack, simulation } = result;
  const rows: string[][] = [
    ['RULE', 'EXPECTED', 'FOUND', 'MISSED', 'FALSE ALARMS', 'INFO (found/expected)', 'PRECISION', 'RECALL'],
  ];
  for (const s of score.rules) {
    const { precision, recall } = precisionRecall(s);
    rows.push([
      s.rule,
      String(s.expected),
      String(s.found),
      String(s.missed),
      String(s.falseAlarms),
      `${s.infoFound}/${s.infoExpected}`,
      precision.toFixed(2),
      recall.toFixed(2),
    ]);
  }
  const live = result.raised.filter((r) => r.state !== 'resolved');
  const resolved = result.raised.length - live.length;
  const out = [
    '',
    `gpuwatch demo: ${simulation.tenants} tenants on ${simulation.nodes} nodes (${simulation.gpus} GPUs), ${simulation.truth.days} days of usage (${simulation.replay.segments} segments) in ${(result.elapsedMs / 1000).toFixed(0)} s`,
    '',
    'Alerts raised against the ground truth (live alerts and informational records; a finding counts when its rule, kind and tenants match):',
    ...table(rows),
    `${live.length} live (${live.filter((r) => r.informational).length} informational), ${resolved} resolved during the replay; decoys flagged: ${score.decoysFlagged.length}`,
  ];
  for (const m of score.missed)
    out.push(`  missed: ${m.rule} (${m.kind}) on ${m.tenantIds.join(', ')}: ${m.why}`);
  for (const f of score.falseAlarms)
    out.push(
      `  false alarm: ${f.rule}${f.informational ? ' (info)' : ''} on ${f.tenantIds.join(', ')} (alert ${f.alertId})`,
    );
  const hooks = result.webhooks;
  out.push(
    '',
    hooks === undefined
      ? 'Webhooks: not configured (this detector has no --webhook option).'
      : `Webhooks received (signatures verified): ${[...hooks].map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}${result.badWebhookSignatures > 0 ? `; ${result.badWebhookSignatures} with a bad signature` : ''}`,
    '',
    kept
      ? 'The stack is still running (--keep); Ctrl-C stops it and removes its data. Look next at:'
      : 'Where to look next (run `gpuwatch demo --keep` to keep the stack running):',
    `  collector metrics   ${stack.collectorHttp}/metrics`,
    `  detector metrics    ${stack.detectorMetrics}`,
    `  alerts              node dist/cli/main.js alerts list --collector ${stack.collectorAddress}`,
    `  one alert           node dist/cli/main.js alerts show ID --redis ${stack.redisUrl} --key-prefix ${stack.keyPrefix}`,
    `  a tenant's usage    node dist/cli/main.js usage TENANT --collector ${stack.collectorAddress}`,
  );
  return out.join('\n');
}
