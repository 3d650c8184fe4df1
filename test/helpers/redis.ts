/**
 * Redis for integration tests. Two tools:
 *
 * - `openTestRedis()`: a client on the shared test server (GPUWATCH_TEST_REDIS_URL, default
 *   redis://127.0.0.1:6379) with a random key prefix of its own and a `cleanup()` that deletes
 *   exactly the keys under that prefix (SCAN + UNLINK; never FLUSHALL: the server is shared with
 *   other tests and other people). `deleteKeysWithPrefix` (common/redis.ts, which does that
 *   cleanup) is re-exported here for tests that own a prefix of their own.
 *
 *       let t: TestRedis;
 *       beforeEach(async () => { t = await openTestRedis(); });
 *       afterEach(() => t.cleanup());
 *       // new RedisUsageStore({ redis: t.redis, keys: t.keys })
 *
 * - `PrivateRedisServer`: a `redis-server` child process of the test's own, on a free port in a
 *   temporary directory, optionally with AOF (`appendonly yes`, `appendfsync always`), that a
 *   fault test can SIGKILL and start again on the same port and directory (so the AOF is
 *   replayed, and clients that reconnect find it where it was).
 *
 *       const server = await PrivateRedisServer.start({ aof: true });
 *       try {
 *         const client = server.client();
 *         …; await server.kill(); await server.restart(); …
 *       } finally {
 *         await server.stop();   // SIGKILL if still running, removes the directory
 *       }
 *
 *   The binary is `redis-server` on PATH, or GPUWATCH_TEST_REDIS_SERVER.
 *
 * - `PrivateRedisCluster`: a Redis Cluster of the test's own: `primaries` PrivateRedisServers
 *   with `--cluster-enabled yes`, joined by `redis-cli --cluster create … --cluster-replicas 0`
 *   (`redis-cli` on PATH, or GPUWATCH_TEST_REDIS_CLI), ready once every node says
 *   `cluster_state:ok`. `url` is the `redis+cluster://` URL gpuwatch's `--redis` takes.
 *
 *       const cluster = await PrivateRedisCluster.start({ primaries: 3 });
 *       try { … connectRedis(cluster.url, …) … } finally { await cluster.stop(); }
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '../../common/redis-keys.js';
import { deleteKeysWithPrefix } from '../../common/redis.js';
import { freePort } from '../../common/free-port.js';

/** URL of the shared test Redis. */
export const testRedisUrl = process.env.GPUWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** A connected client of its own (closed by cleanup). */
  readonly redis: Redis;
  /** Random prefix, e.g. "gwtest-1a2b3c4d5e6f"; every key of the test starts with `<prefix>:`. */
  readonly prefix: string;
  /** Key builder on that prefix. */
  readonly keys: RedisKeys;
  /** Another client on the same server, for code that needs a connection of its own. */
  newClient(): Redis;
  /** Deletes every key under the prefix and closes the clients. Safe to call twice. */
  cleanup(): Promise<void>;
}

function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
}

/** A client with a fresh random prefix on the shared test Redis. */
export async function openTestRedis(url = testRedisUrl): Promise<TestRedis> {
  const prefix = `gwtest-${randomBytes(6).toString('hex')}`;
  const clients: Redis[] = [];
  const newClient = (): Redis => {
    const c = connect(url);
    clients.push(c);
    return c;
  };
  const redis = newClient();
  await redis.ping();
  let cleaned = false;
  return {
    redis,
    prefix,
    keys: new RedisKeys(prefix),
    newClient,
    cleanup: async () => {
      if (cleaned) return;
      cleaned = true;
      const admin = connect(url);
      try {
        await deleteKeysWithPrefix(admin, prefix);
      } finally {
        admin.disconnect();
        for (const c of clients) c.disconnect();
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface PrivateRedisOptions {
  /** `appendonly yes` with `appendfsync` below. Default false (no persistence at all). */
  readonly aof?: boolean;
  /** Default `always`: every write is fsynced before Redis replies. */
  readonly appendfsync?: 'always' | 'everysec' | 'no';
  /** More `--name value` arguments for redis-server, e.g. ['--maxmemory', '64mb']. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for PONG after starting, ms. Default 10 000. */
  readonly startTimeoutMs?: number;
}

/** A redis-server of one test; see the module comment. */
export class PrivateRedisServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly clients: Redis[] = [];

  private constructor(
    /** TCP port on 127.0.0.1; stays the same across restarts. */
    readonly port: number,
    /** Working directory (AOF files, redis.log); removed by stop(). */
    readonly dir: string,
    private readonly options: PrivateRedisOptions,
  ) {}

  /** Starts a server on a free port in a new temporary directory and waits until it answers. */
  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedisServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = mkdtempSync(join(tmpdir(), 'gwtest-redis-'));
      const server = new PrivateRedisServer(await freePort(), dir, options);
      try {
        await server.launch();
        return server;
      } catch (err: unknown) {
        // Most likely somebody took the port between freePort() and the bind: try another.
        lastError = err;
        await server.stop();
      }
    }
    throw lastError;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** PID of the running process. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /**
   * A client that reconnects quickly after a kill (every 50 ms) and queues commands meanwhile;
   * closed by stop().
   */
  client(): Redis {
    const c = new Redis(this.url, {
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    // Connection errors while the server is down are expected; commands still fail or wait.
    c.on('error', () => undefined);
    this.clients.push(c);
    return c;
  }

  /** Sends `signal` (default SIGKILL: no chance to save anything) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child?.kill(signal);
    await this.exited;
  }

  /** Starts the server again on the same port and directory (after kill). */
  async restart(): Promise<void> {
    if (this.running) throw new Error(`redis-server on port ${this.port} is still running: kill it first`);
    await this.launch();
  }

  /** Closes the clients, kills the server if it runs, and removes the directory. */
  async stop(): Promise<void> {
    for (const c of this.clients.splice(0)) c.disconnect();
    await this.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's log so far (for failure messages). */
  log(): string {
    try {
      return readFileSync(join(this.dir, 'redis.log'), 'utf8');
    } catch {
      return '';
    }
  }

  private async launch(): Promise<void> {
    const aof = this.options.aof ?? false;
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--logfile',
      join(this.dir, 'redis.log'),
      '--save',
      '',
      '--daemonize',
      'no',
      '--appendonly',
      aof ? 'yes' : 'no',
      '--appendfsync',
      this.options.appendfsync ?? 'always',
      ...(this.options.extraArgs ?? []),
    ];
    const child = spawn(process.env.GPUWATCH_TEST_REDIS_SERVER ?? 'redis-server', args, {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.on('error', (err) => {
      stderr += `cannot run redis-server (set GPUWATCH_TEST_REDIS_SERVER): ${err.message}`;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      for (;;) {
        if (!this.running || child.pid === undefined) {
          throw new Error(
            `redis-server on port ${this.port} exited at start: ${stderr.trim()} ${this.log().slice(-2000)}`,
          );
        }
        try {
          if (probe.status !== 'ready') await probe.connect();
          // Answers LOADING while it replays the AOF: wait for a real PONG.
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          probe.disconnect();
        }
        if (Date.now() > deadline) {
          throw new Error(
            `redis-server on port ${this.port} did not answer PING: ${this.log().slice(-2000)}`,
          );
        }
        await sleep(20);
      }
    } finally {
      probe.disconnect();
    }
  }
}

export interface PrivateRedisClusterOptions {
  /** Number of primaries (no replicas). Default 3, the least `redis-cli --cluster create` takes. */
  readonly primaries?: number;
  /** AOF on every node, as PrivateRedisOptions. Default false. */
  readonly aof?: boolean;
  /** How long to wait for `cluster_state:ok` on every node, ms. Default 20 000. */
  readonly readyTimeoutMs?: number;
}

/** A Redis Cluster of one test; see the module comment. */
export class PrivateRedisCluster {
  private readonly clients: Cluster[] = [];

  private constructor(readonly nodes: readonly PrivateRedisServer[]) {}

  static async start(options: PrivateRedisClusterOptions = {}): Promise<PrivateRedisCluster> {
    const count = options.primaries ?? 3;
    const nodes: PrivateRedisServer[] = [];
    try {
      for (let i = 0; i < count; i++) {
        nodes.push(
          await PrivateRedisServer.start({
            aof: options.aof ?? false,
            // nodes.conf lands in the server's own directory (redis-server chdirs to --dir).
            extraArgs: [
              '--cluster-enabled',
              'yes',
              '--cluster-config-file',
              'nodes.conf',
              '--cluster-node-timeout',
              '5000',
            ],
          }),
        );
      }
      await new Promise<void>((resolve, reject) => {
        execFile(
          process.env.GPUWATCH_TEST_REDIS_CLI ?? 'redis-cli',
          [
            '--cluster',
            'create',
            ...nodes.map((n) => `127.0.0.1:${n.port}`),
            '--cluster-replicas',
            '0',
            '--cluster-yes',
          ],
          { timeout: 30_000 },
          (err, stdout, stderr) =>
            err
              ? reject(new Error(`redis-cli --cluster create failed: ${err.message}\n${stdout}\n${stderr}`))
              : resolve(),
        );
      });
      const cluster = new PrivateRedisCluster(nodes);
      await cluster.waitReady(options.readyTimeoutMs ?? 20_000);
      return cluster;
    } catch (err: unknown) {
      for (const n of nodes) await n.stop();
      throw err;
    }
  }

  /** `redis+cluster://127.0.0.1:<port>,…` with every node as a seed. */
  get url(): string {
    return `redis+cluster://${this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`;
  }

  /** A Cluster client (closed by stop()). */
  client(): Cluster {
    const c = new Cluster(
      this.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
      { redisOptions: { maxRetriesPerRequest: 1 } },
    );
    c.on('error', () => undefined);
    this.clients.push(c);
    return c;
  }

  /** Closes the clients and stops every node (directories removed). */
  async stop(): Promise<void> {
    for (const c of this.clients.splice(0)) c.disconnect();
    for (const n of this.nodes) await n.stop();
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        this.nodes.map(async (n) => {
          const c = n.client();
          try {
            const info = await c.call('CLUSTER', 'INFO');
            return String(info);
          } catch (err: unknown) {
            return String(err);
          } finally {
            c.disconnect();
          }
        }),
      );
      if (states.every((s) => /cluster_state:ok/.test(s) && /cluster_slots_ok:16384/.test(s))) return;
      const last = states.join('\n---\n');
      if (Date.now() > deadline) throw new Error(`redis cluster not ready within ${timeoutMs} ms:\n${last}`);
      await sleep(100);
    }
  }
}
