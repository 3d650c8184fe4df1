/**
 * The wire contract (proto/gpuwatch/v1) as protobufjs static code, and the grpc-js service
 * definitions built on it. Every program loads the contract from here; the collector's
 * server-side framing of Telemetry.Report (lazy decoding, segment slices for the audit log) is
 * its own, in collector/ingest/telemetry-framing.ts.
 */
import protobuf from 'protobufjs/minimal.js';
import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import { gpuwatch, grpc as grpcHealth } from './generated/proto.js';

// int64 fields carry Unix milliseconds and byte counts, all well inside 2^53: decode them as
// numbers, never as Long objects (protobufjs picks Long whenever the "long" package is present).
(protobuf.util as { Long: unknown }).Long = undefined;
protobuf.configure();

export const pb = gpuwatch.v1;
export const healthPb = grpcHealth.health.v1;

export type AgentMessage = gpuwatch.v1.AgentMessage;
export type IAgentMessage = gpuwatch.v1.IAgentMessage;
export type CollectorMessage = gpuwatch.v1.CollectorMessage;
export type ICollectorMessage = gpuwatch.v1.ICollectorMessage;
export type Hello = gpuwatch.v1.Hello;
export type IHello = gpuwatch.v1.IHello;
export type Gpu = gpuwatch.v1.Gpu;
export type IGpu = gpuwatch.v1.IGpu;
export type UsageBatch = gpuwatch.v1.UsageBatch;
export type IUsageBatch = gpuwatch.v1.IUsageBatch;
export type UsageSegment = gpuwatch.v1.UsageSegment;
export type IUsageSegment = gpuwatch.v1.IUsageSegment;
export type Ack = gpuwatch.v1.Ack;
export type IAck = gpuwatch.v1.IAck;
export type IRejection = gpuwatch.v1.IRejection;
export type Tenant = gpuwatch.v1.Tenant;
export type ITenant = gpuwatch.v1.ITenant;
export type IUpsertTenantsRequest = gpuwatch.v1.IUpsertTenantsRequest;
export type IUpsertTenantsResponse = gpuwatch.v1.IUpsertTenantsResponse;
export type IGetTenantRequest = gpuwatch.v1.IGetTenantRequest;
export type ITenantUsageRequest = gpuwatch.v1.ITenantUsageRequest;
export type ITenantUsageResponse = gpuwatch.v1.ITenantUsageResponse;
export type IUsageRow = gpuwatch.v1.IUsageRow;
export type IListAlertsRequest = gpuwatch.v1.IListAlertsRequest;
export type IListAlertsResponse = gpuwatch.v1.IListAlertsResponse;
export type IAlert = gpuwatch.v1.IAlert;

interface Codec<T, I> {
  encode(message: I): { finish(): Uint8Array };
  decode(reader: Uint8Array): T;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Typed with the message interfaces (`IFoo`): callers may send plain objects, and what arrives
 * is a decoded message instance (every field set, defaults on the prototype).
 */
function method<ReqT extends ReqI, ReqI, ResT extends ResI, ResI>(
  path: string,
  req: Codec<ReqT, ReqI>,
  res: Codec<ResT, ResI>,
  requestStream: boolean,
  responseStream: boolean,
): MethodDefinition<ReqI, ResI> {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: (m: ReqI) => toBuffer(req.encode(m).finish()),
    requestDeserialize: (b: Buffer) => req.decode(b),
    responseSerialize: (m: ResI) => toBuffer(res.encode(m).finish()),
    responseDeserialize: (b: Buffer) => res.decode(b),
  };
}

export const telemetryDefinition = {
  report: method('/gpuwatch.v1.Telemetry/Report', pb.AgentMessage, pb.CollectorMessage, true, true),
} satisfies ServiceDefinition;

export const tenantsDefinition = {
  upsert: method(
    '/gpuwatch.v1.Tenants/Upsert',
    pb.UpsertTenantsRequest,
    pb.UpsertTenantsResponse,
    false,
    false,
  ),
  get: method('/gpuwatch.v1.Tenants/Get', pb.GetTenantRequest, pb.Tenant, false, false),
} satisfies ServiceDefinition;

export const queryDefinition = {
  tenantUsage: method(
    '/gpuwatch.v1.Query/TenantUsage',
    pb.TenantUsageRequest,
    pb.TenantUsageResponse,
    false,
    false,
  ),
  listAlerts: method(
    '/gpuwatch.v1.Query/ListAlerts',
    pb.ListAlertsRequest,
    pb.ListAlertsResponse,
    false,
    false,
  ),
} satisfies ServiceDefinition;

export const healthDefinition = {
  check: method(
    '/grpc.health.v1.Health/Check',
    healthPb.HealthCheckRequest,
    healthPb.HealthCheckResponse,
    false,
    false,
  ),
  watch: method(
    '/grpc.health.v1.Health/Watch',
    healthPb.HealthCheckRequest,
    healthPb.HealthCheckResponse,
    false,
    true,
  ),
} satisfies ServiceDefinition;
