import { AppError } from '../../common/errors.js';
import type { SpoolWriteErrorReason } from '../agent-metrics.js';

/** An append that did not reach the disk; the batch was not stored and its seq not used. */
export class SpoolWriteError extends AppError {
  readonly reason: SpoolWriteErrorReason;
  constructor(message: string, reason: SpoolWriteErrorReason, cause: unknown) {
    super('UNAVAILABLE', message, { cause });
    this.reason = reason;
  }
}
