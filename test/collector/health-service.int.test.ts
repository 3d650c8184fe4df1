import { afterEach, expect, it } from 'vitest';
import { credentials, makeGenericClientConstructor, type ClientReadableStream } from '@grpc/grpc-js';
import { healthDefinition, healthPb } from '../../common/proto.js';
import { startTestCollector, type TestCollector } from '../helpers/collector.js';

const HealthClient = makeGenericClientConstructor(healthDefinition, 'Health');
const { SERVING, NOT_SERVING, SERVICE_UNKNOWN } = healthPb.HealthCheckResponse.ServingStatus;

let c: TestCollector | undefined;
afterEach(async () => {
  await c?.stop();
});

function watch(address: string, service: string): { statuses: number[]; ended: Promise<void> } {
  const client = new HealthClient(address, credentials.createInsecure());
  const call = (
    client as unknown as { watch: (req: object) => ClientReadableStream<{ status: number }> }
  ).watch({
    service,
  });
  const statuses: number[] = [];
  call.on('data', (m: { status: number }) => statuses.push(m.status));
  call.on('error', () => undefined);
  const ended = new Promise<void>((resolve) =>
    call.on('status', () => {
      client.close();
      resolve();
    }),
  );
  return { statuses, ended };
}

it('Watch reports SERVING, then NOT_SERVING when the collector drains, and ends', async () => {
  c = await startTestCollector();
  const w = watch(c.address, 'gpuwatch.v1.Telemetry');
  await expect.poll(() => w.statuses).toEqual([SERVING]);
  const unknown = watch(c.address, 'no.such.Service');
  await expect.poll(() => unknown.statuses).toEqual([SERVICE_UNKNOWN]);
  await c.collector.shutdown();
  await w.ended;
  expect(w.statuses).toEqual([SERVING, NOT_SERVING]);
});

it('follows Redis reachability', async () => {
  c = await startTestCollector();
  const w = watch(c.address, '');
  await expect.poll(() => w.statuses).toEqual([SERVING]);
  c.collector.readiness.setRedisReady(false);
  await expect.poll(() => w.statuses).toEqual([SERVING, NOT_SERVING]);
  c.collector.readiness.setRedisReady(true);
  await expect.poll(() => w.statuses).toEqual([SERVING, NOT_SERVING, SERVING]);
});
