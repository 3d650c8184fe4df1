/**
 * Redis SIGKILLed and restarted from its AOF while `gpuwatch collector` — a child process, with
 * its production connection settings — ingests from several agents at once (docs/design.md §4). The
 * agents behave like real ones: keep every batch until an ack covers it, reconnect and resend the
 * rest. The same collector process rides out the outage (it is not restarted), and afterwards
 * Redis holds every acked segment exactly once: totals exact, no batch counted twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { AdminClient, deliver, hello, segment, type Batch } from '../helpers/agent-client.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { PrivateRedisServer } from '../helpers/redis.js';
import { RedisKeys } from '../../common/redis-keys.js';

let server: PrivateRedisServer;
let collector: CollectorProcess;

beforeEach(async () => {
  server = await PrivateRedisServer.start({ aof: true });
  collector = await CollectorProcess.start([
    '--redis',
    server.url,
    '--key-prefix',
    'gwfault',
    '--redis-command-timeout',
    '500ms',
    '--store-timeout',
    '2s',
  ]);
});

afterEach(async () => {
  await collector.kill();
  await server.stop();
});

const agents = 3;
const batchesPerAgent = 150;

describe('Redis SIGKILL during ingest', () => {
  it('loses nothing acked and counts nothing twice when Redis is killed and restarted from its AOF mid-ingest', async () => {
    const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 6 * 3_600_000;
    const plans = Array.from({ length: agents }, (_, a) => {
      const agentId = `node-${a}`;
      const batches: Batch[] = Array.from({ length: batchesPerAgent }, (_, i) => ({
        seq: i + 1,
        // One tenant per agent plus a tenant every agent shares (its aggregates are hit by all).
        segments: [
          segment(agentId, `tenant-${a}`, base + i * 60_000, base + (i + 1) * 60_000),
          segment(agentId, 'tenant-shared', base + i * 60_000, base + (i + 1) * 60_000, {
            allocation_id: `shared-${a}`,
          }),
        ],
      }));
      return { agentId, batches };
    });

    // Kill Redis once the first agent has 30 batches acked, restart it 1.5 s later.
    let killed = false;
    let restarted: Promise<void> | undefined;
    const deliveries = plans.map((p, a) =>
      deliver({
        address: () => collector.grpcAddress,
        hello: hello(p.agentId),
        batches: p.batches,
        maxAttempts: 200,
        retryDelayMs: 200,
        onStream: (stream) => {
          if (a !== 0 || killed) return;
          void stream.waitForAck(30).then(
            () => {
              if (killed) return;
              killed = true;
              restarted = (async () => {
                await server.kill();
                await new Promise((resolve) => setTimeout(resolve, 1500));
                await server.restart();
              })();
            },
            () => undefined,
          );
        },
      }),
    );
    const broken = await Promise.all(deliveries);
    await restarted;
    expect(killed).toBe(true);
    // Every agent saw the outage as a broken stream and resent; none gave up.
    expect(broken.flat().length).toBeGreaterThanOrEqual(1);
    expect(broken.flat().every((s) => /storage unavailable|resend from seq|reconnect/.test(s.details))).toBe(
      true,
    );

    // The same process, never restarted.
    expect(
      await Promise.race([collector.exited, new Promise((r) => setTimeout(() => r('running'), 50))]),
    ).toBe('running');

    const admin = new AdminClient({ address: collector.grpcAddress });
    try {
      for (let a = 0; a < agents; a++) {
        expect((await admin.tenantUsage({ tenant_id: `tenant-${a}` })).total_gpu_seconds).toBe(
          batchesPerAgent * 60,
        );
      }
      expect((await admin.tenantUsage({ tenant_id: 'tenant-shared' })).total_gpu_seconds).toBe(
        agents * batchesPerAgent * 60,
      );
    } finally {
      admin.close();
    }
    // The whole-batch fast path agrees: each agent's spool is stored up to its last seq.
    const keys = new RedisKeys('gwfault');
    const check = new Redis(server.url);
    try {
      for (const p of plans) {
        expect(await check.hget(keys.batchSeq(p.agentId), `spool-${p.agentId}`)).toBe(
          String(batchesPerAgent),
        );
      }
    } finally {
      check.disconnect();
    }
  });
});
