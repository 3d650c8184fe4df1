/**
 * The sweep's linkage off the event loop: `clusterAll` over 100 000 tenants reads every profile
 * and spends seconds of CPU in linkTenants, which would stall the evaluations running beside it
 * (and the metrics, and the job locks' renewal). A worker thread with its own Redis connection
 * does it and answers with the multi-member clusters and the tenant ids.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../common/errors.js';
import type { Cluster } from '../model.js';
import type { LinkageOptions } from './linkage-options.js';
import type { LinkageThreadInput, LinkageThreadOutput } from './linkage-thread-worker.js';

/** The clusters of two or more tenants, and every tenant id, as one linkage pass sees them. */
export interface PopulationLinkage {
  readonly clusters: readonly Cluster[];
  readonly tenantIds: readonly string[];
}

/** Links the whole population in a worker thread; rejects with the thread's error. */
export function linkPopulationInThread(
  redisUrl: string,
  keyPrefix: string,
  linkage: LinkageOptions,
): Promise<PopulationLinkage> {
  const input: LinkageThreadInput = { redisUrl, keyPrefix, linkage };
  // Built code only: the thread runs the compiled file next to this one.
  const worker = new Worker(new URL('./linkage-thread-worker.js', import.meta.url), { workerData: input });
  return new Promise<PopulationLinkage>((resolve, reject) => {
    let settled = false;
    worker.once('message', (output: LinkageThreadOutput) => {
      settled = true;
      if ('error' in output) reject(new AppError('UNAVAILABLE', `linkage thread: ${output.error}`));
      else resolve(output);
      void worker.terminate();
    });
    worker.once('error', (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new AppError('INTERNAL', `linkage thread exited with code ${code} before answering`));
    });
  });
}
