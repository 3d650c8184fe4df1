/**
 * What SIGHUP does below the agent's main: the lease file is read again even when nothing about
 * it looks changed, and the transport reconnects at once with the credentials read afresh.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { LeaseFileSource } from '../../agent/sources/lease-file-source.js';
import { Spool } from '../../agent/spool/spool.js';
import { Transport } from '../../agent/transport/transport.js';
import type { CollectContext } from '../../agent/sources/allocation.js';
import { silentLogger } from '../../common/logger.js';
import { makeSegments, tempDir } from './spool/spool-fixtures.js';
import { FakeCollector } from './transport/transport-fixtures.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ctx: CollectContext = {
  signal: new AbortController().signal,
  nowMs: Date.parse('2025-03-01T00:00:00Z'),
};
const lease = (tenant: string) =>
  JSON.stringify([
    { tenant_id: tenant, allocation_id: 'lease-1', gpu_uuids: ['GPU-aaaa'], since: '2025-02-01T00:00:00Z' },
  ]);

describe('LeaseFileSource.reload', () => {
  it('re-reads a file edited in place with its size and modification time unchanged', async () => {
    const { dir, cleanup } = tempDir('reload');
    cleanups.push(cleanup);
    const path = join(dir, 'leases.json');
    writeFileSync(path, lease('aaaa'));
    // A whole second, so the time put back below is exactly the time read now.
    const mtime = new Date('2025-02-28T00:00:00Z');
    utimesSync(path, mtime, mtime);
    const source = new LeaseFileSource({ path, logger: silentLogger });
    cleanups.push(() => source.close());
    expect((await source.collect(ctx)).allocations[0]?.tenant_id).toBe('aaaa');
    // Without the directory watch (closed here; a network file system has none), only the stamp is compared.
    await source.close();
    writeFileSync(path, lease('bbbb'));
    utimesSync(path, mtime, mtime);
    expect((await source.collect(ctx)).allocations[0]?.tenant_id).toBe('aaaa');
    source.reload();
    expect((await source.collect(ctx)).allocations[0]?.tenant_id).toBe('bbbb');
  });
});

describe('Transport.reconnect', () => {
  async function setup(tokenFile?: string, backoffInitialMs = 20) {
    const collector = await FakeCollector.start();
    cleanups.push(() => collector.kill());
    const { dir, cleanup } = tempDir('reconnect');
    cleanups.push(cleanup);
    const spool = await Spool.open({ dir, fsync: 'never' });
    cleanups.push(() => spool.close());
    const transport = new Transport({
      target: collector.address,
      agentId: 'node-1',
      agentVersion: '0.1.0-test',
      inventory: () => [],
      spool,
      backoffInitialMs,
      backoffMaxMs: Math.max(100, backoffInitialMs),
      refusedBackoffMaxMs: 60_000,
      // Every delay is the longest the backoff allows.
      random: () => 0.999,
      ...(tokenFile !== undefined ? { tokenFile } : {}),
    });
    cleanups.push(() => transport.stop({ drainTimeoutMs: 0 }));
    return { collector, spool, transport, dir };
  }

  it('opens a new stream at once, resends what was unacked, and counts no error', async () => {
    const { collector, spool, transport } = await setup();
    collector.ackMode = 'hold';
    await spool.append(makeSegments(2, 'a'));
    transport.start();
    await until(() => collector.received.length === 1, 'the first batch');
    transport.reconnect('test');
    await until(() => collector.hellos.length === 2 && collector.received.length === 2, 'the batch again');
    expect(collector.received.map((b) => [b.stream, b.seq])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(transport.stats().sendErrors).toEqual({});
    collector.ackMode = 'auto';
    collector.releaseAcks();
    await until(() => spool.stats().depthBatches === 0, 'delivery');
  });

  it('cuts a long backoff after a refusal short, reading the token file again', async () => {
    const { dir, cleanup } = tempDir('token');
    cleanups.push(cleanup);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'old-token\n');
    // After a refusal the next attempt waits 30 s.
    const { collector, spool, transport } = await setup(tokenFile, 30_000);
    collector.refuseWith = { code: grpc.status.UNAUTHENTICATED, details: 'unknown token' };
    await spool.append(makeSegments(1, 'a'));
    transport.start();
    await until(() => (transport.stats().sendErrors.unauthenticated ?? 0) === 1, 'the refusal');
    // The operator rotates the token and sends SIGHUP.
    writeFileSync(tokenFile, 'new-token\n');
    collector.refuseWith = undefined;
    transport.reconnect('SIGHUP');
    await until(() => spool.stats().depthBatches === 0, 'delivery long before the 30 s backoff ends', 10_000);
    expect(collector.metadata.at(-1)?.get('authorization')).toEqual(['Bearer new-token']);
  });
});
