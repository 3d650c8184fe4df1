/**
 * The simulator's side of the collector's gRPC API: Tenants.Upsert as the provider's control
 * plane calls it, and Telemetry.Report streams as agents open them (one per node, hello first,
 * batches with increasing seq, each awaited until its cumulative ack arrives).
 */
import {
  Client,
  Metadata,
  credentials as grpcCredentials,
  makeGenericClientConstructor,
  status,
  type ClientDuplexStream,
  type ServiceError,
  type StatusObject,
} from '@grpc/grpc-js';
import {
  pb,
  tenantsDefinition,
  type CollectorMessage,
  type IAck,
  type IHello,
  type ITenant,
  type IUpsertTenantsResponse,
  type IUsageSegment,
} from '../common/proto.js';

const TenantsClient = makeGenericClientConstructor(tenantsDefinition, 'Tenants');

function bearer(token: string | undefined): Metadata {
  const md = new Metadata();
  if (token !== undefined && token !== '') md.set('authorization', `Bearer ${token}`);
  return md;
}

/** Upserts tenant profiles in chunks; throws naming the first tenant the collector refused. */
export async function upsertTenants(
  address: string,
  adminToken: string | undefined,
  tenants: readonly ITenant[],
  chunk = 500,
): Promise<number> {
  const client = new TenantsClient(address, grpcCredentials.createInsecure());
  try {
    let upserted = 0;
    for (let i = 0; i < tenants.length; i += chunk) {
      const part = tenants.slice(i, i + chunk);
      const response = await new Promise<IUpsertTenantsResponse>((resolve, reject) => {
        (
          client as unknown as Record<
            string,
            (
              r: unknown,
              md: Metadata,
              o: object,
              cb: (e: ServiceError | null, v?: IUpsertTenantsResponse) => void,
            ) => void
          >
        ).upsert?.call(
          client,
          { tenants: part },
          bearer(adminToken),
          { deadline: Date.now() + 30_000 },
          (err, value) =>
            err === null
              ? resolve(value ?? {})
              : reject(
                  new Error(`Tenants.Upsert at ${address}: ${status[err.code] ?? err.code} ${err.details}`),
                ),
        );
      });
      const refused = response.rejected?.[0];
      if (refused !== undefined) {
        const tenant = part[refused.index ?? 0]?.tenant_id ?? '?';
        throw new Error(
          `Tenants.Upsert refused tenant ${JSON.stringify(tenant)}: ${refused.field ?? ''}: ${refused.reason ?? ''}`,
        );
      }
      upserted += response.upserted ?? 0;
    }
    return upserted;
  } finally {
    client.close();
  }
}

/** One agent's Report stream on a shared client (one HTTP/2 connection carries every node's stream). */
export class AgentStream {
  private readonly call: ClientDuplexStream<Buffer, CollectorMessage>;
  private ackedSeq = 0;
  private readonly acks = new Map<number, IAck>();
  private ended: StatusObject | undefined;
  private readonly waiters = new Set<() => void>();
  readonly done: Promise<StatusObject>;

  constructor(client: Client, token: string | undefined, hello: IHello) {
    this.call = client.makeBidiStreamRequest(
      '/gpuwatch.v1.Telemetry/Report',
      (b: Buffer) => b,
      (b: Buffer) => pb.CollectorMessage.decode(b),
      bearer(token),
    );
    this.call.on('data', (m: CollectorMessage) => {
      if (m.ack) {
        const seq = Number(m.ack.seq ?? 0);
        this.acks.set(seq, m.ack);
        this.ackedSeq = Math.max(this.ackedSeq, seq);
      }
      for (const w of [...this.waiters]) w();
    });
    this.call.on('error', () => undefined); // the status below carries it
    this.done = new Promise((resolve) => {
      this.call.on('status', (s: StatusObject) => {
        this.ended = s;
        for (const w of [...this.waiters]) w();
        resolve(s);
      });
    });
    this.call.write(Buffer.from(pb.AgentMessage.encode({ hello }).finish()));
  }

  /** Sends one batch and resolves with its ack; rejects when the stream ends first or a segment is refused. */
  send(seq: number, segments: IUsageSegment[]): Promise<IAck> {
    this.call.write(Buffer.from(pb.AgentMessage.encode({ batch: { seq, segments } }).finish()));
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.ackedSeq >= seq) {
          const ack = this.acks.get(seq) ?? {};
          this.acks.delete(seq);
          const refused = ack.rejected?.[0];
          if (refused !== undefined) {
            const s = segments[refused.index ?? 0];
            reject(
              new Error(
                `collector refused segment ${refused.index ?? 0} of batch ${seq} (tenant ${s?.tenant_id ?? '?'}): ${refused.field ?? ''}: ${refused.reason ?? ''}`,
              ),
            );
          } else resolve(ack);
          return true;
        }
        if (this.ended !== undefined) {
          reject(
            new Error(
              `report stream ended before ack ${seq}: ${status[this.ended.code] ?? this.ended.code} ${this.ended.details}`,
            ),
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

  /** Half-closes and waits for the collector to end the stream. */
  async close(): Promise<StatusObject> {
    this.call.end();
    return this.done;
  }
}

/**
 * A client for Report streams with a connection of its own: a collector allows 64 concurrent
 * streams per HTTP/2 connection (as real agents each have their own), so a large simulated
 * fleet spreads its nodes over several clients.
 */
export function telemetryClient(address: string): Client {
  return new Client(address, grpcCredentials.createInsecure(), {
    'grpc.max_send_message_length': 8 * 1024 * 1024,
    'grpc.use_local_subchannel_pool': 1,
  });
}
