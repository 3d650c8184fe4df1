/**
 * `gpuwatch alerts list|show|ack|suppress|resolve` as child processes of the built CLI: `list`
 * through an in-process collector with the Redis stores and an admin token (and directly from
 * Redis with --redis), the others against the same Redis directly, on a store seeded with alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';
import { runCli } from '../helpers/collector-process.js';
import { freePort } from '../../common/free-port.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';

const adminToken = 'admin-token-0123456789abcdef';
const t0 = Date.UTC(2026, 2, 1, 12);
const hourMs = 3_600_000;
let t: TestRedis;
let c: TestCollector;
let tokenFile: string;
let store: RedisAlertStore;
let structuring: StoredAlert;
let burst: StoredAlert;

beforeAll(async () => {
  t = await openTestRedis();
  tokenFile = tempFile('admin', `${adminToken}\n`);
  c = await startTestCollector({ redis: t.redis, keys: t.keys, auth: { adminTokenFile: tokenFile } });
  store = new RedisAlertStore({ redis: t.redis, keys: t.keys, clock: systemClock });
  const base = {
    score: 2.5,
    tenantIds: ['t-a', 't-b'],
    anchorTenantId: 't-a',
    firstSeenMs: t0,
    informational: false,
    evidence: { accounts: 2, h100e_hours: 900 },
  } as const;
  structuring = (
    await store.applyFinding(
      { ...base, rule: 'structuring', severity: 'high', clusterId: 'c-1', lastSeenMs: t0 + hourMs },
      'p1',
      t0,
    )
  ).alert;
  burst = (
    await store.applyFinding(
      {
        ...base,
        rule: 'new_account_burst',
        severity: 'medium',
        clusterId: 'c-2',
        lastSeenMs: t0 + 2 * hourMs,
      },
      'p1',
      t0,
    )
  ).alert;
});

afterAll(async () => {
  await c.stop();
  await t.cleanup();
});

function list(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['alerts', 'list', ...args, '--collector', c.address, '--admin-token-file', tokenFile]);
}

function direct(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['alerts', ...args, '--redis', testRedisUrl, '--key-prefix', t.prefix]);
}

describe('gpuwatch alerts', () => {
  it('lists alerts newest first as a table, filtered, and as JSON', async () => {
    const table = await list([]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    const id = burst.alertId;
    const w = id.length;
    expect(lines).toEqual([
      `${'ID'.padEnd(w)}  RULE               SEVERITY  STATE  SCORE  TENANTS   LAST SEEN`,
      `${burst.alertId}  new_account_burst  medium    open    2.50  t-a, t-b  2026-03-01T14:00:00Z`,
      `${structuring.alertId}  structuring        high      open    2.50  t-a, t-b  2026-03-01T13:00:00Z`,
    ]);

    const json = await list(['--rule', 'structuring', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        alert_id: structuring.alertId,
        rule: 'structuring',
        severity: 'high',
        score: 2.5,
        tenant_ids: ['t-a', 't-b'],
        anchor_tenant_id: 't-a',
        state: 'open',
        first_seen_unix_ms: t0,
        last_seen_unix_ms: t0 + hourMs,
        policy_version: 'p1',
        evidence: { cluster_id: 'c-1', accounts: 2, h100e_hours: 900 },
        // Alert.episodes (field 12): none for a finding stored without its episodes.
        episodes: [],
      },
    ]);

    const empty = await list(['--state', 'resolved']);
    expect(empty).toMatchObject({ code: 0 });
    expect(empty.stdout).toContain('(no alerts)');
  });

  it('rejects a bad filter before calling the collector', async () => {
    const bad = await list(['--state', 'closed']);
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain(
      '--state: expected one of open, acknowledged, suppressed, resolved (or "" for any), got "closed"',
    );
  });

  it('acknowledges with who and why, and shows the alert with its history', async () => {
    const ack = await direct(['ack', burst.alertId, '--note', 'known lab, reviewing', '--who', 'ana']);
    expect(ack).toMatchObject({
      code: 0,
      stdout: `acknowledged ${burst.alertId} (new_account_burst, anchor t-a) by ana: known lab, reviewing\n`,
    });

    const show = await direct(['show', burst.alertId]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`alert ${burst.alertId}\n`);
    expect(show.stdout).toMatch(/state: +acknowledged\n/);
    expect(show.stdout).toContain(
      [
        '  history:',
        '    WHEN                  ACTION        WHO       NOTE',
        `    ${new Date(t0).toISOString().replace('.000Z', 'Z')}  opened        detector`,
      ].join('\n'),
    );
    expect(show.stdout).toMatch(
      /\n {4}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}acknowledged {2}ana {7}known lab, reviewing\n$/,
    );
    // Evidence pretty-printed, indented under its heading.
    expect(show.stdout).toContain(
      '  evidence:\n    {\n      "accounts": 2,\n      "h100e_hours": 900\n    }\n',
    );

    const json = JSON.parse((await direct(['show', burst.alertId, '--json'])).stdout) as {
      state: string;
      history: { action: string; who: string; note: string }[];
    };
    expect(json.state).toBe('acknowledged');
    expect(json.history.map((h) => [h.action, h.who, h.note])).toEqual([
      ['opened', 'detector', ''],
      ['acknowledged', 'ana', 'known lab, reviewing'],
    ]);
    expect((await list(['--state', 'acknowledged', '--json'])).stdout).toContain(burst.alertId);
  });

  it('names the Redis server, without its password, when it cannot be reached', async () => {
    const port = await freePort();
    const down = await runCli(['alerts', 'show', 'al-1', '--redis', `redis://:s3cret@127.0.0.1:${port}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      `gpuwatch: cannot use Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED`,
    );
    expect(down.stderr).not.toContain('s3cret');
  });

  it('says what is missing or wrong', async () => {
    const noNote = await direct(['ack', burst.alertId]);
    expect(noNote.code).toBe(78);
    expect(noNote.stderr).toContain('--note');
    const noRedis = await runCli(['alerts', 'show', burst.alertId]);
    expect(noRedis.code).toBe(78);
    expect(noRedis.stderr).toContain('--redis');
    const missing = await direct(['show', 'al-missing']);
    expect(missing).toMatchObject({ code: 1, stderr: 'gpuwatch alerts: alert "al-missing" not found\n' });
    expect((await runCli(['alerts', 'frobnicate'])).code).toBe(2);
  });

  it('suppresses and resolves with who and why in the history; who defaults to $USER', async () => {
    const ring = (
      await store.applyFinding(
        {
          rule: 'shell_ring',
          severity: 'critical',
          score: 4.75,
          tenantIds: ['t-d', 't-c', 't-e', 't-f'],
          anchorTenantId: 't-e',
          clusterId: 'c-ring',
          firstSeenMs: t0,
          lastSeenMs: t0 + 5 * hourMs,
          informational: false,
          evidence: { strong_kinds: ['payment_fingerprint'] },
        },
        'p2',
        t0,
      )
    ).alert;

    const suppressed = await direct([
      'suppress',
      ring.alertId,
      '--note',
      'same group, cleared by legal (case 41)',
      '--who',
      'bo',
    ]);
    expect(suppressed).toMatchObject({
      code: 0,
      stdout: `suppressed ${ring.alertId} (shell_ring, anchor t-e) by bo: same group, cleared by legal (case 41)\n`,
    });
    expect((await store.get(ring.alertId))?.state).toBe('suppressed');

    // Without --who the OS user is recorded ($USER here).
    const resolved = await runCli(
      [
        'alerts',
        'resolve',
        ring.alertId,
        '--note',
        'accounts closed',
        '--redis',
        testRedisUrl,
        '--key-prefix',
        t.prefix,
      ],
      { USER: 'carol' },
    );
    expect(resolved).toMatchObject({
      code: 0,
      stdout: `resolved ${ring.alertId} (shell_ring, anchor t-e) by carol: accounts closed\n`,
    });

    const history = await store.history(ring.alertId);
    expect(history.map((h) => [h.action, h.who, h.note])).toEqual([
      ['opened', 'detector', ''],
      ['suppressed', 'bo', 'same group, cleared by legal (case 41)'],
      ['resolved', 'carol', 'accounts closed'],
    ]);
    const show = await direct(['show', ring.alertId]);
    const when = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`;
    expect(show.stdout).toMatch(
      new RegExp(
        [
          '  history:',
          '    WHEN                  ACTION      WHO       NOTE',
          '    2026-03-01T12:00:00Z  opened      detector',
          `    ${when}  suppressed  bo        same group, cleared by legal \\(case 41\\)`,
          `    ${when}  resolved    carol     accounts closed`,
          '',
        ].join('\n') + '$',
      ),
    );
    expect(show.stdout).toMatch(/state: +resolved\n/);

    // Listing straight from Redis: the anchor first, the other members abbreviated.
    const listed = await direct(['list', '--rule', 'shell_ring']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trimEnd().split('\n')).toEqual([
      `${'ID'.padEnd(ring.alertId.length)}  RULE        SEVERITY  STATE     SCORE  TENANTS      LAST SEEN`,
      `${ring.alertId}  shell_ring  critical  resolved   4.75  t-e, t-c +2  2026-03-01T17:00:00Z`,
    ]);
    const listedJson = JSON.parse((await direct(['list', '--rule', 'shell_ring', '--json'])).stdout) as {
      tenant_ids: string[];
      state: string;
    }[];
    expect(listedJson.map((a) => [a.state, a.tenant_ids])).toEqual([
      ['resolved', ['t-c', 't-d', 't-e', 't-f']],
    ]);

    // A resolved alert cannot be suppressed again: said, not thrown.
    const again = await direct(['suppress', ring.alertId, '--note', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`alert ${ring.alertId} is resolved`);
  });

  it.each(['ack', 'suppress', 'resolve'])(
    '%s without --note names the flag and records nothing',
    async (action) => {
      const before = await store.history(structuring.alertId);
      const result = await direct([action, structuring.alertId, '--note', '  ']);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(
        `--note: alerts ${action} records why in the alert history: give --note TEXT, got "  "`,
      );
      const none = await direct([action, structuring.alertId]);
      expect(none.code).toBe(78);
      expect(none.stderr).toContain('give --note TEXT, got none');
      expect(await store.history(structuring.alertId)).toEqual(before);
    },
  );
});
