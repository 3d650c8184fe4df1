/**
 * Slow-loris peers against `gpuwatch collector` as a child process: streams that never say
 * hello, a hello sent one byte at a time over raw HTTP/2, and a flood of half-open streams. The
 * hello timeout ends each of them with INVALID_ARGUMENT naming the problem, `--max-streams` bounds
 * how many can be open at once (the rest are refused at once with RESOURCE_EXHAUSTED naming the
 * option), and once the silent ones are gone a real agent is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as http2Connect, constants as h2, type IncomingHttpHeaders } from 'node:http2';
import { performance } from 'node:perf_hooks';
import { Client, Metadata, credentials as grpcCredentials, status, type StatusObject } from '@grpc/grpc-js';
import { deliver, encode, hello, segment } from '../helpers/agent-client.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { PrivateRedisServer } from '../helpers/redis.js';

const helloTimeoutMs = 1000;
const maxStreams = 40;
const reportPath = '/gpuwatch.v1.Telemetry/Report';
const timeoutDetails = /^hello: expected a hello within 1s of opening the stream, got none$/;

let redis: PrivateRedisServer;
let collector: CollectorProcess;

beforeAll(async () => {
  redis = await PrivateRedisServer.start();
  collector = await CollectorProcess.start([
    '--redis',
    redis.url,
    '--key-prefix',
    'gwloris',
    '--durability',
    'none',
    '--hello-timeout',
    `${helloTimeoutMs}ms`,
    '--max-streams',
    String(maxStreams),
  ]);
});

afterAll(async () => {
  await collector?.kill();
  await redis?.stop();
});

/** A Report stream that sends nothing and never half-closes; resolves with its final status. */
function silentStream(client: Client): Promise<StatusObject> {
  const call = client.makeBidiStreamRequest(
    reportPath,
    (b: Buffer) => b,
    (b: Buffer) => b,
    new Metadata(),
  );
  call.on('error', () => undefined);
  call.on('data', () => undefined);
  return new Promise((resolve) => call.on('status', resolve));
}

interface Http2Outcome {
  readonly grpcStatus: string | undefined;
  readonly grpcMessage: string;
  readonly bytesSent: number;
  readonly elapsedMs: number;
}

/**
 * Sends one gRPC message (5-byte prefix + `message`) on a raw HTTP/2 stream one byte every
 * `byteIntervalMs`, and resolves with the grpc-status the server answers with.
 */
function trickle(address: string, message: Buffer, byteIntervalMs: number): Promise<Http2Outcome> {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  const session = http2Connect(`http://${address}`);
  session.on('error', () => undefined);
  const req = session.request({
    [h2.HTTP2_HEADER_METHOD]: 'POST',
    [h2.HTTP2_HEADER_PATH]: reportPath,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  req.on('error', () => undefined);
  const started = performance.now();
  let sent = 0;
  let headersStatus: string | undefined;
  let headersMessage = '';
  const timer = setInterval(() => {
    if (sent >= frame.length || req.closed || req.destroyed) return;
    req.write(frame.subarray(sent, sent + 1));
    sent++;
  }, byteIntervalMs);
  return new Promise((resolve) => {
    let settled = false;
    const done = (grpcStatus: string | undefined, grpcMessage: string): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      req.close();
      session.close();
      resolve({
        grpcStatus,
        grpcMessage: decodeURIComponent(grpcMessage),
        bytesSent: sent,
        elapsedMs: performance.now() - started,
      });
    };
    // A trailers-only answer carries grpc-status in the response headers.
    req.on('response', (headers) => {
      headersStatus = headers['grpc-status'] as string | undefined;
      headersMessage = (headers['grpc-message'] as string | undefined) ?? '';
    });
    req.on('trailers', (trailers: IncomingHttpHeaders) => {
      done(
        trailers['grpc-status'] as string | undefined,
        (trailers['grpc-message'] as string | undefined) ?? '',
      );
    });
    // The server ends its side (trailers-only) while ours is still open: 'end', not 'close'.
    req.on('end', () => done(headersStatus, headersMessage));
    req.on('close', () => done(headersStatus, headersMessage));
    req.resume();
  });
}

describe('slow-loris peers', () => {
  it('ends a stream that never says hello after --hello-timeout, naming the problem', async () => {
    const client = new Client(collector.grpcAddress, grpcCredentials.createInsecure());
    try {
      const started = performance.now();
      const s = await silentStream(client);
      expect([status[s.code], s.details]).toEqual([
        'INVALID_ARGUMENT',
        expect.stringMatching(timeoutDetails),
      ]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(helloTimeoutMs - 50);
    } finally {
      client.close();
    }
  });

  it('ends a stream whose hello arrives one byte every 100 ms when the hello timeout passes, long before the hello is complete', async () => {
    const message = encode({ hello: hello('slow-node') });
    const outcome = await trickle(collector.grpcAddress, message, 100);
    expect(outcome.grpcStatus).toBe(String(status.INVALID_ARGUMENT));
    expect(outcome.grpcMessage).toMatch(timeoutDetails);
    expect(outcome.bytesSent).toBeLessThan(5 + message.length);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(helloTimeoutMs - 50);
  });

  it('bounds half-open streams by --max-streams, refusing the rest at once; an agent is served once the timeout frees them', async () => {
    const clients = [0, 1].map(() => new Client(collector.grpcAddress, grpcCredentials.createInsecure()));
    try {
      const flood = Array.from({ length: maxStreams + 10 }, (_, i) => silentStream(clients[i % 2] as Client));
      const results = await Promise.all(flood);
      const timedOut = results.filter((s) => s.code === status.INVALID_ARGUMENT);
      const refused = results.filter((s) => s.code === status.RESOURCE_EXHAUSTED);
      expect(timedOut.length + refused.length).toBe(results.length);
      expect(timedOut).toHaveLength(maxStreams);
      for (const s of timedOut) expect(s.details).toMatch(timeoutDetails);
      expect(refused).toHaveLength(10);
      for (const s of refused) {
        expect(s.details).toBe(`collector has ${maxStreams} open streams, its limit (--max-streams)`);
      }
    } finally {
      for (const c of clients) c.close();
    }
    // Capacity is back: a well-behaved agent delivers.
    const start = Math.floor((Date.now() - 86_400_000) / 60_000) * 60_000;
    const broken = await deliver({
      address: () => collector.grpcAddress,
      hello: hello('good-node'),
      batches: [{ seq: 1, segments: [segment('good-node', 'tenant-g', start, start + 60_000)] }],
      maxAttempts: 3,
    });
    expect(broken).toEqual([]);
  });
});
