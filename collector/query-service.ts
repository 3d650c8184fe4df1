/**
 * Query (docs/design.md §3): the read side for the CLI and reports. Needs the admin token.
 * TenantUsage answers from the usage aggregates; ListAlerts from the alert store the detector
 * writes (common/alerts/alert-store.ts). A collector without one (the in-memory store of tests and the
 * demo) answers ListAlerts UNIMPLEMENTED rather than an empty list that would read as "no alerts".
 */
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { Clock } from '../common/clock.js';
import { checkAlertQuery } from '../common/alerts/alert-model.js';
import type { AlertReader } from '../common/alerts/alert-store.js';
import { toWireAlert } from '../common/alerts/alert-wire.js';
import { AppError, ValidationError, errorMessage, quote, type Problem } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { newRequestId } from '../common/request-id.js';
import type {
  IListAlertsRequest,
  IListAlertsResponse,
  ITenantUsageRequest,
  ITenantUsageResponse,
} from '../common/proto.js';
import type { Authenticator } from './auth.js';
import { checkId } from '../common/field-checks.js';
import { answerUnary } from './grpc-errors.js';
import { collectorDefaults } from './collector-config.js';
import { storageCall } from './storage/storage-call.js';
import type { UsageStore } from './storage/usage-store.js';

export interface QueryServiceOptions {
  readonly store: UsageStore;
  /** Where ListAlerts reads; undefined = ListAlerts answers UNIMPLEMENTED. */
  readonly alerts?: AlertReader | undefined;
  readonly auth: Authenticator;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Longest wait for Redis on one request, ms. Default 10 s. */
  readonly storeTimeoutMs?: number;
}

export class QueryService {
  private readonly options: Required<Omit<QueryServiceOptions, 'alerts'>>;
  private readonly alerts: AlertReader | undefined;

  constructor(options: QueryServiceOptions) {
    const { alerts, ...rest } = options;
    this.options = { storeTimeoutMs: collectorDefaults.storeTimeoutMs, ...rest };
    this.alerts = alerts;
  }

  tenantUsage(
    call: ServerUnaryCall<ITenantUsageRequest, ITenantUsageResponse>,
    callback: sendUnaryData<ITenantUsageResponse>,
  ): void {
    const { auth, store, clock, storeTimeoutMs } = this.options;
    const logger = this.options.logger.child({ rpc: 'Query.TenantUsage', request: newRequestId() });
    answerUnary(
      callback,
      async () => {
        auth.authorizeAdmin(call);
        const tenantId = call.request.tenant_id ?? '';
        const fromMs = call.request.from_unix_ms ?? 0;
        const toMs = call.request.to_unix_ms ?? 0;
        const problems: Problem[] = [];
        const idProblem = checkId(tenantId, 256);
        if (idProblem !== undefined) problems.push({ field: 'tenant_id', reason: idProblem });
        if (!Number.isSafeInteger(fromMs) || fromMs < 0) {
          problems.push({
            field: 'from_unix_ms',
            reason: `expected Unix milliseconds ≥ 0, got ${quote(fromMs)}`,
          });
        }
        if (!Number.isSafeInteger(toMs) || toMs < 0) {
          problems.push({
            field: 'to_unix_ms',
            reason: `expected Unix milliseconds ≥ 0, got ${quote(toMs)}`,
          });
        } else if (toMs !== 0 && toMs <= fromMs) {
          problems.push({
            field: 'to_unix_ms',
            reason: `expected 0 (now) or after from_unix_ms ${fromMs}, got ${toMs}`,
          });
        }
        if (problems.length > 0) throw new ValidationError(problems);
        return storageCall(
          store.tenantUsage(tenantId, fromMs, toMs, clock.nowMs()),
          storeTimeoutMs,
          'reading usage',
        );
      },
      (err) => logger.error('Query.TenantUsage failed', { error: errorMessage(err) }),
    );
  }

  listAlerts(
    call: ServerUnaryCall<IListAlertsRequest, IListAlertsResponse>,
    callback: sendUnaryData<IListAlertsResponse>,
  ): void {
    const { auth, storeTimeoutMs } = this.options;
    const logger = this.options.logger.child({ rpc: 'Query.ListAlerts', request: newRequestId() });
    const alerts = this.alerts;
    answerUnary(
      callback,
      async () => {
        auth.authorizeAdmin(call);
        if (alerts === undefined) {
          throw new AppError('UNIMPLEMENTED', 'this collector has no alert store (it runs without Redis)');
        }
        const query = {
          state: call.request.state ?? '',
          rule: call.request.rule ?? '',
          limit: call.request.limit ?? 0,
        };
        const problems = checkAlertQuery(query);
        if (problems.length > 0) throw new ValidationError(problems);
        const found = await storageCall(alerts.list(query), storeTimeoutMs, 'reading alerts');
        return { alerts: found.map(toWireAlert) };
      },
      (err) => logger.error('Query.ListAlerts failed', { error: errorMessage(err) }),
    );
  }
}
