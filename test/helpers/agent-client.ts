/**
 * A test client for the collector's gRPC API, over real sockets.
 *
 * - `ReportStreamClient.open(…)`: one Telemetry.Report stream. Send a hello, batches or raw
 *   bytes; collect acks; await a given ack or the stream's final status.
 *
 *       const s = ReportStreamClient.open({ address, token });
 *       s.sendHello(hello('node-1'));
 *       s.sendBatch(1, [segment(…)]);
 *       const ack = await s.waitForAck(1);
 *       s.end();
 *       expect((await s.status).code).toBe(status.OK);
 *
 * - `deliver(…)`: what an agent does: keeps every batch until an ack covers it, and on a broken
 *   stream reconnects (the address may change: a restarted collector) and resends the rest.
 *
 * - `AdminClient`: Tenants, Query and Health as promises.
 */
import {
  Client,
  Metadata,
  credentials as grpcCredentials,
  makeGenericClientConstructor,
  status,
  type ChannelCredentials,
  type ClientDuplexStream,
  type ServiceError,
  type StatusObject,
} from '@grpc/grpc-js';
import {
  healthDefinition,
  pb,
  queryDefinition,
  tenantsDefinition,
  type CollectorMessage,
  type IAck,
  type IGpu,
  type IHello,
  type IListAlertsRequest,
  type IListAlertsResponse,
  type ITenant,
  type ITenantUsageRequest,
  type ITenantUsageResponse,
  type IUpsertTenantsRequest,
  type IUpsertTenantsResponse,
  type IUsageSegment,
} from '../../common/proto.js';

export interface ConnectOptions {
  /** `host:port` of the collector. */
  readonly address: string;
  /** Sent as `authorization: Bearer <token>`. */
  readonly token?: string;
  /** Default: insecure. */
  readonly credentials?: ChannelCredentials;
  /** e.g. `grpc.ssl_target_name_override` */
  readonly channelOptions?: Record<string, string | number>;
}

function metadataFor(token: string | undefined): Metadata {
  const md = new Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  return md;
}

/** A hello with sensible defaults. */
export function hello(agentId: string, overrides: Partial<IHello> = {}): IHello {
  return {
    agent_id: agentId,
    spool_id: `spool-${agentId}`,
    cluster: 'test-cluster',
    site: 'test-site',
    agent_version: 'test',
    gpus: [
      {
        uuid: `GPU-${agentId}-0`,
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        pci_device_id: '0x233010DE',
        memory_total_bytes: 81_559 * 1024 * 1024,
      },
    ],
    ...overrides,
  };
}

/** `count` H100 80GB GPUs of `agentId`, uuids `GPU-<agent>-<i>` (the first is hello()'s default). */
export function h100Gpus(agentId: string, count: number): IGpu[] {
  return Array.from({ length: count }, (_, i) => ({
    uuid: `GPU-${agentId}-${i}`,
    index: i,
    name: 'NVIDIA H100 80GB HBM3',
    pci_device_id: '0x233010DE',
    memory_total_bytes: 81_559 * 1024 * 1024,
  }));
}

/**
 * Hour-long segments of one allocation on GPUs [first, first + count) of `agentId` (uuids as in
 * h100Gpus), one every `everyHours` over the `hours` hours that end at `endMs`.
 */
export function hourlySegments(o: {
  readonly agentId: string;
  readonly tenantId: string;
  readonly first: number;
  readonly count: number;
  readonly hours: number;
  readonly endMs: number;
  readonly everyHours?: number;
  readonly allocationId?: string;
}): IUsageSegment[] {
  const hourMs = 3_600_000;
  const out: IUsageSegment[] = [];
  for (let h = o.hours; h >= 1; h -= o.everyHours ?? 1) {
    out.push({
      tenant_id: o.tenantId,
      allocation_id: o.allocationId ?? `alloc-${o.tenantId}`,
      gpu_uuids: Array.from({ length: o.count }, (_, i) => `GPU-${o.agentId}-${o.first + i}`),
      start_unix_ms: o.endMs - h * hourMs,
      end_unix_ms: o.endMs - (h - 1) * hourMs,
      source: 'lease-file',
    });
  }
  return out;
}

/**
 * A tenant as the end-to-end tests sign them up: a CN company with an account of 400 days before
 * `endMs`, its own card, address and email, not KYC-verified, then `fields`.
 */
export function longTermTenant(tenantId: string, endMs: number, fields: Partial<ITenant> = {}): ITenant {
  const dayMs = 86_400_000;
  return {
    tenant_id: tenantId,
    legal_name: `${tenantId} Holdings`,
    country: 'CN',
    account_created_unix_ms: endMs - 400 * dayMs,
    incorporated_unix_ms: endMs - 3000 * dayMs,
    registration_number: `reg-${tenantId}`,
    address: `${tenantId} road 1`,
    payment_fingerprint: `card-${tenantId}`,
    email: `ops@${tenantId}.example`,
    kyc_verified: false,
    ...fields,
  };
}

/** A segment on the first GPU of `hello(agentId)`. */
export function segment(
  agentId: string,
  tenantId: string,
  startMs: number,
  endMs: number,
  overrides: Partial<IUsageSegment> = {},
): IUsageSegment {
  return {
    tenant_id: tenantId,
    allocation_id: `alloc-${tenantId}`,
    gpu_uuids: [`GPU-${agentId}-0`],
    start_unix_ms: startMs,
    end_unix_ms: endMs,
    source: 'lease-file',
    ...overrides,
  };
}

/** Encodes an AgentMessage the way the agent does. */
export function encode(message: Parameters<typeof pb.AgentMessage.encode>[0]): Buffer {
  return Buffer.from(pb.AgentMessage.encode(message).finish());
}

const reportPath = '/gpuwatch.v1.Telemetry/Report';

export class ReportStreamClient {
  /** Every ack received, in order. */
  readonly acks: IAck[] = [];
  /** The final status: OK, or the error the collector ended the stream with. */
  readonly status: Promise<StatusObject>;
  private readonly call: ClientDuplexStream<Buffer, CollectorMessage>;
  private readonly client: Client;
  private readonly waiters = new Set<() => void>();
  private finalStatus: StatusObject | undefined;

  private constructor(options: ConnectOptions) {
    this.client = new Client(
      options.address,
      options.credentials ?? grpcCredentials.createInsecure(),
      options.channelOptions,
    );
    this.call = this.client.makeBidiStreamRequest(
      reportPath,
      (b: Buffer) => b,
      (b: Buffer) => pb.CollectorMessage.decode(b),
      metadataFor(options.token),
    );
    this.call.on('data', (m: CollectorMessage) => {
      if (m.ack) this.acks.push(m.ack);
      this.notify();
    });
    this.status = new Promise((resolve) => {
      this.call.on('status', (s: StatusObject) => {
        this.finalStatus = s;
        this.notify();
        this.client.close();
        resolve(s);
      });
    });
    // The error is also delivered as the status; without a listener it would be thrown.
    this.call.on('error', () => undefined);
  }

  static open(options: ConnectOptions): ReportStreamClient {
    return new ReportStreamClient(options);
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  sendHello(h: IHello): void {
    this.call.write(encode({ hello: h }));
  }

  sendBatch(seq: number, segments: readonly IUsageSegment[]): void {
    this.call.write(encode({ batch: { seq, segments: [...segments] } }));
  }

  /** Writes bytes as one gRPC message, whatever they are. */
  sendRaw(bytes: Buffer): void {
    this.call.write(bytes);
  }

  /** Half-closes: the collector finishes what it has and ends the stream with OK. */
  end(): void {
    this.call.end();
  }

  /** Cuts the stream (a crashed agent, a broken connection). */
  cancel(): void {
    this.call.cancel();
  }

  /** The highest seq acked so far (0 before any ack). */
  get ackedSeq(): number {
    return this.acks.reduce((max, a) => Math.max(max, Number(a.seq ?? 0)), 0);
  }

  /**
   * Resolves with the ack for `seq` (or a later one: acks are cumulative) once it arrives; rejects
   * with the final status if the stream ends first.
   */
  waitForAck(seq: number): Promise<IAck> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const ack = this.acks.find((a) => Number(a.seq ?? 0) >= seq);
        if (ack !== undefined) {
          resolve(ack);
          return true;
        }
        if (this.finalStatus !== undefined) {
          const s = this.finalStatus;
          reject(
            Object.assign(new Error(`stream ended before ack ${seq}: ${status[s.code]} ${s.details}`), s),
          );
          return true;
        }
        return false;
      };
      if (check()) return;
      const waiter = (): void => {
        if (check()) this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }
}

export interface Batch {
  readonly seq: number;
  readonly segments: readonly IUsageSegment[];
}

export interface DeliverOptions {
  /** Where to connect now (asked again before every attempt). */
  readonly address: () => string | Promise<string>;
  readonly hello: IHello;
  readonly batches: readonly Batch[];
  readonly token?: string;
  readonly credentials?: ChannelCredentials;
  /** Attempts at most before giving up. Default 50. */
  readonly maxAttempts?: number;
  /** Wait between attempts, ms. Default 100. */
  readonly retryDelayMs?: number;
  /** Called with every stream opened (a test may cut it). */
  readonly onStream?: (stream: ReportStreamClient, attempt: number) => void;
}

/**
 * Delivers every batch like an agent: resends whatever no ack covered after a broken stream,
 * until all are acked. Resolves with the statuses of the broken streams (for assertions).
 */
export async function deliver(options: DeliverOptions): Promise<StatusObject[]> {
  const broken: StatusObject[] = [];
  let acked = 0;
  const maxAttempts = options.maxAttempts ?? 50;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const pending = options.batches.filter((b) => b.seq > acked);
    if (pending.length === 0) return broken;
    const stream = ReportStreamClient.open({
      address: await options.address(),
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    });
    options.onStream?.(stream, attempt);
    stream.sendHello(options.hello);
    for (const b of pending) stream.sendBatch(b.seq, b.segments);
    const last = pending[pending.length - 1]?.seq ?? 0;
    try {
      await stream.waitForAck(last);
      acked = Math.max(acked, stream.ackedSeq);
      stream.end();
      await stream.status;
    } catch {
      acked = Math.max(acked, stream.ackedSeq);
      broken.push(await stream.status);
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 100));
    }
  }
  throw new Error(`deliver: batches after seq ${acked} still unacked after ${maxAttempts} attempts`);
}

type Callback<T> = (err: ServiceError | null, value?: T) => void;
type UnaryMethod<Req, Res> = (req: Req, md: Metadata, cb: Callback<Res>) => void;

const TenantsClient = makeGenericClientConstructor(tenantsDefinition, 'Tenants');
const QueryClient = makeGenericClientConstructor(queryDefinition, 'Query');
const HealthClient = makeGenericClientConstructor(healthDefinition, 'Health');

/** Tenants, Query and Health calls as promises; a failed call rejects with the ServiceError. */
export class AdminClient {
  private readonly tenants: Client;
  private readonly query: Client;
  private readonly health: Client;
  private readonly token: string | undefined;

  constructor(options: ConnectOptions) {
    const creds = options.credentials ?? grpcCredentials.createInsecure();
    this.tenants = new TenantsClient(options.address, creds, options.channelOptions);
    this.query = new QueryClient(options.address, creds, options.channelOptions);
    this.health = new HealthClient(options.address, creds, options.channelOptions);
    this.token = options.token;
  }

  private call<Req, Res>(client: Client, method: string, request: Req): Promise<Res> {
    const fn = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[method];
    if (fn === undefined) throw new Error(`no method ${method}`);
    return new Promise((resolve, reject) => {
      fn.call(client, request, metadataFor(this.token), (err, value) => {
        if (err !== null) reject(err);
        else resolve(value as Res);
      });
    });
  }

  upsertTenants(request: IUpsertTenantsRequest): Promise<IUpsertTenantsResponse> {
    return this.call(this.tenants, 'upsert', request);
  }
  getTenant(tenantId: string): Promise<ITenant> {
    return this.call(this.tenants, 'get', { tenant_id: tenantId });
  }
  tenantUsage(request: ITenantUsageRequest): Promise<ITenantUsageResponse> {
    return this.call(this.query, 'tenantUsage', request);
  }
  listAlerts(request: IListAlertsRequest): Promise<IListAlertsResponse> {
    return this.call(this.query, 'listAlerts', request);
  }
  healthCheck(service = ''): Promise<{ status?: number | null }> {
    return this.call(this.health, 'check', { service });
  }

  close(): void {
    this.tenants.close();
    this.query.close();
    this.health.close();
  }
}

/** Rejects unless `promise` fails with gRPC `code`; resolves with the error's details. */
export async function grpcFailure(promise: Promise<unknown>, code: status): Promise<string> {
  try {
    await promise;
  } catch (err: unknown) {
    const e = err as Partial<ServiceError>;
    if (e.code !== code) {
      throw new Error(`expected ${status[code]}, got ${String(e.code)} ${e.details ?? ''}`, { cause: err });
    }
    return e.details ?? '';
  }
  throw new Error(`expected ${status[code]}, but the call succeeded`);
}
