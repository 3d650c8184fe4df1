/**
 * Tenants (docs/design.md §3): the provider's control plane upserts tenant profiles and reads them back.
 * Both need the admin token. A bad tenant is rejected alone; the rest are stored and queued for
 * evaluation (reason "profile": new linkage attributes can link tenants).
 */
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { Clock } from '../../common/clock.js';
import { NotFoundError, ValidationError, errorMessage, quote } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { newRequestId } from '../../common/request-id.js';
import type {
  IGetTenantRequest,
  ITenant,
  IUpsertTenantsRequest,
  IUpsertTenantsResponse,
} from '../../common/proto.js';
import type { Authenticator } from '../auth.js';
import type { EvaluationQueue } from '../ingest/evaluation-queue.js';
import { checkId } from '../../common/field-checks.js';
import { answerUnary } from '../grpc-errors.js';
import { collectorDefaults } from '../collector-config.js';
import { storageCall } from '../storage/storage-call.js';
import type { TenantStore } from './tenant-store.js';
import { maxTenantsPerRequest, validateTenants } from './tenant-validation.js';

export interface TenantsServiceOptions {
  readonly store: TenantStore;
  readonly queue: EvaluationQueue;
  readonly auth: Authenticator;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Longest wait for Redis on one request, ms. Default 10 s. */
  readonly storeTimeoutMs?: number;
}

export class TenantsService {
  private readonly options: Required<TenantsServiceOptions>;

  constructor(options: TenantsServiceOptions) {
    this.options = { storeTimeoutMs: collectorDefaults.storeTimeoutMs, ...options };
  }

  upsert(
    call: ServerUnaryCall<IUpsertTenantsRequest, IUpsertTenantsResponse>,
    callback: sendUnaryData<IUpsertTenantsResponse>,
  ): void {
    const { auth, store, queue, clock, storeTimeoutMs } = this.options;
    const logger = this.options.logger.child({ rpc: 'Tenants.Upsert', request: newRequestId() });
    answerUnary(
      callback,
      async () => {
        auth.authorizeAdmin(call);
        const tenants = call.request.tenants ?? [];
        if (tenants.length > maxTenantsPerRequest) {
          throw new ValidationError([
            {
              field: 'tenants',
              reason: `expected at most ${maxTenantsPerRequest} per request, got ${tenants.length}; send smaller requests`,
            },
          ]);
        }
        const { valid, rejected } = validateTenants(tenants);
        if (valid.length > 0) {
          await storageCall(store.upsert(valid, clock.nowMs()), storeTimeoutMs, 'storing tenants');
          await storageCall(
            queue.enqueue(
              valid.map((t) => t.tenant_id),
              'profile',
            ),
            storeTimeoutMs,
            'queueing evaluations',
          );
        }
        logger.info('tenants upserted', { upserted: valid.length, rejected: rejected.length });
        return { upserted: valid.length, rejected };
      },
      (err) => logger.error('Tenants.Upsert failed', { error: errorMessage(err) }),
    );
  }

  get(call: ServerUnaryCall<IGetTenantRequest, ITenant>, callback: sendUnaryData<ITenant>): void {
    const { auth, store, storeTimeoutMs } = this.options;
    const logger = this.options.logger.child({ rpc: 'Tenants.Get', request: newRequestId() });
    answerUnary(
      callback,
      async () => {
        auth.authorizeAdmin(call);
        const tenantId = call.request.tenant_id ?? '';
        const problem = checkId(tenantId, 256);
        if (problem !== undefined) throw new ValidationError([{ field: 'tenant_id', reason: problem }]);
        const tenant = await storageCall(store.get(tenantId), storeTimeoutMs, 'reading the tenant');
        if (tenant === undefined) throw new NotFoundError(`tenant ${quote(tenantId)} not found`);
        return {
          ...tenant,
          aliases: [...tenant.aliases],
          admin_ips: [...tenant.admin_ips],
          ssh_key_fingerprints: [...tenant.ssh_key_fingerprints],
          beneficial_owners: [...tenant.beneficial_owners],
          attributes: { ...tenant.attributes },
        };
      },
      (err) => logger.error('Tenants.Get failed', { error: errorMessage(err) }),
    );
  }
}
