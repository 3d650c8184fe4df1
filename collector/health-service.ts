/**
 * grpc.health.v1.Health: SERVING while the collector is ready (Redis reachable, listening, not
 * draining), NOT_SERVING otherwise. Load balancers and Kubernetes gRPC probes ask this.
 */
import { status, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { healthPb } from '../common/proto.js';
import type { grpc as grpcHealth } from '../common/generated/proto.js';
import type { Readiness } from './readiness.js';

type CheckRequest = grpcHealth.health.v1.IHealthCheckRequest;
type CheckResponse = grpcHealth.health.v1.IHealthCheckResponse;

const ServingStatus = healthPb.HealthCheckResponse.ServingStatus;

/** The services this process serves; "" is the server as a whole. */
export const healthServiceNames: readonly string[] = Object.freeze([
  '',
  'gpuwatch.v1.Telemetry',
  'gpuwatch.v1.Tenants',
  'gpuwatch.v1.Query',
]);

export class HealthService {
  private readonly watchers = new Set<ServerWritableStream<CheckRequest, CheckResponse>>();

  constructor(private readonly readiness: Readiness) {}

  private current(): CheckResponse {
    return { status: this.readiness.ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING };
  }

  check(call: ServerUnaryCall<CheckRequest, CheckResponse>, callback: sendUnaryData<CheckResponse>): void {
    const service = call.request.service ?? '';
    if (!healthServiceNames.includes(service)) {
      callback({ code: status.NOT_FOUND, details: `unknown service ${JSON.stringify(service)}` });
      return;
    }
    callback(null, this.current());
  }

  watch(call: ServerWritableStream<CheckRequest, CheckResponse>): void {
    const service = call.request.service ?? '';
    if (!healthServiceNames.includes(service)) {
      // The protocol: an unknown service is answered, not refused, and may appear later.
      call.write({ status: ServingStatus.SERVICE_UNKNOWN });
      return;
    }
    const onChange = (): void => {
      call.write(this.current());
    };
    this.watchers.add(call);
    this.readiness.on('change', onChange);
    const stop = (): void => {
      this.readiness.off('change', onChange);
      this.watchers.delete(call);
    };
    call.on('cancelled', stop);
    call.on('close', stop);
    call.write(this.current());
  }

  /** Ends every Watch (shutdown): their last message was NOT_SERVING. */
  close(): void {
    for (const call of this.watchers) call.end();
    this.watchers.clear();
  }

  /** Handlers for `server.addService(healthDefinition, …)`. */
  handlers(): {
    check: HealthService['check'];
    watch: HealthService['watch'];
  } {
    return { check: this.check.bind(this), watch: this.watch.bind(this) };
  }
}
