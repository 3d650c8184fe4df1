/**
 * The body of the linkage thread (linkage-thread.ts): reads the whole identity graph from Redis
 * with a connection of its own, links it (linkTenants, seconds of CPU for 100 000 tenants), and
 * posts back only what the sweep needs — the clusters of two or more tenants and every tenant
 * id — so neither the reading nor the linking runs on the detector's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../common/errors.js';
import { connectRedis } from '../../common/redis.js';
import { RedisKeys } from '../../common/redis-keys.js';
import type { Cluster } from '../model.js';
import { RedisIdentityGraph } from './identity-graph.js';
import type { LinkageOptions } from './linkage-options.js';
import { LinkageResolver } from './linkage-resolver.js';

/** What the thread is started with. */
export interface LinkageThreadInput {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly linkage: LinkageOptions;
}

/** What it posts back: `{ clusters, tenantIds }`, or `{ error }`. */
export type LinkageThreadOutput =
  | { readonly clusters: readonly Cluster[]; readonly tenantIds: readonly string[] }
  | { readonly error: string };

async function main(input: LinkageThreadInput): Promise<LinkageThreadOutput> {
  const redis = connectRedis(input.redisUrl, { name: 'gpuwatch-detector-linkage', maxRetriesPerRequest: 3 });
  let connectionError: string | undefined;
  redis.on('error', (err: unknown) => {
    connectionError = errorMessage(err);
  });
  try {
    const source = new RedisIdentityGraph({ redis, keys: new RedisKeys(input.keyPrefix) });
    const tenantIds = await source.allTenantIds();
    const sweep = await new LinkageResolver({ source, linkage: input.linkage }).clusterAll();
    // The rules need members, anchor and links; the values ignored as too common stay here.
    const clusters = sweep.clusters.map(({ clusterId, tenantIds: members, anchorTenantId, links }) => ({
      clusterId,
      tenantIds: members,
      anchorTenantId,
      links,
    }));
    return { clusters, tenantIds };
  } catch (err: unknown) {
    // ioredis' own message ("max retries per request") does not say what went wrong.
    if (connectionError === undefined) throw err;
    throw new Error(`Redis: ${connectionError} (${errorMessage(err)})`, { cause: err });
  } finally {
    redis.disconnect();
  }
}

main(workerData as LinkageThreadInput).then(
  (output) => parentPort?.postMessage(output),
  (err: unknown) => parentPort?.postMessage({ error: errorMessage(err) } satisfies LinkageThreadOutput),
);
