/**
 * A bounded wait on storage. Redis commands queue while the connection is down; past the
 * timeout the caller gives up (nothing is acked or answered as done) and reports UNAVAILABLE,
 * which tells the peer to retry. The abandoned work may still complete later: every write of
 * the store is idempotent, so a retry changes nothing twice.
 */
import { AppError, errorMessage } from '../../common/errors.js';
import { formatDurationMs } from '../field-checks.js';

/**
 * Resolves with `work`, or throws AppError UNAVAILABLE `storage unavailable: <what>: <why>`
 * when it fails or takes longer than `timeoutMs`. AppErrors other than UNAVAILABLE/INTERNAL
 * (a validation or not-found answer of the store) pass through unchanged.
 */
export async function storageCall<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${formatDurationMs(timeoutMs)} (--store-timeout)`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (err: unknown) {
    if (err instanceof AppError && err.code !== 'UNAVAILABLE' && err.code !== 'INTERNAL') throw err;
    throw new AppError('UNAVAILABLE', `storage unavailable: ${what}: ${errorMessage(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
