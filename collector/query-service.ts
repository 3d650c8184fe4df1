/**
 * Query (docs/design.md §3): the read side for the CLI and reports. Needs the admin token.
 * TenantUsage answers from the usage aggregates; ListAlerts from the alert store the detector
 * writes (common/alerts/alert-store.ts). A collector without one (the in-memory store of tests and the
 * demo) answers ListAlerts UNIMPLEMENTED rather than an empty list that would read as "no alerts".
 */
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { Clock } from '../common/clock.js';
import { checkAlertQuery, maxAlertListLimit } from '../common/alerts/alert-model.js';
import type { AlertCursor, AlertReader } from '../common/alerts/alert-store.js';
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

/**
 * A ListAlerts page token: opaque to clients (base64url of JSON), it holds where the page ended
 * and the filters it was made for, so a token replayed with other filters is refused (AIP-158).
 */
export function encodeAlertPageToken(cursor: AlertCursor, state: string, rule: string): string {
  return Buffer.from(
    JSON.stringify({ v: 1, s: cursor.lastSeenMs, i: cursor.alertId, st: state, r: rule }),
  ).toString('base64url');
}

/** The cursor in a page token made for these filters, or undefined when it is not one. */
export function decodeAlertPageToken(token: string, state: string, rule: string): AlertCursor | undefined {
  if (token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const t = parsed as Record<string, unknown>;
  if (t.v !== 1 || t.st !== state || t.r !== rule) return undefined;
  if (typeof t.s !== 'number' || !Number.isFinite(t.s) || typeof t.i !== 'string' || t.i === '')
    return undefined;
  return { lastSeenMs: t.s, alertId: t.i };
}

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
          // AIP-158: a page size above the maximum is taken as the maximum, not refused.
          limit: Math.min(call.request.limit ?? 0, maxAlertListLimit),
        };
        const problems = checkAlertQuery(query);
        const pageToken = call.request.page_token ?? '';
        let after: AlertCursor | undefined;
        if (pageToken !== '') {
          after = decodeAlertPageToken(pageToken, query.state, query.rule);
          if (after === undefined) {
            problems.push({
              field: 'page_token',
              reason: `expected "" or the next_page_token of an earlier ListAlerts with the same state and rule, got ${quote(pageToken)}`,
            });
          }
        }
        if (problems.length > 0) throw new ValidationError(problems);
        const page = await storageCall(alerts.listPage(query, after), storeTimeoutMs, 'reading alerts');
        return {
          alerts: page.alerts.map(toWireAlert),
          next_page_token:
            page.next === undefined ? '' : encodeAlertPageToken(page.next, query.state, query.rule),
        };
      },
      (err) => logger.error('Query.ListAlerts failed', { error: errorMessage(err) }),
    );
  }
}
