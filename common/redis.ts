/**
 * Redis connections for every program: one place that turns a URL into an ioredis client.
 *
 * `redis://host:port` (or `rediss://` for TLS) is one server; `redis+cluster://h1:p1,h2:p2` (or
 * `rediss+cluster://`) is a Redis Cluster reached through those seed nodes, and gives an ioredis
 * `Cluster`. Code that talks to either takes a {@link RedisClient}; the few places where the two
 * differ (pipelines across hash slots, commands that are per server) use the helpers below.
 */
import { Cluster, Redis, type ChainableCommander, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A client of one server or of a Redis Cluster: everything in gpuwatch accepts either. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectOptions {
  /** Client name shown by CLIENT LIST, e.g. "gpuwatch-collector". */
  readonly name: string;
  /**
   * Reject a command that got no reply within this many ms (the command may still run later:
   * every write of ours is idempotent). Default: none.
   */
  readonly commandTimeoutMs?: number;
  /** BullMQ needs `null` here; default null (commands wait for a reconnect). */
  readonly maxRetriesPerRequest?: number | null;
}

/** What a Redis URL says: one server, or the seed nodes of a Cluster. */
export interface ParsedRedisUrl {
  readonly cluster: boolean;
  readonly tls: boolean;
  /** The seed nodes (cluster) or the one server. */
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  readonly username: string | undefined;
  readonly password: string | undefined;
}

const clusterUrlPattern = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/;

/**
 * Parses `redis+cluster://[[user]:password@]host:port[,host:port…]` (or `rediss+cluster://`);
 * a plain `redis://` or `rediss://` URL is one server. Throws with the bad part quoted.
 */
export function parseRedisUrl(value: string): ParsedRedisUrl {
  const m = clusterUrlPattern.exec(value);
  if (m !== null) {
    const [, scheme, userinfo, hostList] = m;
    const nodes = (hostList ?? '').split(',').map((hostPort) => {
      const hp = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(hostPort.trim());
      const port = Number(hp?.[2]);
      if (hp === null || !(port >= 1 && port <= 65535)) {
        throw new Error(`expected host:port in the cluster seed list, got ${JSON.stringify(hostPort)}`);
      }
      return { host: (hp[1] ?? '').replace(/^\[|\]$/g, ''), port };
    });
    let username: string | undefined;
    let password: string | undefined;
    if (userinfo !== undefined && userinfo !== '') {
      const colon = userinfo.indexOf(':');
      const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
      username = user === '' ? undefined : decodeURIComponent(user);
      password = colon < 0 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
    }
    return { cluster: true, tls: scheme === 'rediss', nodes, username, password };
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error(
      `expected a redis://host:port URL (or redis+cluster://host:port,host:port), got ${JSON.stringify(value)}`,
    );
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(
      `expected redis://, rediss://, redis+cluster:// or rediss+cluster:// URL, got ${JSON.stringify(value)}`,
    );
  }
  return {
    cluster: false,
    tls: u.protocol === 'rediss:',
    nodes: [{ host: u.hostname, port: Number(u.port || 6379) }],
    username: u.username === '' ? undefined : decodeURIComponent(u.username),
    password: u.password === '' ? undefined : decodeURIComponent(u.password),
  };
}

/**
 * Creates a client for `redis://[:password@]host:port[/db]` or `rediss://…` (TLS), or a Cluster
 * client for `redis+cluster://[:password@]host:port,host:port…` (any reachable primaries or
 * replicas will do as seeds; the client learns the rest of the cluster from them).
 */
export function connectRedis(url: string, options: RedisConnectOptions): RedisClient {
  const common = {
    connectionName: options.name,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    ...(options.commandTimeoutMs !== undefined ? { commandTimeout: options.commandTimeoutMs } : {}),
  };
  // Reconnect forever with a capped backoff: a Redis restart must not need a restart of ours.
  const backoff = (times: number): number => Math.min(50 * 2 ** Math.min(times, 6), 2000);
  const parsed = parseRedisUrl(url);
  if (!parsed.cluster) {
    const redisOptions: RedisOptions = { ...common, enableAutoPipelining: false, retryStrategy: backoff };
    return new Redis(url, redisOptions);
  }
  const clusterOptions: ClusterOptions = {
    clusterRetryStrategy: backoff,
    enableAutoPipelining: false,
    redisOptions: {
      ...common,
      ...(parsed.username !== undefined ? { username: parsed.username } : {}),
      ...(parsed.password !== undefined ? { password: parsed.password } : {}),
      ...(parsed.tls ? { tls: {} } : {}),
    },
  };
  return new Cluster(
    parsed.nodes.map((n) => ({ host: n.host, port: n.port })),
    clusterOptions,
  );
}

/** Checks a Redis URL's form without connecting. */
export function checkRedisUrl(value: string): string | undefined {
  try {
    parseRedisUrl(value);
    return undefined;
  } catch (err: unknown) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** True for a Cluster client. */
export function isCluster(redis: RedisClient): redis is Cluster {
  return (redis as { isCluster?: boolean }).isCluster === true;
}

/**
 * The servers that hold data: the one server, or one connection per Cluster primary (the very
 * connections the Cluster client sends its commands on, so a per-connection command such as
 * WAITAOF covers what this client wrote there).
 */
export function primaries(redis: RedisClient): Redis[] {
  return isCluster(redis) ? redis.nodes('master') : [redis];
}

/**
 * A pipeline whose commands may touch keys in different hash slots (different tenants). On one
 * server it is `redis.pipeline()`. A Cluster refuses a pipeline that spans nodes, so there every
 * command is sent on its own as soon as `exec()` runs, all at once (ioredis routes each to its
 * slot's node and each node's commands still share one socket write when they queue up), and
 * `exec()` resolves to the same `[error, reply]` pairs, in order. Unlike a pipeline on one
 * server, nothing orders commands on different nodes; no caller relies on that.
 */
export function crossSlotPipeline(redis: RedisClient): ChainableCommander {
  if (!isCluster(redis)) return redis.pipeline();
  const calls: { name: string; args: unknown[] }[] = [];
  const cluster = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const proxy: ChainableCommander = new Proxy({} as ChainableCommander, {
    get(_target, property) {
      if (property === 'length') return calls.length;
      if (property === 'exec') {
        return () =>
          Promise.all(
            calls.splice(0).map(({ name, args }) => {
              const fn = cluster[name];
              if (typeof fn !== 'function')
                return Promise.resolve([new Error(`unknown command ${name}`), null]);
              return fn.apply(redis, args).then(
                (reply) => [null, reply] as [null, unknown],
                (err: unknown) =>
                  [err instanceof Error ? err : new Error(String(err)), null] as [Error, null],
              );
            }),
          );
      }
      if (typeof property !== 'string' || property === 'then') return undefined;
      return (...args: unknown[]) => {
        calls.push({ name: property, args });
        return proxy;
      };
    },
  });
  return proxy;
}

/**
 * Deletes every key that starts with `<prefix>:` (SCAN + UNLINK, never FLUSHALL: the server may
 * be shared) and returns how many. The prefix must be letters, digits, `_` and `-`: a glob
 * character (`*`, `?`, `[`) would let the SCAN pattern match other people's keys, so any other
 * prefix is refused before a key is read. On a Cluster it scans every primary (SCAN walks one
 * server) and unlinks key by key (one UNLINK may not span hash slots).
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new Error(
      `deleteKeysWithPrefix: expected a prefix of letters, digits, _ and -, got ${JSON.stringify(prefix)}`,
    );
  }
  let deleted = 0;
  for (const server of primaries(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      if (isCluster(redis)) {
        const counts = await Promise.all(keys.map((k) => redis.unlink(k)));
        for (const n of counts) deleted += n;
      } else {
        deleted += await server.unlink(...keys);
      }
    } while (cursor !== '0');
  }
  return deleted;
}
