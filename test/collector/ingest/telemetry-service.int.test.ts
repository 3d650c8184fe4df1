/**
 * Telemetry.Report over real gRPC on 127.0.0.1, with the in-memory store: the envelope rules,
 * per-segment rejection, authentication, superseding, storage failures and draining. Every
 * failure case also checks that an agent on a parallel stream keeps being served.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { AppError } from '../../../common/errors.js';
import type { IUsageSegment } from '../../../common/proto.js';
import { InMemoryUsageStore } from '../../../collector/storage/in-memory-usage-store.js';
import type { InMemoryEvaluationQueue } from '../../../collector/ingest/evaluation-queue.js';
import { defaultValidationLimits } from '../../../collector/ingest/segment-validation.js';
import type { StoreBatchResult, UsageStore } from '../../../collector/storage/usage-store.js';
import { ReportStreamClient, encode, hello, segment } from '../../helpers/agent-client.js';
import {
  startTestCollector,
  tempFile,
  type TestCollector,
  type TestCollectorOptions,
} from '../../helpers/collector.js';

const minute = 60_000;
const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000; // the last whole hour

function minutes(agentId: string, tenantId: string, from: number, count: number): IUsageSegment[] {
  return Array.from({ length: count }, (_, i) =>
    segment(agentId, tenantId, t0 + (from + i) * minute, t0 + (from + i + 1) * minute),
  );
}

let c: TestCollector;
const opened: ReportStreamClient[] = [];

function open(options: { token?: string } = {}): ReportStreamClient {
  const s = ReportStreamClient.open({ address: c.address, ...options });
  opened.push(s);
  return s;
}

async function start(options: TestCollectorOptions = {}): Promise<void> {
  c = await startTestCollector(options);
}

/**
 * Runs `scenario` while another agent holds a stream, then checks that agent is still served:
 * a bad peer costs its own stream only.
 */
async function withBystander(scenario: () => Promise<void>, token?: string): Promise<void> {
  const bystander = open(token !== undefined ? { token } : {});
  bystander.sendHello(hello('bystander'));
  bystander.sendBatch(1, minutes('bystander', 'tenant-b', 0, 1));
  await bystander.waitForAck(1);
  await scenario();
  bystander.sendBatch(2, minutes('bystander', 'tenant-b', 1, 1));
  expect(await bystander.waitForAck(2)).toMatchObject({ seq: 2, accepted: 1 });
}

afterEach(async () => {
  for (const s of opened.splice(0)) s.cancel();
  await c.stop();
});

describe('Report stream', () => {
  beforeEach(() => start());

  it('acks each batch after storing it, cumulatively, and ends OK when the agent half-closes', async () => {
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 3));
    s.sendBatch(2, minutes('node-1', 'tenant-a', 3, 2));
    expect(await s.waitForAck(2)).toMatchObject({ seq: 2, accepted: 2 });
    expect(s.acks.map((a) => [a.seq, a.accepted])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    s.end();
    expect((await s.status).code).toBe(status.OK);
    const usage = await c.usageStore.tenantUsage('tenant-a', 0, 0, Date.now());
    expect(usage.total_gpu_seconds).toBe(5 * 60);
    expect([...(c.queue as InMemoryEvaluationQueue).pending.keys()]).toEqual(['tenant-a']);
  });

  it('rejects a bad segment alone, with index, field and reason, and stores the rest', async () => {
    await withBystander(async () => {
      const s = open();
      s.sendHello(hello('node-1'));
      const [a, b, d] = minutes('node-1', 'tenant-a', 0, 3);
      s.sendBatch(1, [a!, { ...b!, allocation_id: 'other', gpu_utilization: 1.7 }, d!]);
      const ack = await s.waitForAck(1);
      expect(ack.accepted).toBe(2);
      expect(ack.rejected).toEqual([
        { index: 1, field: 'gpu_utilization', reason: 'expected 0..1, got 1.7' },
      ]);
      expect((await c.usageStore.tenantUsage('tenant-a', 0, 0, Date.now())).total_gpu_seconds).toBe(120);
    });
  });

  it('ends a stream whose first message is not a hello with INVALID_ARGUMENT', async () => {
    await withBystander(async () => {
      const s = open();
      s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
      const end = await s.status;
      expect(end.code).toBe(status.INVALID_ARGUMENT);
      expect(end.details).toBe('hello: expected the first message of the stream to be a hello, got a batch');
      expect(s.acks).toEqual([]);
    });
  });

  it('ends a stream whose seq does not increase, after acking the batches before it', async () => {
    await withBystander(async () => {
      const s = open();
      s.sendHello(hello('node-1'));
      s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
      s.sendBatch(2, minutes('node-1', 'tenant-a', 1, 1));
      s.sendBatch(2, minutes('node-1', 'tenant-a', 2, 1));
      const end = await s.status;
      expect(end.code).toBe(status.INVALID_ARGUMENT);
      expect(end.details).toBe('batch.seq: expected more than 2 (seq must increase within a stream), got 2');
      expect(s.ackedSeq).toBe(2);
    });
  });

  it('ends a stream that sends a second hello', async () => {
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendHello(hello('node-1'));
    const end = await s.status;
    expect(end.code).toBe(status.INVALID_ARGUMENT);
    expect(end.details).toMatch(/^hello: expected one hello at the start of the stream, got another/);
  });

  it('ends a stream with an invalid hello, listing its problems', async () => {
    const s = open();
    s.sendHello(hello('node-1', { spool_id: '', gpus: [{ uuid: 'a{b' }] }));
    const end = await s.status;
    expect(end.code).toBe(status.INVALID_ARGUMENT);
    expect(end.details).toBe(
      'hello.spool_id: expected a non-empty id, got ""; hello.gpus[0].uuid: expected no "{" or "}", got "a{b"',
    );
  });

  it('ends a stream with a frame that does not decode, naming the decode error', async () => {
    await withBystander(async () => {
      const s = open();
      s.sendHello(hello('node-1'));
      // Field 2 (batch), length 5, but only one byte follows.
      s.sendRaw(Buffer.from([0x12, 0x05, 0x08]));
      const end = await s.status;
      expect(end.code).toBe(status.INVALID_ARGUMENT);
      expect(end.details).toMatch(/^message: cannot decode an AgentMessage from 3 bytes: index out of range/);
    });
  });

  it('ends a stream with an empty message', async () => {
    const s = open();
    s.sendRaw(encode({}));
    expect(await s.status).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'message: expected a hello or a batch, got an empty AgentMessage',
    });
  });

  it('ends the older stream of an agent with ABORTED when a newer one says hello', async () => {
    const older = open();
    older.sendHello(hello('node-1'));
    older.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
    await older.waitForAck(1);
    const newer = open();
    newer.sendHello(hello('node-1'));
    expect(await older.status).toMatchObject({
      code: status.ABORTED,
      details: 'superseded by a newer stream from the same agent',
    });
    newer.sendBatch(2, minutes('node-1', 'tenant-a', 1, 1));
    expect(await newer.waitForAck(2)).toMatchObject({ accepted: 1 });
  });

  it('acks a batch it already stored with accepted 0 (a resend after a crash)', async () => {
    const first = open();
    first.sendHello(hello('node-1'));
    first.sendBatch(1, minutes('node-1', 'tenant-a', 0, 2));
    await first.waitForAck(1);
    first.cancel();
    const second = open();
    second.sendHello(hello('node-1'));
    second.sendBatch(1, minutes('node-1', 'tenant-a', 0, 2));
    second.sendBatch(2, minutes('node-1', 'tenant-a', 2, 1));
    await second.waitForAck(2);
    expect(second.acks.map((a) => [a.seq, a.accepted])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect((await c.usageStore.tenantUsage('tenant-a', 0, 0, Date.now())).total_gpu_seconds).toBe(180);
  });

  it('counts in metrics without tenant, agent or GPU labels', async () => {
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, [
      ...minutes('node-1', 'tenant-a', 0, 2),
      { ...minutes('node-1', 'tenant-a', 5, 1)[0]!, tenant_id: '' },
    ]);
    await s.waitForAck(1);
    const text = await c.registry.metrics();
    expect(text).toContain('gpuwatch_collector_segments_received_total 3');
    expect(text).toContain('gpuwatch_collector_segments_stored_total 2');
    expect(text).toContain('gpuwatch_collector_segments_rejected_total{reason="tenant_id"} 1');
    expect(text).toContain('gpuwatch_collector_batches_total{result="stored"} 1');
    expect(text).toContain('gpuwatch_collector_gpu_seconds_total{control_class="3A090.a"} 120');
    expect(text).toContain('gpuwatch_collector_agents_connected 1');
    expect(text).toMatch(/gpuwatch_collector_ack_latency_seconds_count 1/);
    expect(text).not.toMatch(/tenant-a|node-1|GPU-node/);
  });
});

describe('Report stream limits', () => {
  it('ends a stream with an oversized batch, naming its size and the limit', async () => {
    await start({ config: { limits: { ...defaultValidationLimits, maxBatchBytes: 2048 } } });
    await withBystander(async () => {
      const s = open();
      s.sendHello(hello('node-1'));
      s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 40));
      const end = await s.status;
      expect(end.code).toBe(status.INVALID_ARGUMENT);
      expect(end.details).toMatch(
        /^batch: batch of \d{4} bytes exceeds the limit of 2048 bytes \(--max-batch-bytes\); send smaller batches$/,
      );
    });
  });

  it("names --max-batch-bytes for a batch far over the limit, not grpc-js's generic refusal", async () => {
    // 2 KiB allowed; a batch of ~2.5 MiB is past what the transport accepted before with 1 MiB slack.
    await start({ config: { limits: { ...defaultValidationLimits, maxBatchBytes: 2048 } } });
    const big = minutes('node-1', 'tenant-a', 0, 40).map((sg, i) => ({
      ...sg,
      labels: Object.fromEntries(Array.from({ length: 64 }, (_, k) => [`k${k}`, `${i}`.repeat(1000)])),
    }));
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, big);
    const end = await s.status;
    expect(end.code).toBe(status.INVALID_ARGUMENT);
    expect(end.details).toMatch(
      /^batch: batch of \d{7} bytes exceeds the limit of 2048 bytes \(--max-batch-bytes\); send smaller batches$/,
    );
  });

  it('ends a stream with too many segments in a batch', async () => {
    await start({ config: { limits: { ...defaultValidationLimits, maxSegmentsPerBatch: 3 } } });
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 3));
    s.sendBatch(2, minutes('node-1', 'tenant-a', 3, 4));
    const end = await s.status;
    expect(end).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details:
        'batch: batch of 4 segments exceeds the limit of 3 segments (--max-batch-segments); send smaller batches',
    });
    expect(s.ackedSeq).toBe(1);
  });

  it('ends a stream that sends no hello in time', async () => {
    await start({ config: { helloTimeoutMs: 150 } });
    const s = open();
    expect(await s.status).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'hello: expected a hello within 150ms of opening the stream, got none',
    });
  });
});

describe('Report stream authentication', () => {
  const tokens = 'node-1 token-node-1-0123456789\n# comment\nbystander token-bystander-0123456789\n';

  beforeEach(() => start({ auth: { agentTokensFile: tempFile('agents.txt', tokens) } }));

  it('refuses a stream without a token', async () => {
    await withBystander(async () => {
      const s = open();
      s.sendHello(hello('node-1'));
      expect(await s.status).toMatchObject({
        code: status.UNAUTHENTICATED,
        details: 'no agent credentials: send "authorization: Bearer <token>" metadata',
      });
    }, 'token-bystander-0123456789');
  });

  it('refuses a stream with a wrong token', async () => {
    await withBystander(async () => {
      const s = open({ token: 'token-node-1-0123456789x' });
      s.sendHello(hello('node-1'));
      expect(await s.status).toMatchObject({
        code: status.UNAUTHENTICATED,
        details: 'unknown agent token (not in --agent-tokens-file)',
      });
    }, 'token-bystander-0123456789');
  });

  it('refuses an agent reporting as another agent', async () => {
    await withBystander(async () => {
      const s = open({ token: 'token-node-1-0123456789' });
      s.sendHello(hello('node-2'));
      expect(await s.status).toMatchObject({
        code: status.PERMISSION_DENIED,
        details:
          'hello.agent_id "node-2" does not match the token\'s agent "node-1": an agent may only report as itself',
      });
    }, 'token-bystander-0123456789');
  });

  it('serves an agent with its own token', async () => {
    const s = open({ token: 'token-node-1-0123456789' });
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
    expect(await s.waitForAck(1)).toMatchObject({ accepted: 1 });
  });
});

/** A store whose storeBatch waits for the test, or fails. */
class ControlledStore implements UsageStore {
  readonly inner = new InMemoryUsageStore();
  gate: Promise<void> | undefined;
  failWith: Error | undefined;
  storing = 0;
  recordHello: UsageStore['recordHello'] = (...args) => this.inner.recordHello(...args);
  tenantUsage: UsageStore['tenantUsage'] = (...args) => this.inner.tenantUsage(...args);
  async storeBatch(...args: Parameters<UsageStore['storeBatch']>): Promise<StoreBatchResult> {
    this.storing++;
    if (this.gate !== undefined) await this.gate;
    if (this.failWith !== undefined) throw this.failWith;
    return this.inner.storeBatch(...args);
  }
}

describe('Report stream and storage trouble', () => {
  it('ends the stream with UNAVAILABLE naming the seq to resend from, and acks nothing it did not store', async () => {
    const store = new ControlledStore();
    await start({ usageStore: store });
    await withBystander(async () => {
      const s = open();
      s.sendHello(hello('node-1'));
      s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
      await s.waitForAck(1);
      store.failWith = new Error('Connection is closed.');
      s.sendBatch(2, minutes('node-1', 'tenant-a', 1, 1));
      expect(await s.status).toMatchObject({
        code: status.UNAVAILABLE,
        details:
          'storage unavailable: batch 2: Connection is closed.; batch 2 was not acknowledged, resend from seq 2',
      });
      expect(s.ackedSeq).toBe(1);
      store.failWith = undefined;
    });
  });

  it('gives up on a store that does not answer within the timeout', async () => {
    const store = new ControlledStore();
    await start({ usageStore: store, config: { storeTimeoutMs: 200 } });
    store.gate = new Promise(() => undefined);
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
    expect(await s.status).toMatchObject({
      code: status.UNAVAILABLE,
      details:
        'storage unavailable: batch 1: no answer within 200ms (--store-timeout); batch 1 was not acknowledged, resend from seq 1',
    });
    expect(s.acks).toEqual([]);
  });

  it('reports an AppError of the store as UNAVAILABLE too', async () => {
    const store = new ControlledStore();
    store.failWith = new AppError('UNAVAILABLE', 'WAITAOF failed');
    await start({ usageStore: store });
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
    expect((await s.status).details).toMatch(
      /^storage unavailable: batch 1: WAITAOF failed; .*resend from seq 1$/,
    );
  });
});

describe('Report stream shutdown', () => {
  it('acks the batch in work, then ends every stream with UNAVAILABLE and refuses new ones', async () => {
    const store = new ControlledStore();
    await start({ usageStore: store });
    let release!: () => void;
    store.gate = new Promise((resolve) => {
      release = resolve;
    });
    const s = open();
    s.sendHello(hello('node-1'));
    s.sendBatch(1, minutes('node-1', 'tenant-a', 0, 1));
    s.sendBatch(2, minutes('node-1', 'tenant-a', 1, 1));
    const idle = open();
    idle.sendHello(hello('node-2'));
    await expect.poll(() => store.storing).toBe(1);
    await expect.poll(() => c.collector.telemetry.openStreams).toBe(2);
    const stopped = c.collector.shutdown();
    release();
    const end = await s.status;
    expect(end.code).toBe(status.UNAVAILABLE);
    expect(end.details).toBe(
      'collector shutting down: reconnect (to another collector) and resend from seq 2',
    );
    expect(s.acks.map((a) => a.seq)).toEqual([1]);
    expect((await idle.status).code).toBe(status.UNAVAILABLE);
    await stopped;
  });
});
