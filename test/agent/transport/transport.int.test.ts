import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { Spool } from '../../../agent/spool/spool.js';
import { Transport } from '../../../agent/transport/transport.js';
import type { TransportOptions } from '../../../agent/transport/transport-config.js';
import { ManualClock } from '../../../common/clock.js';
import type { IGpu } from '../../../common/proto.js';
import { captureLogger, makeSegments, tempDir } from '../spool/spool-fixtures.js';
import { FakeCollector } from './transport-fixtures.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const gpus: IGpu[] = [
  {
    uuid: 'GPU-1',
    index: 0,
    name: 'NVIDIA H100 80GB HBM3',
    pci_device_id: '0x233010DE',
    memory_total_bytes: 85520809984,
  },
];

async function newSpool(): Promise<Spool> {
  const { dir, cleanup } = tempDir('transport');
  const spool = await Spool.open({ dir, fsync: 'never', ackPersistIntervalMs: 0 });
  cleanups.push(cleanup);
  cleanups.push(() => spool.close());
  return spool;
}

async function newCollector(options?: Parameters<typeof FakeCollector.start>[0]): Promise<FakeCollector> {
  const collector = await FakeCollector.start(options);
  cleanups.push(() => collector.kill());
  return collector;
}

function newTransport(spool: Spool, target: string, options: Partial<TransportOptions> = {}): Transport {
  const transport = new Transport({
    target,
    agentId: 'node-1',
    cluster: 'c1',
    site: 'fra1',
    agentVersion: '0.1.0-test',
    inventory: () => gpus,
    spool,
    backoffInitialMs: 20,
    backoffMaxMs: 100,
    // These tests watch the window, order and acks per spooled batch: one batch per message.
    // Merging has its own test below.
    maxMessageSegments: 1,
    ...options,
  });
  cleanups.push(() => transport.stop({ drainTimeoutMs: 0 }));
  return transport;
}

/** Polls `condition` (no fixed sleeps: it returns as soon as the condition holds). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function appendBatches(spool: Spool, count: number, segmentsEach: number, tag = 'b'): Promise<void> {
  for (let i = 0; i < count; i++) await spool.append(makeSegments(segmentsEach, `${tag}${i}`));
}

async function metric(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return (
    m?.values
      .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
      .reduce((s, v) => s + v.value, 0) ?? NaN
  );
}

describe('Transport', () => {
  it('sends the hello, then every batch in seq order, and the acks empty the spool', async () => {
    const collector = await newCollector();
    const spool = await newSpool();
    await appendBatches(spool, 50, 4);
    const registry = new Registry();
    const transport = newTransport(spool, collector.address, { registry });
    transport.start();
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty');

    expect(collector.hellos).toHaveLength(1);
    expect(collector.hellos[0]).toMatchObject({
      agent_id: 'node-1',
      cluster: 'c1',
      site: 'fra1',
      agent_version: '0.1.0-test',
      spool_id: spool.spoolId,
    });
    expect(collector.hellos[0]?.gpus[0]).toMatchObject({ uuid: 'GPU-1', name: 'NVIDIA H100 80GB HBM3' });
    expect(collector.seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(collector.received[9]?.segments.map((s) => s.allocation_id)).toEqual([
      'b9-0',
      'b9-1',
      'b9-2',
      'b9-3',
    ]);
    expect(collector.metadata[0]?.get('authorization')).toEqual([]);
    expect(transport.stats()).toMatchObject({
      connected: true,
      batchesSent: 50,
      segmentsSent: 200,
      batchesAcked: 50,
    });
    expect(await metric(registry, 'gpuwatch_agent_connected')).toBe(1);
    expect(await metric(registry, 'gpuwatch_agent_segments_sent_total')).toBe(200);

    // New data goes out on notify().
    await spool.append(makeSegments(1, 'late'));
    transport.notify();
    await until(() => collector.seqs.at(-1) === 51, 'batch 51');
  });

  it('counts itself connected only once the collector answers, not when its hello is buffered', async () => {
    // An HTTP/2 server that takes the stream and the hello but never answers.
    const silent = http2.createServer();
    let helloBytes = 0;
    silent.on('stream', (stream) => stream.on('data', (chunk: Buffer) => (helloBytes += chunk.length)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    const port = (silent.address() as AddressInfo).port;
    const registry = new Registry();
    const transport = newTransport(await newSpool(), `127.0.0.1:${port}`, { registry });
    transport.start();
    await until(() => helloBytes > 0, 'the hello to arrive');
    await new Promise((r) => setTimeout(r, 100));
    expect(transport.stats().connected).toBe(false);
    expect(await metric(registry, 'gpuwatch_agent_connected')).toBe(0);
  });

  it('merges consecutive spooled batches into one message within the limits, acked as one', async () => {
    const spool = await newSpool();
    await appendBatches(spool, 30, 4);
    const collector = await newCollector();
    const transport = newTransport(spool, collector.address, {
      maxMessageSegments: 40,
      maxMessageBytes: 1024 * 1024,
    });
    transport.start();
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty');
    // 30 batches of 4 segments: messages of at most 10 batches, each carrying its last seq.
    expect(collector.seqs).toEqual([10, 20, 30]);
    expect(collector.received.map((b) => b.segments.length)).toEqual([40, 40, 40]);
    // Every segment once, in spool order.
    expect(collector.received.flatMap((b) => b.segments.map((s) => s.allocation_id))).toEqual(
      Array.from({ length: 30 }, (_, i) => Array.from({ length: 4 }, (_, j) => `b${i}-${j}`)).flat(),
    );
    expect(transport.stats()).toMatchObject({ batchesSent: 3, segmentsSent: 120 });
  });

  it('never merges past the byte limit', async () => {
    const spool = await newSpool();
    await appendBatches(spool, 6, 4);
    const collector = await newCollector();
    const oneBatchBytes = (await spool.pending(1)[Symbol.asyncIterator]().next()).value?.bytes ?? 0;
    const transport = newTransport(spool, collector.address, {
      maxMessageSegments: 1000,
      maxMessageBytes: oneBatchBytes * 2,
    });
    transport.start();
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty');
    expect(collector.seqs).toEqual([2, 4, 6]);
  });

  it('keeps at most the window of batches and bytes unacked', async () => {
    const collector = await newCollector();
    collector.ackDelayMs = 5;
    const spool = await newSpool();
    await appendBatches(spool, 60, 2);
    const transport = newTransport(spool, collector.address, { maxInFlightBatches: 8 });
    transport.start();
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty');
    expect(collector.maxUnackedBatches).toBe(8);
    expect(collector.seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));

    const bytesCollector = await newCollector();
    bytesCollector.ackMode = 'hold';
    const spool2 = await newSpool();
    await appendBatches(spool2, 20, 2);
    const [first] = await (async () => {
      const out = [];
      for await (const b of spool2.pending()) out.push(b);
      return out;
    })();
    const limit = first!.bytes * 3;
    const t2 = newTransport(spool2, bytesCollector.address, { maxInFlightBytes: limit });
    t2.start();
    await until(() => bytesCollector.received.length === 3, '3 batches');
    // The 4th would pass the byte limit: it waits for an ack.
    expect(t2.stats().inFlightBytes).toBe(limit);
    bytesCollector.releaseAcks(1);
    await until(() => bytesCollector.received.length === 4, 'the 4th batch after an ack');
    expect(t2.stats().inFlightBatches).toBe(3);
  });

  it('honours backpressure: a collector that stops reading does not make the agent buffer everything', async () => {
    const collector = await newCollector({ decodeSegments: false });
    collector.pauseReading();
    const spool = await newSpool();
    // 300 batches of ~60 KiB: ~18 MiB, far more than HTTP/2 flow control lets through unread.
    await appendBatches(spool, 300, 400);
    const transport = newTransport(spool, collector.address, {
      maxInFlightBatches: 100_000,
      maxInFlightBytes: 1024 ** 3,
    });
    transport.start();
    await until(() => transport.stats().waitingForDrain, 'the sender to wait for drain');
    const stalled = transport.stats();
    expect(stalled.batchesSent).toBeLessThan(300);
    expect(stalled.inFlightBytes).toBeLessThan(8 * 1024 ** 2);
    expect(collector.received.length).toBe(0);

    collector.resumeReading();
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty after resume', 20_000);
    expect(collector.seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('after the collector dies and comes back, resends exactly the unacked batches', async () => {
    const first = await newCollector();
    const spool = await newSpool();
    await appendBatches(spool, 20, 3);
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const transport = newTransport(spool, first.address, { registry, logger });
    // Ack the first 10 only; 11-20 arrive but their acks never come.
    first.rejectFor = () => [];
    first.ackMode = 'hold';
    transport.start();
    await until(() => first.received.length === 20, 'all 20 batches at the first collector');
    first.releaseAcks(10);
    await until(() => spool.stats().ackedSeq === 10, 'ack 10');
    const disconnected = new Promise((resolve) => transport.once('disconnected', resolve));
    first.kill();
    await disconnected;
    // Down for a while: reconnects fail and are counted.
    await until(() => (transport.stats().sendErrors.unavailable ?? 0) >= 2, 'failed reconnects');

    const second = await newCollector({ port: first.port });
    await until(() => spool.stats().depthBatches === 0, 'the spool to empty at the second collector');
    expect(second.seqs).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(second.hellos[0]?.spool_id).toBe(spool.spoolId);
    expect(
      await metric(registry, 'gpuwatch_agent_send_errors_total', { reason: 'unavailable' }),
    ).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('will reconnect'))).toBe(true);
  });

  it('logs and counts rejected segments and never resends them', async () => {
    const collector = await newCollector();
    collector.rejectFor = (seq) =>
      seq === 2 ? [{ index: 1, field: 'segments[1].gpu_utilization', reason: 'expected 0..1, got 1.7' }] : [];
    const spool = await newSpool();
    await appendBatches(spool, 3, 2);
    const registry = new Registry();
    const { logger, lines } = captureLogger();
    const transport = newTransport(spool, collector.address, { registry, logger });
    transport.start();
    await until(() => spool.stats().depthBatches === 0, 'acks');
    const logged = lines.find((l) => l.msg.includes('rejected a segment'));
    expect(logged).toMatchObject({
      seq: 2,
      index: 1,
      field: 'segments[1].gpu_utilization',
      reason: 'expected 0..1, got 1.7',
    });
    expect(transport.stats().rejectedSegments).toBe(1);
    expect(await metric(registry, 'gpuwatch_agent_rejected_segments_total')).toBe(1);

    // A new stream starts after the acked batches: batch 2 does not come again.
    collector.endStreams();
    await until(() => collector.hellos.length === 2, 'the second hello');
    await spool.append(makeSegments(1, 'new'));
    transport.notify();
    await until(() => collector.seqs.length === 4, 'batch 4');
    expect(collector.seqs).toEqual([1, 2, 3, 4]);
  });

  it('sends the bearer token from its file, re-reads it on reconnect, and never logs it', async () => {
    const collector = await newCollector();
    const { dir, cleanup } = tempDir('token');
    cleanups.push(cleanup);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 's3cret-one\n');
    const spool = await newSpool();
    await appendBatches(spool, 1, 1);
    const { logger, lines } = captureLogger('debug');
    const transport = newTransport(spool, collector.address, { tokenFile, logger });
    transport.start();
    await until(() => collector.hellos.length === 1, 'hello');
    expect(collector.metadata[0]?.get('authorization')).toEqual(['Bearer s3cret-one']);

    writeFileSync(tokenFile, 's3cret-two\n');
    collector.endStreams(grpc.status.UNAVAILABLE);
    await until(() => collector.hellos.length === 2, 'the second hello');
    expect(collector.metadata[1]?.get('authorization')).toEqual(['Bearer s3cret-two']);
    const logText = JSON.stringify(lines);
    expect(logText).not.toContain('s3cret');
    expect(lines.some((l) => l.msg.includes('without TLS'))).toBe(true);
  });

  it('logs a refusal loudly and keeps retrying with backoff', async () => {
    const collector = await newCollector();
    collector.refuseWith = {
      code: grpc.status.PERMISSION_DENIED,
      details: 'agent node-1 may not report as node-2',
    };
    const spool = await newSpool();
    await appendBatches(spool, 1, 1);
    const { logger, lines } = captureLogger();
    const transport = newTransport(spool, collector.address, { logger, refusedBackoffMaxMs: 100 });
    transport.start();
    await until(() => (transport.stats().sendErrors.permission_denied ?? 0) >= 3, 'three refusals');
    const refusal = lines.find((l) => l.level === 'error' && l.msg.includes('refused this agent'));
    expect(refusal?.details).toBe('agent node-1 may not report as node-2');
    expect(spool.stats().depthBatches).toBe(1);

    collector.refuseWith = undefined;
    await until(() => spool.stats().depthBatches === 0, 'delivery once the collector accepts');
  });

  it('treats an ack for a batch it never sent as a broken stream, not as delivery', async () => {
    const collector = await newCollector();
    collector.ackMode = 'hold';
    const spool = await newSpool();
    await appendBatches(spool, 2, 1);
    const transport = newTransport(spool, collector.address);
    transport.start();
    await until(() => collector.received.length === 2, 'two batches');
    // A collector bug: ack seq 9 when only 1-2 were sent.
    const disconnected = new Promise<{ reason: string }>((resolve) =>
      transport.once('disconnected', resolve),
    );
    collector.releaseAcks(); // acks 2: fine
    await until(() => spool.stats().ackedSeq === 2, 'ack 2');
    await spool.append(makeSegments(1, 'x'));
    transport.notify();
    await until(() => collector.received.length === 3, 'batch 3');
    (collector as unknown as { open: Set<{ call: grpc.ServerDuplexStream<unknown, unknown> }> }).open.forEach(
      (s) => s.call.write({ ack: { seq: 9 } }),
    );
    expect((await disconnected).reason).toBe('bad_ack');
    expect(spool.stats().ackedSeq).toBe(2);
  });

  it('stop() waits for the acks in flight, and gives up after drainTimeoutMs', async () => {
    const collector = await newCollector();
    collector.ackMode = 'hold';
    const spool = await newSpool();
    await appendBatches(spool, 4, 1);
    const transport = newTransport(spool, collector.address);
    transport.start();
    await until(() => collector.received.length === 4, 'four batches');
    const stopping = transport.stop({ drainTimeoutMs: 10_000 });
    collector.releaseAcks();
    await stopping;
    expect(spool.stats().depthBatches).toBe(0);

    const silent = await newCollector();
    silent.ackMode = 'hold';
    const spool2 = await newSpool();
    await appendBatches(spool2, 2, 1);
    const t2 = newTransport(spool2, silent.address);
    t2.start();
    await until(() => silent.received.length === 2, 'two batches');
    const started = performance.now();
    await t2.stop({ drainTimeoutMs: 200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(spool2.stats().depthBatches).toBe(2);
  });

  it('does not let a hung inventory hold up delivery', async () => {
    const collector = await newCollector();
    const spool = await newSpool();
    await appendBatches(spool, 2, 1);
    const transport = newTransport(spool, collector.address, {
      inventory: () => new Promise<IGpu[]>(() => undefined),
      inventoryTimeoutMs: 50,
    });
    transport.start();
    await until(() => spool.stats().depthBatches === 0, 'delivery');
    expect(collector.hellos[0]?.gpus).toEqual([]);
  });

  it('reports the age of the last ack from the injected clock', async () => {
    const collector = await newCollector();
    const spool = await newSpool();
    const clock = new ManualClock(1_000_000);
    const registry = new Registry();
    const transport = newTransport(spool, collector.address, { clock, registry });
    transport.start();
    clock.advance(7000);
    expect(await metric(registry, 'gpuwatch_agent_last_ack_age_seconds')).toBe(7);
    await appendBatches(spool, 1, 1);
    transport.notify();
    await until(() => transport.stats().lastAckMs !== undefined, 'an ack');
    clock.advance(2500);
    expect(await metric(registry, 'gpuwatch_agent_last_ack_age_seconds')).toBe(2.5);
  });

  describe('over TLS', () => {
    function makePki(): { dir: string; file: (n: string) => string } {
      const { dir, cleanup } = tempDir('pki');
      cleanups.push(cleanup);
      const file = (n: string): string => join(dir, n);
      const run = (...args: string[]): void => {
        execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      };
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      run(
        'req',
        '-x509',
        ...ec,
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '1',
        '-subj',
        '/CN=gpuwatch test CA',
      );
      writeFileSync(
        file('server.ext'),
        'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
      );
      writeFileSync(file('client.ext'), 'subjectAltName=DNS:node-1\nextendedKeyUsage=clientAuth\n');
      for (const [name, cn] of [
        ['server', 'localhost'],
        ['client', 'node-1'],
      ] as const) {
        run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
        run(
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${name}.crt`,
          '-days',
          '1',
          '-extfile',
          `${name}.ext`,
        );
      }
      return { dir, file };
    }

    it('delivers with mutual TLS against a CA made by openssl, and fails closed with the wrong CA', async () => {
      const { file } = makePki();
      const credentials = grpc.ServerCredentials.createSsl(
        readFileSync(file('ca.crt')),
        [{ cert_chain: readFileSync(file('server.crt')), private_key: readFileSync(file('server.key')) }],
        true,
      );
      const collector = await newCollector({ credentials });
      const spool = await newSpool();
      await appendBatches(spool, 5, 2);
      const transport = newTransport(spool, `localhost:${collector.port}`, {
        tls: { caFile: file('ca.crt'), certFile: file('client.crt'), keyFile: file('client.key') },
      });
      transport.start();
      await until(() => spool.stats().depthBatches === 0, 'delivery over mTLS');
      expect(collector.seqs).toEqual([1, 2, 3, 4, 5]);
      expect(collector.authContexts[0]?.transportSecurityType).toBe('ssl');
      expect(collector.authContexts[0]?.sslPeerCertificate?.subject?.CN).toBe('node-1');

      // Trusting only its own, unrelated CA, the agent refuses the collector's certificate.
      const other = makePki();
      const spool2 = await newSpool();
      await appendBatches(spool2, 1, 1);
      const distrustful = newTransport(spool2, `localhost:${collector.port}`, {
        tls: { caFile: other.file('ca.crt'), certFile: file('client.crt'), keyFile: file('client.key') },
      });
      const failed = new Promise<{ reason: string }>((resolve) => distrustful.once('disconnected', resolve));
      distrustful.start();
      expect((await failed).reason).toBe('unavailable');
      expect(spool2.stats().depthBatches).toBe(1);
    });
  });
});
