/**
 * `gpuwatch collector` as a real child process (the built CLI) against the shared test Redis:
 * configuration errors, refusing an insecure non-loopback setup, probes and metrics, SIGTERM
 * draining, and a SIGKILL between storing and acking followed by a restart and a resend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import type { IUsageSegment } from '../../common/proto.js';
import {
  AdminClient,
  ReportStreamClient,
  deliver,
  hello,
  segment,
  type Batch,
} from '../helpers/agent-client.js';
import { tempFile } from '../helpers/collector.js';
import { CollectorProcess, runCli } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';

const minute = 60_000;
const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;

let t: TestRedis;
const processes: CollectorProcess[] = [];

beforeEach(async () => {
  t = await openTestRedis();
});

afterEach(async () => {
  for (const p of processes.splice(0)) await p.kill();
  await t.cleanup();
});

async function startCollector(
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<CollectorProcess> {
  const p = await CollectorProcess.start(['--redis', testRedisUrl, '--key-prefix', t.prefix, ...args], env);
  processes.push(p);
  return p;
}

function minutes(tenantId: string, from: number, count: number): IUsageSegment[] {
  return Array.from({ length: count }, (_, i) =>
    segment('node-1', tenantId, base + (from + i) * minute, base + (from + i + 1) * minute),
  );
}

async function totalSeconds(address: string, tenantId: string): Promise<number> {
  const admin = new AdminClient({ address });
  try {
    return (await admin.tenantUsage({ tenant_id: tenantId })).total_gpu_seconds ?? 0;
  } finally {
    admin.close();
  }
}

describe('configuration', () => {
  it('exits 78 listing every problem of the options', async () => {
    const r = await runCli(
      ['collector', '--listen', 'nowhere', '--max-batch-bytes', '1', '--log-level', 'loud', '--nope'],
      {
        GPUWATCH_REDIS: 'http://x',
      },
    );
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('invalid configuration (5 problems)');
    for (const problem of [
      '--nope: unknown option (see --help)',
      '--listen: expected host:port, got "nowhere"',
      'GPUWATCH_REDIS: expected redis://, rediss://, redis+cluster:// or rediss+cluster:// URL, got "http://x"',
      '--max-batch-bytes: expected 1KiB..64MiB, got 1 bytes',
      '--log-level: expected one of debug, info, warn, error, got "loud"',
    ]) {
      expect(r.stderr).toContain(problem);
    }
  });

  it('refuses to start on a non-loopback address without credentials, naming what is missing', async () => {
    const r = await runCli(['collector', '--listen', '0.0.0.0:0', '--redis', testRedisUrl]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('invalid configuration (4 problems)');
    expect(r.stderr).toContain('a non-loopback address needs agent credentials');
    expect(r.stderr).toContain('a non-loopback address needs --admin-token-file');
    expect(r.stderr).toContain('plaintext on a non-loopback address');
    expect(r.stderr).toContain('a non-loopback address needs the HMAC key');
    expect(r.stderr).not.toContain('collector listening');
  });

  it('checks the files it is given and refuses secrets on the command line', async () => {
    const r = await runCli([
      'collector',
      '--agent-tokens-file',
      '/nonexistent/agents',
      '--tls-cert',
      tempFile('cert.pem', 'not a certificate'),
      '--hmac-key',
      'sekrit',
    ]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(
      '--hmac-key: secrets are not accepted on the command line; set GPUWATCH_HMAC_KEY',
    );
    expect(r.stderr).not.toContain('sekrit');

    const files = await runCli([
      'collector',
      '--agent-tokens-file',
      '/nonexistent/agents',
      '--tls-cert',
      tempFile('c.pem', 'x'),
    ]);
    expect(files.code).toBe(78);
    expect(files.stderr).toContain('--tls-key: TLS needs both --tls-cert and --tls-key');
    expect(files.stderr).toContain('--agent-tokens-file: cannot read "/nonexistent/agents"');
  });

  it('starts on a non-loopback address with credentials, and never logs a secret', async () => {
    const p = await startCollector(
      [
        '--listen',
        '0.0.0.0:0',
        '--allow-plaintext',
        '--agent-tokens-file',
        tempFile('agents', 'node-1 token-node-1-0123456789\n'),
        '--admin-token-file',
        tempFile('admin', 'admin-token-0123456789abcdef\n'),
      ],
      { GPUWATCH_HMAC_KEY: 'hmac-key-0123456789abcdef0123456789abcdef' },
    );
    expect(p.grpcAddress).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(p.stderr()).toContain('"hmacKey":"[redacted]"');
    expect(p.stderr()).not.toMatch(/hmac-key-0123|token-node-1-0123|admin-token-0123/);
  });
});

describe('the running process', () => {
  it('serves /healthz, /readyz (with the durability report) and /metrics', async () => {
    const p = await startCollector();
    expect((await fetch(`${p.httpUrl}/healthz`)).status).toBe(200);
    // Listening comes first; ready follows once the Redis connection is up.
    await expect.poll(async () => (await fetch(`${p.httpUrl}/readyz`)).status).toBe(200);
    const readyz = await fetch(`${p.httpUrl}/readyz`);
    expect(await readyz.json()).toMatchObject({
      ready: true,
      redis: 'ready',
      durability: { mode: expect.any(String) as string, durable: expect.any(Boolean) as boolean },
    });
    const metrics = await (await fetch(`${p.httpUrl}/metrics`)).text();
    expect(metrics).toContain('gpuwatch_collector_agents_connected 0');
    expect(metrics).toContain('process_cpu_seconds_total');
  });

  it('drains on SIGTERM: acks what it stored, ends streams with UNAVAILABLE, exits 0', async () => {
    const p = await startCollector();
    const s = ReportStreamClient.open({ address: p.grpcAddress });
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('tenant-a', 0, 5));
    await s.waitForAck(1);
    p.signal('SIGTERM');
    const end = await s.status;
    expect(end.code).toBe(status.UNAVAILABLE);
    expect(end.details).toBe(
      'collector shutting down: reconnect (to another collector) and resend from seq 2',
    );
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toContain('"msg":"collector stopped"');

    const again = await startCollector();
    expect(await totalSeconds(again.grpcAddress, 'tenant-a')).toBe(5 * 60);
  });

  it('counts batches it stored before a SIGKILL once when the agent resends them all', async () => {
    const first = await startCollector();
    const s = ReportStreamClient.open({ address: first.grpcAddress });
    s.sendHello(hello('node-1'));
    for (let seq = 1; seq <= 4; seq++) s.sendBatch(seq, minutes('tenant-s', (seq - 1) * 5, 5));
    // Wait until Redis holds all four batches, then kill: the agent cannot know which acks it got.
    await expect
      .poll(() => t.redis.hget(t.keys.batchSeq('node-1'), 'spool-node-1'), { timeout: 10_000 })
      .toBe('4');
    await first.kill();
    await s.status;

    const second = await startCollector();
    const resend = ReportStreamClient.open({ address: second.grpcAddress });
    resend.sendHello(hello('node-1'));
    for (let seq = 1; seq <= 5; seq++) resend.sendBatch(seq, minutes('tenant-s', (seq - 1) * 5, 5));
    await resend.waitForAck(5);
    expect(resend.acks.map((a) => [a.seq, a.accepted])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 5],
    ]);
    resend.end();
    await resend.status;
    expect(await totalSeconds(second.grpcAddress, 'tenant-s')).toBe(25 * 60);
  });

  it('loses nothing and counts nothing twice when SIGKILLed between storing and acking', async () => {
    // One segment per batch: after the first ack the collector still has ~100 round trips to Redis
    // ahead of it, so the kill lands while batches are stored but not yet acked.
    const batches: Batch[] = minutes('tenant-k', 0, 100).map((seg, i) => ({ seq: i + 1, segments: [seg] }));

    let current = await startCollector();
    let kills = 0;
    const broken = await deliver({
      hello: hello('node-1'),
      batches,
      // A dead collector is restarted before the agent reconnects: a new process, a new port.
      address: async () => {
        if ((await Promise.race([current.exited, Promise.resolve(undefined)])) !== undefined) {
          current = await startCollector();
        }
        return current.grpcAddress;
      },
      onStream: (stream, attempt) => {
        if (attempt > 2) return;
        // Kill as soon as the first ack of this stream arrives: the batches behind it are
        // stored, being stored or not yet read — and none of them acked.
        void stream.waitForAck(stream.ackedSeq + 1).then(
          () => {
            kills++;
            void current.kill();
          },
          () => undefined,
        );
      },
    });
    expect(kills).toBe(2);
    expect(broken.length).toBeGreaterThanOrEqual(2);
    expect(await totalSeconds(current.grpcAddress, 'tenant-k')).toBe(100 * 60);
  });
});
