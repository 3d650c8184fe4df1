/**
 * How the admin commands (`tenants`, `usage`, `alerts list`) reach a collector: its address, TLS, the admin
 * token, and the Tenants and Query calls as promises with failures turned into one-line messages;
 * `usage import` also opens Telemetry streams with the admin token (collector/auth.ts).
 */
import { readFileSync } from 'node:fs';
import {
  Metadata,
  credentials as grpcCredentials,
  makeGenericClientConstructor,
  status,
  type Client,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { checkHostPort, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { ConfigError, errorMessage, quote, type Problem } from '../common/errors.js';
import {
  queryDefinition,
  telemetryDefinition,
  tenantsDefinition,
  type IAgentMessage,
  type ICollectorMessage,
  type IListAlertsRequest,
  type IListAlertsResponse,
  type ITenant,
  type ITenantUsageRequest,
  type ITenantUsageResponse,
  type IUpsertTenantsRequest,
  type IUpsertTenantsResponse,
} from '../common/proto.js';

/** Options every admin command takes. */
export const connectionOptionSpecs = {
  collector: {
    type: 'string',
    description: 'collector gRPC address (host:port)',
    default: '127.0.0.1:4317',
    check: checkHostPort,
  },
  adminTokenFile: { type: 'string', description: 'file holding the admin token' },
  adminToken: { type: 'string', description: 'the admin token', secret: true },
  tlsCa: { type: 'string', description: "PEM CA that signed the collector's certificate (enables TLS)" },
  timeout: { type: 'duration', description: 'deadline of each call', default: 30_000 },
} as const satisfies OptionSpecs;

export type ConnectionOptions = ConfigOf<typeof connectionOptionSpecs>;

/** A failed call, as a sentence for the terminal. */
export class CallFailed extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

type Callback<T> = (err: ServiceError | null, value?: T) => void;
type UnaryMethod = (req: unknown, md: Metadata, options: { deadline: number }, cb: Callback<unknown>) => void;

const TenantsClient = makeGenericClientConstructor(tenantsDefinition, 'Tenants');
const QueryClient = makeGenericClientConstructor(queryDefinition, 'Query');
const TelemetryClient = makeGenericClientConstructor(telemetryDefinition, 'Telemetry');

/** A Telemetry.Report stream as the client sees it. */
export type ReportStream = ClientDuplexStream<IAgentMessage, ICollectorMessage>;

export class CollectorClient {
  private readonly tenants: Client;
  private readonly query: Client;
  private readonly telemetry: Client;
  private readonly metadata = new Metadata();

  private constructor(private readonly options: ConnectionOptions) {
    const problems: Problem[] = [];
    let creds = grpcCredentials.createInsecure();
    if (options.tlsCa !== undefined) {
      try {
        creds = grpcCredentials.createSsl(readFileSync(options.tlsCa));
      } catch (err: unknown) {
        problems.push({
          field: '--tls-ca',
          reason: `cannot read ${quote(options.tlsCa)}: ${errorMessage(err)}`,
        });
      }
    }
    let token = options.adminToken;
    if (options.adminTokenFile !== undefined) {
      try {
        token = readFileSync(options.adminTokenFile, 'utf8').trim();
      } catch (err: unknown) {
        problems.push({
          field: '--admin-token-file',
          reason: `cannot read ${quote(options.adminTokenFile)}: ${errorMessage(err)}`,
        });
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    if (token !== undefined && token !== '') this.metadata.set('authorization', `Bearer ${token}`);
    this.tenants = new TenantsClient(options.collector, creds);
    this.query = new QueryClient(options.collector, creds);
    this.telemetry = new TelemetryClient(options.collector, creds);
  }

  /** Reads the token and CA files; throws ConfigError naming each unreadable one. */
  static connect(options: ConnectionOptions): CollectorClient {
    return new CollectorClient(options);
  }

  private call<Res>(client: Client, method: string, request: unknown): Promise<Res> {
    const fn = (client as unknown as Record<string, UnaryMethod>)[method];
    if (fn === undefined) return Promise.reject(new Error(`no method ${method}`));
    return new Promise((resolve, reject) => {
      fn.call(
        client,
        request,
        this.metadata,
        { deadline: Date.now() + this.options.timeout },
        (err, value) => {
          if (err === null) {
            resolve(value as Res);
            return;
          }
          const code = err.code;
          const what =
            code === status.UNAVAILABLE && /connect|resolve|No connection/i.test(err.details)
              ? `cannot reach the collector at ${this.options.collector}: ${err.details}`
              : `collector at ${this.options.collector} answered ${status[code] ?? code}: ${err.details}`;
          reject(new CallFailed(code, what));
        },
      );
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

  /** Opens a Telemetry.Report stream carrying the admin token (no deadline: it lasts as long as its batches). */
  reportStream(): ReportStream {
    const report = (this.telemetry as unknown as { report: (md: Metadata) => ReportStream }).report;
    return report.call(this.telemetry, this.metadata);
  }

  /** The address this client calls. */
  get address(): string {
    return this.options.collector;
  }

  close(): void {
    this.tenants.close();
    this.query.close();
    this.telemetry.close();
  }
}
