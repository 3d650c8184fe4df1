/**
 * What an SRE sees, end to end: a real collector, detector and agent (child processes of the built
 * CLI; the agent on the fake nvidia-smi with a lease file, streaming every second) scraped by a
 * real Prometheus at a 1 s interval with the shipped alert rules loaded. Checks that
 *
 * - every component's /metrics passes `promtool check metrics` and carries no tenant id, GPU
 *   UUID, agent id or secret;
 * - Prometheus loads the rules and scrapes every target;
 * - every query of every panel of the Grafana dashboard returns data;
 * - the logs are JSON lines with levels, stream and request ids, and never a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { status } from '@grpc/grpc-js';
import { AgentProcess } from '../agent/agent-process.js';
import { tempDir } from '../agent/fixtures.js';
import { startDetector, type Detector } from '../detector/detector-process.js';
import { AdminClient, grpcFailure } from '../helpers/agent-client.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { PrometheusProcess, type Sample } from './prometheus-process.js';
import { promtool } from './promtool.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const A100 = [
  'GPU-513536b6-7d19-9063-b049-1e69664bb298',
  'GPU-513536b6-7d19-9063-b049-1e69664bb299',
  'GPU-513536b6-7d19-9063-b049-1e69664bb29a',
];
const agentId = 'gpu-node-observed';
const agentToken = 'agent-secret-token-4f1c9e2b7a6d';
const adminToken = 'admin-secret-token-8e3b5a1c0f9d';
const wrongToken = 'wrong-secret-token-2c7e4b9a1d5f';

let redis: TestRedis;
let dir: { path: string; remove: () => void };
let collector: CollectorProcess;
let detector: Detector;
let agent: AgentProcess;
let agentMetricsUrl: string;
let prometheus: PrometheusProcess | undefined;
let tenant: string;

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; refId: string; datasource?: { uid: string } }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboards/gpuwatch.json'), 'utf8')) as {
  uid: string;
  templating: { list: { name: string; type: string; query: string }[] };
  panels: Panel[];
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

/**
 * A panel query as Grafana would send it: the variables Grafana fills in replaced by values that
 * suit a 1 s scrape interval.
 */
function substitute(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '15s')
    .replaceAll('$__interval', '1s')
    .replaceAll('$__range', '1m')
    .replaceAll('${datasource}', 'prometheus');
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err: unknown) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last === '' ? '' : `: ${last}`}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function metricsText(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  redis = await openTestRedis();
  dir = tempDir('observability');
  tenant = `tenant-obs-${redis.prefix}`;
  const agentsFile = join(dir.path, 'agent-tokens');
  writeFileSync(agentsFile, `${agentId} ${agentToken}\n`);
  const adminFile = join(dir.path, 'admin-token');
  writeFileSync(adminFile, `${adminToken}\n`);
  const agentTokenFile = join(dir.path, 'agent-token');
  writeFileSync(agentTokenFile, `${agentToken}\n`);
  const leases = join(dir.path, 'leases.json');
  const since = new Date(Math.floor(Date.now() / 1000) * 1000 - 20_000).toISOString();
  writeFileSync(
    leases,
    JSON.stringify([{ tenant_id: tenant, allocation_id: 'lease-obs', gpu_uuids: A100, since }]),
  );

  collector = await CollectorProcess.start([
    '--redis',
    testRedisUrl,
    '--key-prefix',
    redis.prefix,
    '--agent-tokens-file',
    agentsFile,
    '--admin-token-file',
    adminFile,
    '--log-level',
    'debug',
  ]);
  detector = await startDetector(testRedisUrl, redis.prefix, ['--log-level', 'debug']);
  agent = AgentProcess.start(
    [
      '--collector',
      collector.grpcAddress,
      '--agent-id',
      agentId,
      '--token-file',
      agentTokenFile,
      '--spool-dir',
      join(dir.path, 'spool'),
      '--interval',
      '1s',
      '--lease-file',
      leases,
      '--metrics-listen',
      '127.0.0.1:0',
      '--log-level',
      'debug',
    ],
    'a100Mig',
  );
  const running = await agent.waitForLog((l) => l.msg === 'agent running', 'the agent to start');
  agentMetricsUrl = `http://${String(running.http)}/metrics`;
  // Usage acknowledged end to end before anything is scraped.
  await waitFor('a first stored segment', async () =>
    /^gpuwatch_collector_segments_stored_total [1-9]/m.test(await metricsText(`${collector.httpUrl}/metrics`))
      ? true
      : undefined,
  );

  const scrape = (job: string, target: string): string =>
    `  - job_name: ${job}\n    static_configs:\n      - targets: ['${target}']\n        labels: { cluster: observability-test }\n`;
  prometheus = await PrometheusProcess.start(
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${join(root, 'deploy/prometheus/gpuwatch-rules.yml')}`,
      'scrape_configs:',
      scrape('gpuwatch-collector', collector.httpAddress),
      scrape('gpuwatch-detector', new URL(detector.metricsUrl).host),
      scrape('gpuwatch-agent', new URL(agentMetricsUrl).host),
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await agent?.kill();
  detector?.signal('SIGKILL');
  await collector?.kill();
  await redis?.cleanup();
  dir?.remove();
});

describe('every component’s /metrics', () => {
  const components = (): [string, string][] => [
    ['collector', `${collector.httpUrl}/metrics`],
    ['detector', detector.metricsUrl],
    ['agent', agentMetricsUrl],
  ];

  it('passes promtool check metrics', async () => {
    for (const [name, url] of components()) {
      const r = await promtool(['check', 'metrics'], await metricsText(url));
      expect({ name, ...r }).toEqual({ name, code: 0, output: '' });
    }
  });

  it('exports the docs/design.md §10 set, process metrics included', async () => {
    const expected: Record<string, string[]> = {
      collector: [
        'gpuwatch_collector_segments_received_total',
        'gpuwatch_collector_segments_stored_total',
        'gpuwatch_collector_segments_duplicate_total',
        'gpuwatch_collector_segments_rejected_total{reason="end_unix_ms"}',
        'gpuwatch_collector_batches_total{result="stored"}',
        'gpuwatch_collector_ack_latency_seconds_bucket',
        'gpuwatch_collector_agents_connected 1',
        'gpuwatch_collector_gpu_seconds_total{control_class="3A090.a"}',
        'gpuwatch_collector_redis_up 1',
        'process_cpu_seconds_total',
      ],
      detector: [
        'gpuwatch_detector_evaluations_total{result="ok"}',
        'gpuwatch_detector_evaluation_duration_seconds_bucket',
        'gpuwatch_detector_alerts_total{rule="effective_ownership",severity="high",event="opened"}',
        'gpuwatch_detector_live_alerts{rule="shell_ring",severity="critical",state="open"} 0',
        'gpuwatch_detector_queue_depth{queue="evaluate"}',
        'gpuwatch_detector_redis_up 1',
        'process_resident_memory_bytes',
      ],
      agent: [
        'gpuwatch_agent_segments_produced_total',
        'gpuwatch_agent_spool_bytes',
        'gpuwatch_agent_spool_max_bytes',
        'gpuwatch_agent_spool_depth_segments',
        'gpuwatch_agent_dropped_segments_total 0',
        'gpuwatch_agent_send_errors_total',
        'gpuwatch_agent_last_ack_age_seconds',
        'gpuwatch_agent_collection_errors_total',
        'gpuwatch_agent_unattributed_gpu_seconds_total{reason="invalid_id"} 0',
        'gpuwatch_agent_connected 1',
        'process_cpu_seconds_total',
      ],
    };
    for (const [name, url] of components()) {
      const text = await metricsText(url);
      for (const series of expected[name] ?? []) expect(text, `${name}: ${series}`).toContain(series);
    }
  });

  it('carries no tenant id, GPU UUID, agent id or secret', async () => {
    for (const [name, url] of components()) {
      const text = await metricsText(url);
      for (const id of [tenant, ...A100, 'GPU-513536b6', agentId, 'lease-obs', agentToken, adminToken]) {
        expect(text.includes(id), `${name} /metrics contains ${id}`).toBe(false);
      }
    }
  });
});

describe('Prometheus with the shipped rules and the dashboard', () => {
  it('loads every rule and scrapes every target', async () => {
    const rules = await prometheus!.api<{ groups: { rules: { name: string; health: string }[] }[] }>(
      '/api/v1/rules',
    );
    const loaded = rules.groups.flatMap((g) => g.rules);
    expect(loaded.length).toBeGreaterThanOrEqual(17);
    expect(loaded.filter((r) => r.health === 'err')).toEqual([]);
    // A few scrapes of every target, so rates have points.
    await waitFor('5 scrapes of every target', async () => {
      const r = await prometheus!.query('count_over_time(up{job=~"gpuwatch-.*"}[1m]) >= 5 and up == 1');
      return r.length === 3 ? r : undefined;
    });
  });

  it('has a templated data source and a uid', () => {
    expect(dashboard.uid).toBe('gpuwatch-overview');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe('${datasource}');
    }
  });

  it('answers every panel query with data', async () => {
    expect(panels.length).toBeGreaterThanOrEqual(20);
    const empty: string[] = [];
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        const expr = substitute(t.expr);
        // Rates need two points in the window; retry briefly instead of sleeping a fixed time.
        const result = await waitFor<Sample[] | 'empty'>(
          `${p.title} ${t.refId}`,
          async () => {
            const r = await prometheus!.query(expr);
            return r.length > 0 ? r : undefined;
          },
          8_000,
        ).catch(() => 'empty' as const);
        if (result === 'empty') empty.push(`${p.title} [${t.refId}]: ${expr}`);
      }
    }
    expect(empty).toEqual([]);
  });

  it('shows the usage streamed through the collector', async () => {
    const stored = await prometheus!.query('sum(gpuwatch_collector_segments_stored_total)');
    expect(Number(stored[0]?.value[1])).toBeGreaterThan(0);
    // The capture's A100s are 3A090.a chips: their GPU-seconds land in that class.
    const seconds = await prometheus!.query('gpuwatch_collector_gpu_seconds_total{control_class="3A090.a"}');
    expect(Number(seconds[0]?.value[1])).toBeGreaterThan(0);
    const latency = await prometheus!.query(
      'histogram_quantile(0.99, sum by (le) (rate(gpuwatch_collector_ack_latency_seconds_bucket[15s])))',
    );
    expect(Number.isFinite(Number(latency[0]?.value[1]))).toBe(true);
  });
});

describe('logs', () => {
  it('tie stream and RPC lines together by id, with levels, and never print a token', async () => {
    const admin = new AdminClient({ address: collector.grpcAddress, token: adminToken });
    const intruder = new AdminClient({ address: collector.grpcAddress, token: wrongToken });
    try {
      await admin.upsertTenants({
        tenants: [
          { tenant_id: tenant, legal_name: 'Observed Compute Ltd', country: 'nl', kyc_verified: true },
        ],
      });
      await grpcFailure(intruder.tenantUsage({ tenant_id: tenant }), status.PERMISSION_DENIED);
    } finally {
      admin.close();
      intruder.close();
    }
    const lines = collector
      .stderr()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) {
      expect(['debug', 'info', 'warn', 'error']).toContain(l.level);
      expect(typeof l.time).toBe('string');
    }
    const connected = lines.find((l) => l.msg === 'agent connected' && l.agent === agentId);
    expect(connected?.stream).toMatch(/^[0-9a-f]{16}$/);
    const upserted = lines.find((l) => l.msg === 'tenants upserted');
    expect(upserted).toMatchObject({ rpc: 'Tenants.Upsert', level: 'info', upserted: 1 });
    expect(upserted?.request).toMatch(/^[0-9a-f]{16}$/);
    for (const [name, log] of [
      ['collector', collector.stderr()],
      ['detector', detector.stderr()],
      ['agent', agent.stderr()],
    ] as const) {
      for (const secret of [agentToken, adminToken, wrongToken]) {
        expect(log.includes(secret), `${name} log contains a token`).toBe(false);
      }
    }
  });
});
