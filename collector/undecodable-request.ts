/**
 * Unary requests that do not decode. grpc-js answers a request whose deserializer throws with
 * INTERNAL "Error deserializing request", which tells the caller neither that the fault is theirs
 * nor what it is. The collector's unary services are registered with a deserializer that hands
 * such bytes over as an `UndecodableRequest`, and their handlers are wrapped to answer it with
 * INVALID_ARGUMENT naming the decode error (as Telemetry.Report does for its frames).
 */
import type { MethodDefinition, ServerUnaryCall, ServiceDefinition, sendUnaryData } from '@grpc/grpc-js';
import { ValidationError } from '../common/errors.js';
import { toServiceError } from './grpc-errors.js';

/** Bytes that did not decode as the method's request message. */
export class UndecodableRequest {
  constructor(
    readonly wireBytes: number,
    readonly error: string,
  ) {}
}

/** `definition` with every request deserializer returning an UndecodableRequest instead of throwing. */
export function withUndecodableRequests<D extends ServiceDefinition>(definition: D): D {
  const lenient: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition) as [string, MethodDefinition<unknown, unknown>][]) {
    lenient[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return method.requestDeserialize(bytes);
        } catch (err: unknown) {
          return new UndecodableRequest(bytes.length, err instanceof Error ? err.message : String(err));
        }
      },
    };
  }
  return lenient as D;
}

/**
 * Wraps a unary handler: an UndecodableRequest is answered with INVALID_ARGUMENT
 * (`request: cannot decode a <type> from N bytes: …`) and never reaches the handler.
 */
export function rejectingUndecodable<Req, Res>(
  requestType: string,
  handler: (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    const request: unknown = call.request;
    if (request instanceof UndecodableRequest) {
      callback(
        toServiceError(
          new ValidationError([
            {
              field: 'request',
              reason: `cannot decode a ${requestType} from ${request.wireBytes} bytes: ${request.error}`,
            },
          ]),
        ),
      );
      return;
    }
    handler(call, callback);
  };
}
