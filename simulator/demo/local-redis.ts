/**
 * A private `redis-server` for the demo: a temporary directory, a free port on 127.0.0.1, no
 * persistence (the demo's data is thrown away), stopped and removed by `stop()`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../common/free-port.js';

export interface LocalRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/** True when a Redis answers PING at `url` within `timeoutMs`. */
export async function redisReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Starts redis-server (`binary`, default from PATH) and resolves once it answers PING. */
export async function startLocalRedis(binary = 'redis-server'): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-demo-redis-'));
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`cannot start ${binary} (install Redis, or pass --redis URL): ${err.message}`)),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${stderr.trim()}`);
      if (await redisReachable(url, 300)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server on port ${port} did not answer within 10 s`);
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (err: unknown) {
    await stop();
    throw err;
  }
  return { url, stop };
}
