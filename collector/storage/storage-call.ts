/**
 * A bounded wait on storage. Redis commands queue while the connection is down; past the
 * timeout the caller gives up (nothing is acked or answered as done) and reports UNAVAILABLE,
 * which tells the peer to retry. The abandoned work may still complete later: every write of
 * the store is idempotent, so a retry changes nothing twice.
 */
import { beforeDeadline, timedOut } from '../../common/deadline.js';
import { AppError, errorMessage } from '../../common/errors.js';
import { formatDurationMs } from '../../common/config-schema.js';

/**
 * Resolves with `work`, or throws AppError UNAVAILABLE `storage unavailable: <what>: <why>`
 * when it fails or takes longer than `timeoutMs`. AppErrors other than UNAVAILABLE/INTERNAL
 * (a validation or not-found answer of the store) pass through unchanged.
 */
export async function storageCall<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  try {
    const result = await beforeDeadline(work, timeoutMs);
    if (result === timedOut) {
      throw new Error(`no answer within ${formatDurationMs(timeoutMs)} (--store-timeout)`);
    }
    return result;
  } catch (err: unknown) {
    if (err instanceof AppError && err.code !== 'UNAVAILABLE' && err.code !== 'INTERNAL') throw err;
    throw new AppError('UNAVAILABLE', `storage unavailable: ${what}: ${errorMessage(err)}`, { cause: err });
  }
}
