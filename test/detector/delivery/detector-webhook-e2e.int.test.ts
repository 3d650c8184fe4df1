/**
 * `gpuwatch detector` as a child process delivering webhooks to a receiver that verifies each
 * one with standardwebhooks: alert changes written to the store on the detector's key prefix
 * (as the evaluator or an analyst writes them) reach the receiver through the outbox; a refused
 * one is listed by `gpuwatch alerts deliveries --dead` and sent again by `gpuwatch alerts
 * redeliver`; SIGHUP re-reads the secret file (key rotation: both secrets sign).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertFinding } from '../../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../../common/alerts/alert-store.js';
import { systemClock } from '../../../common/clock.js';
import { runCli } from '../../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../../helpers/redis.js';
import { startDetector, type Detector } from '../detector-process.js';
import { WebhookReceiver } from './webhook-receiver.js';

const t0 = Date.UTC(2026, 0, 1);
const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

let tr: TestRedis;
let dir: string;
let receiver: WebhookReceiver | undefined;
let detector: Detector | undefined;

beforeEach(async () => {
  tr = await openTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'gw-webhook-e2e-'));
});

afterEach(async () => {
  detector?.signal('SIGKILL');
  await detector?.exited;
  detector = undefined;
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
  await tr.cleanup();
});

function finding(clusterId: string): AlertFinding {
  return {
    rule: 'shell_ring',
    severity: 'high',
    score: 0.9,
    tenantIds: ['t-1', 't-2'],
    anchorTenantId: 't-1',
    clusterId,
    firstSeenMs: t0,
    lastSeenMs: t0,
    informational: false,
    evidence: { shared: ['payment_fingerprint'] },
  };
}

describe('gpuwatch detector webhooks end to end', () => {
  it('delivers signed events, dead-letters a refused one, lists it, redelivers it, and rotates secrets on SIGHUP', async () => {
    const [oldSecret, newerSecret] = [newSecret(), newSecret()];
    let refuse = false;
    receiver = await WebhookReceiver.start([oldSecret, newerSecret], () =>
      refuse ? { status: 422, body: 'unknown tenant' } : { status: 200 },
    );
    const secretFile = join(dir, 'webhook.secret');
    writeFileSync(secretFile, `${oldSecret}\n`);
    detector = await startDetector(testRedisUrl, tr.prefix, [
      '--webhook',
      receiver.url,
      '--webhook-secret-file',
      secretFile,
      '--webhook-retry-scale',
      '100000',
    ]);
    const r = receiver;
    const store = new RedisAlertStore({ redis: tr.redis, keys: tr.keys, clock: systemClock });

    const first = (await store.applyFinding(finding('c-1'), 'p1', t0)).alert;
    await r.waitFor('the first event', () => r.byId(`${first.alertId}:1`).length === 1);
    expect(r.received[0]?.payload.type).toBe('alert.opened');
    expect(r.received[0]?.verifiedWith).toEqual([0]);

    refuse = true;
    const second = (await store.applyFinding(finding('c-2'), 'p1', t0)).alert;
    await r.waitFor('the refused event', () => r.byId(`${second.alertId}:1`).length === 1);
    const deliveryId = `default.${second.alertId}.1`;
    let listed: { deadLetters: { id: string; reason: string; lastStatus: number }[] } = { deadLetters: [] };
    const deadline = Date.now() + 10_000;
    while (listed.deadLetters.length === 0 && Date.now() < deadline) {
      const out = await runCli([
        'alerts',
        'deliveries',
        '--dead',
        '--json',
        '--redis',
        testRedisUrl,
        '--key-prefix',
        tr.prefix,
      ]);
      expect(out.code).toBe(0);
      listed = JSON.parse(out.stdout) as typeof listed;
    }
    expect(listed.deadLetters).toMatchObject([
      { id: deliveryId, reason: 'permanent failure (HTTP 422)', lastStatus: 422 },
    ]);
    const table = await runCli(['alerts', 'deliveries', '--redis', testRedisUrl, '--key-prefix', tr.prefix]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(
        `^dead letters:\\n.*\\n${deliveryId.replace(/\./g, '\\.')}\\s+default\\s+alert\\.opened\\s+1\\s+422`,
        'm',
      ),
    );
    expect(table.stdout).toContain('completed');

    refuse = false;
    const again = await runCli([
      'alerts',
      'redeliver',
      deliveryId,
      '--redis',
      testRedisUrl,
      '--key-prefix',
      tr.prefix,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`queued ${deliveryId} again (webhook-id ${second.alertId}:1`);
    await r.waitFor('the redelivery', () => r.byId(`${second.alertId}:1`).length === 2);
    const missing = await runCli([
      'alerts',
      'redeliver',
      'default.nope.1',
      '--redis',
      testRedisUrl,
      '--key-prefix',
      tr.prefix,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no dead letter "default.nope.1"');

    // Key rotation: the file gains the new secret; after SIGHUP every message carries both signatures.
    writeFileSync(secretFile, `${oldSecret}\n${newerSecret}\n`);
    detector.signal('SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await store.ack(first.alertId, 'analyst', 'looking into it', t0);
    await r.waitFor('the update', () => r.byId(`${first.alertId}:2`).length === 1);
    const update = r.byId(`${first.alertId}:2`)[0];
    expect(update?.payload.type).toBe('alert.updated');
    expect(update?.payload.data.state).toBe('acknowledged');
    expect(update?.signature.split(' ')).toHaveLength(2);
    expect(update?.verifiedWith).toEqual([0, 1]);
    expect(r.unverified).toEqual([]);
    expect(detector.stderr()).not.toContain(oldSecret.slice(6));

    const metrics = await (await fetch(detector.metricsUrl)).text();
    expect(metrics).toMatch(
      /gpuwatch_detector_webhook_deliveries_total\{endpoint="default",result="delivered"\} 3/,
    );
    expect(metrics).toMatch(
      /gpuwatch_detector_webhook_deliveries_total\{endpoint="default",result="permanent_failure"\} 1/,
    );
    expect(metrics).toMatch(/gpuwatch_detector_webhook_dead_letters 0/);
    expect(metrics).toMatch(/gpuwatch_detector_queue_depth\{queue="deliver"\} 0/);

    detector.signal('SIGTERM');
    expect(await detector.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('refuses a webhook without its secret file, or with a bad endpoints file, listing every problem (exit 78)', async () => {
    const noSecret = await runCli([
      'detector',
      '--webhook',
      'http://127.0.0.1:1/hook',
      '--redis',
      testRedisUrl,
    ]);
    expect(noSecret.code).toBe(78);
    expect(noSecret.stderr).toContain('--webhook-secret-file');

    const bad = join(dir, 'webhooks.yaml');
    writeFileSync(
      bad,
      '- name: a b\n  url: ftp://x\n  secret_file: /nonexistent\n  min_severity: urgent\n  rules: [nope]\n',
    );
    const out = await runCli(['detector', '--webhooks', bad, '--redis', testRedisUrl]);
    expect(out.code).toBe(78);
    for (const field of ['[0].name', '[0].url', '[0].secret_file', '[0].min_severity', '[0].rules[0]'])
      expect(out.stderr).toContain(field);
    expect(out.stderr).toContain('got "urgent"');
  });
});
