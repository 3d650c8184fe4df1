/**
 * `gpuwatch detector --alertmanager-url` as a child process: it forwards the stored alerts to a
 * real Alertmanager on its own schedule and ends a resolved one; a bad option is a configuration
 * error naming it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisAlertStore } from '../../../common/alerts/alert-store.js';
import { systemClock } from '../../../common/clock.js';
import { loadConfig } from '../../../common/config.js';
import { ConfigError } from '../../../common/errors.js';
import {
  checkAlertmanagerUrl,
  parseExternalLabels,
} from '../../../detector/alertmanager/alertmanager-options.js';
import { detectorOptionSpecs } from '../../../detector/main.js';
import { cliPath } from '../../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../../helpers/redis.js';
import { startDetector, type Detector } from '../detector-process.js';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager-server.js';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gpuwatch detector --alertmanager-url', () => {
  let am: RunningAlertmanager;
  let t: TestRedis;
  let detector: Detector | undefined;
  beforeAll(async () => {
    am = await startAlertmanager();
  }, 30_000);
  afterAll(async () => {
    await am?.stop();
  });
  beforeEach(async () => {
    t = await openTestRedis();
  });
  afterEach(async () => {
    detector?.signal('SIGKILL');
    detector = undefined;
    await t.cleanup();
  });

  it('forwards open alerts on its own and ends a resolved one', async () => {
    const store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: systemClock });
    const cluster = `c-${randomBytes(6).toString('hex')}`;
    const start = Date.UTC(2026, 6, 1);
    const { alert } = await store.applyFinding(
      {
        rule: 'effective_ownership',
        severity: 'critical',
        score: 2048,
        tenantIds: [`${cluster}-a`],
        anchorTenantId: `${cluster}-a`,
        clusterId: cluster,
        firstSeenMs: start,
        lastSeenMs: start + 100 * 86_400_000,
        informational: false,
        evidence: { meanH100e: 2048 },
      },
      'policy-1',
      start + 100 * 86_400_000,
    );

    detector = await startDetector(testRedisUrl, t.prefix, [
      '--alertmanager-url',
      am.url,
      '--alertmanager-resend-interval',
      '200ms',
      '--alertmanager-external-labels',
      'deployment=test',
    ]);
    const sent = await waitFor('the alert in alertmanager', async () => {
      const found = await am.alerts({ alert_key: alert.alertId });
      return found.length > 0 ? found : undefined;
    });
    expect(sent[0]?.labels).toMatchObject({ severity: 'critical', deployment: 'test', source: 'gpuwatch' });

    await store.resolve(alert.alertId, 'ana', 'offboarded', Date.now());
    await waitFor('the alert to end', async () =>
      (await am.alerts({ alert_key: alert.alertId })).length === 0 ? true : undefined,
    );

    const metrics = await (await fetch(detector.metricsUrl)).text();
    const ok = /^gpuwatch_detector_alertmanager_posts_total\{result="ok"\} (\d+)/m.exec(metrics);
    expect(Number(ok?.[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/^gpuwatch_detector_alertmanager_alerts_sent_total\{state="resolved"\} [1-9]/m);

    detector.signal('SIGTERM');
    expect((await detector.exited).code).toBe(0);
  }, 30_000);

  it('refuses a bad URL with exit code 78 and a message naming the option', async () => {
    const child = spawn(process.execPath, [cliPath, 'detector', '--alertmanager-url', 'ftp://am:9093'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(78);
    expect(stderr).toContain('--alertmanager-url: expected an http or https URL, got "ftp://am:9093"');
  });
});

describe('Alertmanager options', () => {
  it.each([
    ['http://alertmanager:9093', undefined],
    ['https://am.example.com/prefix/', undefined],
    ['alertmanager:9093', 'expected an http or https URL, got "alertmanager:9093"'],
    ['not a url', 'expected an http(s) URL such as http://alertmanager:9093, got "not a url"'],
    ['http://am:9093/?x=1', 'without ?query or #fragment'],
  ])('checks the URL %s', (url, problem) => {
    const result = checkAlertmanagerUrl(url);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });

  it('refuses credentials in the URL without echoing the password', () => {
    const result = checkAlertmanagerUrl('http://admin:hunter2@am:9093');
    expect(result).toContain('--alertmanager-bearer-token-file');
    expect(result).not.toContain('hunter2');
  });

  it.each([
    [['deployment=prod', 'region=eu'], { deployment: 'prod', region: 'eu' }, undefined],
    [['1bad=x'], {}, 'got "1bad=x"'],
    [['deployment='], {}, 'got "deployment="'],
    [['severity=page'], {}, 'label "severity" is set by gpuwatch itself'],
  ])('parses external labels %j', (entries, labels, problem) => {
    const result = parseExternalLabels(entries);
    if (problem === undefined) {
      expect(result).toEqual({ labels });
    } else {
      expect(result.problem).toContain(problem);
    }
  });

  it('reports every bad Alertmanager option at once', () => {
    let error: unknown;
    try {
      loadConfig(
        detectorOptionSpecs,
        [
          '--alertmanager-url',
          'ftp://x',
          '--alertmanager-resend-interval',
          '0s',
          '--alertmanager-external-labels',
          'a',
        ],
        {},
      );
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        '--alertmanager-url',
        '--alertmanager-resend-interval',
        '--alertmanager-external-labels',
      ]),
    );
  });
});
