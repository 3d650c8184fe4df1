/**
 * The one place that maps errors to gRPC statuses. Handlers throw or hand over AppErrors; what
 * is not an AppError is a bug of ours, reported as INTERNAL without its details (they stay in
 * the log) so internals never leak to a peer.
 */
import { status, Metadata, type StatusObject } from '@grpc/grpc-js';
import { AppError, type ErrorCode } from '../common/errors.js';

const grpcCodes: Readonly<Record<ErrorCode, status>> = {
  CONFIG_INVALID: status.INTERNAL,
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  UNAVAILABLE: status.UNAVAILABLE,
  INTERNAL: status.INTERNAL,
  ABORTED: status.ABORTED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
};

export interface GrpcStatus {
  readonly code: status;
  readonly details: string;
}

/** The status a peer sees for `err`. */
export function grpcStatusOf(err: unknown): GrpcStatus {
  if (err instanceof AppError) return { code: grpcCodes[err.code], details: err.message };
  return { code: status.INTERNAL, details: 'internal error in the collector (see its log)' };
}

/** `err` as the status object that grpc-js callbacks and `stream.emit('error', …)` take. */
export function toServiceError(err: unknown): Partial<StatusObject> {
  const { code, details } = grpcStatusOf(err);
  return { code, details, metadata: new Metadata() };
}

/** The name of a status code ("INVALID_ARGUMENT"), for logs and metric labels. */
export function statusName(code: status): string {
  return status[code] ?? String(code);
}

/**
 * Answers a unary call with what `work` resolves to, or with the status of what it throws.
 * Errors that are not AppErrors are bugs or infrastructure failures: logged in full here, and
 * reported to the peer without their details.
 */
export function answerUnary<T>(
  callback: (error: Partial<StatusObject> | null, value?: T) => void,
  work: () => Promise<T>,
  onUnexpected: (err: unknown) => void,
): void {
  work().then(
    (value) => callback(null, value),
    (err: unknown) => {
      if (!(err instanceof AppError)) onUnexpected(err);
      callback(toServiceError(err));
    },
  );
}
