/**
 * The alert rules an operator copies from deploy/prometheus/: promtool accepts the rules and the
 * scrape configuration, the rule unit tests pass, every alert has a unit test where it fires and
 * one where it does not, and every alert carries a summary, a description and a runbook link to a
 * section that exists in docs/runbook.md.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { promtool } from './promtool.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const promDir = join(root, 'deploy/prometheus');
const rulesFile = join(promDir, 'gpuwatch-rules.yml');
const testsDir = join(promDir, 'tests');
const testFiles = readdirSync(testsDir)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(testsDir, f));

interface AlertRule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const alertRules: AlertRule[] = (
  parse(readFileSync(rulesFile, 'utf8')) as { groups: { rules: AlertRule[] }[] }
).groups.flatMap((g) => g.rules);

interface RuleTestFile {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const cases = testFiles.flatMap((f) =>
  (parse(readFileSync(f, 'utf8')) as RuleTestFile).tests.flatMap((t) => t.alert_rule_test ?? []),
);

/** GitHub's anchor for a Markdown heading. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('deploy/prometheus', () => {
  it('has alert rules promtool accepts', async () => {
    const r = await promtool(['check', 'rules', rulesFile]);
    expect(r.output).toContain(`SUCCESS: ${alertRules.length} rules found`);
    expect(r.code).toBe(0);
  });

  it('passes its promtool rule unit tests', async () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const r = await promtool(['test', 'rules', ...testFiles]);
    expect(r.output).not.toContain('FAILED');
    expect(r.code).toBe(0);
  });

  it('has a static scrape configuration promtool accepts, loading the rules', async () => {
    const r = await promtool(['check', 'config', join(promDir, 'prometheus.yml')]);
    expect(r.output).toContain(`SUCCESS: ${alertRules.length} rules found`);
    expect(r.code).toBe(0);
    const config = parse(readFileSync(join(promDir, 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    // The rules and the dashboard select on these job names, at the default metrics ports.
    const ports = Object.fromEntries(
      config.scrape_configs.map((s) => [
        s.job_name,
        [...new Set(s.static_configs.flatMap((c) => c.targets.map((t) => t.split(':').pop())))],
      ]),
    );
    expect(ports).toEqual({
      'gpuwatch-collector': ['9464'],
      'gpuwatch-detector': ['9466'],
      'gpuwatch-agent': ['9465'],
    });
  });

  it('has a Kubernetes pod discovery example that names the jobs the rules select on', async () => {
    const file = join(promDir, 'prometheus-kubernetes.yml');
    const r = await promtool(['check', 'config', file]);
    // Debian builds Prometheus without Kubernetes discovery ("field kubernetes_sd_configs not
    // found"); any other complaint is a real problem with the file.
    if (r.code !== 0) expect(r.output).toContain('field kubernetes_sd_configs not found');
    const config = parse(readFileSync(file, 'utf8')) as {
      scrape_configs: {
        kubernetes_sd_configs: { role: string }[];
        relabel_configs: {
          source_labels?: string[];
          regex?: string;
          action?: string;
          target_label?: string;
        }[];
      }[];
    };
    const [job] = config.scrape_configs;
    expect(job?.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    const keep = job?.relabel_configs.find((c) => c.action === 'keep' && c.regex?.startsWith('gpuwatch-'));
    const regex = new RegExp(`^(?:${keep?.regex ?? '$^'})$`);
    for (const name of ['gpuwatch-collector', 'gpuwatch-detector', 'gpuwatch-agent'])
      expect(name).toMatch(regex);
    expect(job?.relabel_configs).toContainEqual({
      source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
      target_label: 'job',
    });
  });

  it('unit-tests every alert both firing and not firing', () => {
    const untested = alertRules
      .map((r) => r.alert)
      .filter((name) => {
        const mine = cases.filter((c) => c.alertname === name);
        return (
          !mine.some((c) => (c.exp_alerts ?? []).length > 0) ||
          !mine.some((c) => (c.exp_alerts ?? []).length === 0)
        );
      });
    expect(untested).toEqual([]);
    const unknown = cases.map((c) => c.alertname).filter((n) => !alertRules.some((r) => r.alert === n));
    expect(unknown).toEqual([]);
  });

  it.each(alertRules.map((r) => [r.alert, r] as const))(
    '%s has a severity, a summary, a description and a runbook section',
    (_name, rule) => {
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations?.description?.length).toBeGreaterThan(20);
      const url = rule.annotations?.runbook_url ?? '';
      expect(url).toMatch(/\/docs\/runbook\.md#[a-z0-9-]+$/);
      const headings = readFileSync(join(root, 'docs/runbook.md'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('## '))
        .map((l) => anchor(l.slice(3)));
      expect(headings).toContain(url.split('#')[1]);
      expect(url.split('#')[1]).toBe(anchor(rule.alert));
    },
  );

  it('never labels an alert with an unbounded id', () => {
    // docs/design.md §10: rules aggregate away per-tenant, per-GPU and per-alert ids.
    for (const rule of alertRules) {
      expect(rule.expr).not.toMatch(/tenant|gpu_uuid|alert_id|allocation|pod_name/);
    }
  });
});
