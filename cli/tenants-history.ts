/**
 * `gpuwatch tenants history ID --redis URL [--json]`: a tenant's findings over event time — every
 * episode of every alert that names it (its cluster's, whichever members the cluster had then),
 * across rules, oldest first. Reads the alert store directly, as `alerts show` does.
 */
import type { StoredAlert } from '../common/alerts/alert-model.js';
import type { AlertCursor, RedisAlertStore } from '../common/alerts/alert-store.js';
import { maxAlertListLimit } from '../common/alerts/alert-model.js';
import { formatTable, isoSeconds } from './table.js';

/** One row of the history: an episode of an alert. */
export interface HistoryRow {
  readonly rule: string;
  readonly alert_id: string;
  /** The alert's state now. */
  readonly state: string;
  readonly tenant_ids: readonly string[];
  /** Event time, Unix ms. */
  readonly start_unix_ms: number;
  readonly end_unix_ms: number;
  readonly severity: string;
  readonly score: number;
  readonly policy_version: string;
  /** False for an alert stored before episodes: the row is its first..last seen. */
  readonly episode: boolean;
}

/** Every alert naming `tenantId`, read page by page through the by-seen index. */
export async function alertsOfTenant(store: RedisAlertStore, tenantId: string): Promise<StoredAlert[]> {
  const found: StoredAlert[] = [];
  let after: AlertCursor | undefined;
  do {
    const page = await store.listPage({ limit: maxAlertListLimit }, after);
    for (const a of page.alerts) if (a.tenantIds.includes(tenantId)) found.push(a);
    after = page.next;
  } while (after !== undefined);
  return found;
}

/** The rows of the history, oldest episode first (ties: rule, then alert id). */
export function historyRows(alerts: readonly StoredAlert[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const a of alerts) {
    const common = { rule: a.rule, alert_id: a.alertId, state: a.state };
    if (a.episodes === undefined) {
      rows.push({
        ...common,
        tenant_ids: a.tenantIds,
        start_unix_ms: a.firstSeenMs,
        end_unix_ms: a.lastSeenMs,
        severity: a.severity,
        score: a.score,
        policy_version: a.policyVersion,
        episode: false,
      });
      continue;
    }
    for (const e of a.episodes) {
      rows.push({
        ...common,
        tenant_ids: e.tenantIds,
        start_unix_ms: e.startMs,
        end_unix_ms: e.endMs,
        severity: e.severity,
        score: e.score,
        policy_version: e.policyVersion,
        episode: true,
      });
    }
  }
  return rows.sort(
    (x, y) =>
      x.start_unix_ms - y.start_unix_ms ||
      x.rule.localeCompare(y.rule) ||
      x.alert_id.localeCompare(y.alert_id),
  );
}

/** The table an analyst reads. */
export function formatHistory(tenantId: string, rows: readonly HistoryRow[]): string {
  const table = formatTable(
    [
      { header: 'FROM' },
      { header: 'TO' },
      { header: 'RULE' },
      { header: 'SEVERITY' },
      { header: 'SCORE', align: 'right' },
      { header: 'ALERT' },
      { header: 'STATE' },
      { header: 'TENANTS' },
    ],
    rows.map((r) => [
      isoSeconds(r.start_unix_ms),
      isoSeconds(r.end_unix_ms),
      r.rule,
      r.severity,
      r.score.toFixed(2),
      r.alert_id + (r.episode ? '' : ' *'),
      r.state,
      r.tenant_ids.join(', '),
    ]),
    { empty: '(no findings)' },
  );
  const note = rows.some((r) => !r.episode)
    ? "\n* stored before episodes: the row spans the alert's first to last seen"
    : '';
  return `findings naming tenant ${tenantId}, in event time (episodes of every rule, oldest first)\n${table}${note}`;
}
