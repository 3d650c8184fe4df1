/**
 * The alert model of docs/design.md §7: the one list of rule ids, severities and states, what a
 * rule finds about a cluster, an alert as stored with its history, a listing's filters, and the
 * checks of each. The detector writes alerts, the collector's Query.ListAlerts and `gpuwatch
 * alerts` read them: it lives in common/ because programs never import each other.
 *
 * Informational findings (e.g. effective ownership by a KYC-verified customer outside the
 * countries of concern) are stored as alerts like any other, so reports list them, with
 * severity forced to `info` and `informational: true` on the stored alert and in its
 * evidence_json; webhook delivery must skip alerts that carry the flag.
 */
import { createHash } from 'node:crypto';
import { quote, type Problem } from '../errors.js';
import { fieldSeparator } from '../redis-keys.js';

/** Rule ids of docs/design.md §6: in alerts, metrics, webhook filters and the policy file. */
export const alertRules = Object.freeze([
  'effective_ownership',
  'structuring',
  'shell_ring',
  'succession',
  'new_account_burst',
  'screening_match',
  'frontier_compute',
] as const);
export type AlertRule = (typeof alertRules)[number];

export const alertStates = Object.freeze(['open', 'acknowledged', 'suppressed', 'resolved'] as const);
export type AlertState = (typeof alertStates)[number];

/** Severities, lowest first (a `min_severity` compares by this order). */
export const alertSeverities = Object.freeze(['info', 'low', 'medium', 'high', 'critical'] as const);
export type AlertSeverity = (typeof alertSeverities)[number];

/** Largest `limit` of one listing; the default is 100. */
export const maxAlertListLimit = 1000;
export const defaultAlertListLimit = 100;

/** Longest note an analyst's action records, in characters. */
export const maxNoteChars = 2000;

/** The actor name the detector's own lifecycle entries carry. */
export const detectorActor = 'detector';

/** What a rule found about a cluster (detector/model.ts `Finding` plus the cluster id). */
export interface AlertFinding {
  readonly rule: AlertRule;
  readonly severity: AlertSeverity;
  readonly score: number;
  readonly tenantIds: readonly string[];
  readonly anchorTenantId: string;
  /** Cluster.clusterId: with the rule, what makes an alert the same alert. */
  readonly clusterId: string;
  /** Event time, Unix ms. */
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  /** Kept for reports, never sent as a webhook. */
  readonly informational: boolean;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/**
 * One period of event time during which a rule's condition held for a cluster (docs/design.md §7),
 * with the evidence at the time. An alert is the ledger of its episodes.
 */
export interface AlertEpisode {
  /** Event time, Unix ms: where the condition's evidence starts (e.g. the tenure's first day). */
  readonly startMs: number;
  /** Event time, Unix ms: where it last held (e.g. the end of the last hour of usage that met it). */
  readonly endMs: number;
  /** The worst severity the condition reached during the episode. */
  readonly severity: AlertSeverity;
  /** The score of its last hold. */
  readonly score: number;
  /** Sorted. */
  readonly tenantIds: readonly string[];
  /** The policy version it was judged under. */
  readonly policyVersion: string;
  /** The numbers, window and members of its last hold. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/**
 * The episode that opened or last changed an alert: its latest. Undefined for an alert stored
 * before episodes, or whose every episode was withdrawn.
 */
export function latestEpisode(alert: Pick<StoredAlert, 'episodes'>): AlertEpisode | undefined {
  const episodes = alert.episodes ?? [];
  return episodes[episodes.length - 1];
}

/** Episodes an alert keeps, newest kept when there are more. */
export const maxAlertEpisodes = 200;

/** An alert as stored. Times are event time, Unix ms, except `updatedAtMs` (wall clock). */
export interface StoredAlert {
  readonly alertId: string;
  readonly rule: AlertRule;
  readonly clusterId: string;
  readonly severity: AlertSeverity;
  readonly score: number;
  /** Sorted. */
  readonly tenantIds: readonly string[];
  readonly anchorTenantId: string;
  readonly state: AlertState;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly policyVersion: string;
  readonly informational: boolean;
  readonly evidence: Readonly<Record<string, unknown>>;
  /** Wall-clock time of the last change. */
  readonly updatedAtMs: number;
  /**
   * True while webhook subscribers know the alert as live: an `alert.opened` went to the outbox
   * and no `alert.resolved` since. Absent on alerts written before the outbox existed (= false).
   */
  readonly announced?: boolean;
  /** Score carried by the last outbox event, to tell a notable score change from drift. */
  readonly notifiedScore?: number;
  /**
   * The episodes, oldest first: first_seen is the first's start, last_seen the last's end.
   * Absent on alerts written before episodes existed.
   */
  readonly episodes?: readonly AlertEpisode[];
  /**
   * True when an analyst resolved it: then only an episode that ends after its last_seen reopens
   * it. One the detector resolved (or whose episodes were withdrawn) reopens whenever its
   * episodes make it live again, so its state depends on the records, not on their arrival order.
   */
  readonly resolvedByAnalyst?: boolean;
}

export type LifecycleAction = 'opened' | 'reopened' | 'acknowledged' | 'suppressed' | 'resolved';

export interface AlertHistoryEntry {
  readonly action: LifecycleAction;
  /** The analyst's name, or `detector` for the detector's own actions. */
  readonly who: string;
  readonly note: string;
  /** When, as the caller gave it (event time for the detector, wall clock for an analyst). */
  readonly atMs: number;
}

export interface AlertQuery {
  /** Only alerts in this state; undefined or "" = any. */
  readonly state?: string | undefined;
  /** Only alerts of this rule; undefined or "" = any. */
  readonly rule?: string | undefined;
  /** 1..1000; undefined or 0 = 100. */
  readonly limit?: number | undefined;
}

/** Stable id of the alert a rule raises about a cluster from a first-seen time. */
export function alertIdFor(rule: string, clusterId: string, firstSeenMs: number): string {
  const digest = createHash('sha256')
    .update(`${rule}${fieldSeparator}${clusterId}${fieldSeparator}${firstSeenMs}`)
    .digest('hex');
  return `al-${digest.slice(0, 20)}`;
}

/** Problems with a listing's filters, each naming the value and the allowed set. */
export function checkAlertQuery(query: AlertQuery): Problem[] {
  const problems: Problem[] = [];
  const { state, rule, limit } = query;
  if (state !== undefined && state !== '' && !(alertStates as readonly string[]).includes(state)) {
    problems.push({
      field: 'state',
      reason: `expected one of ${alertStates.join(', ')} (or "" for any), got ${quote(state)}`,
    });
  }
  if (rule !== undefined && rule !== '' && !(alertRules as readonly string[]).includes(rule)) {
    problems.push({
      field: 'rule',
      reason: `expected one of ${alertRules.join(', ')} (or "" for any), got ${quote(rule)}`,
    });
  }
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0 || limit > maxAlertListLimit)) {
    problems.push({
      field: 'limit',
      reason: `expected 0..${maxAlertListLimit} (0 = ${defaultAlertListLimit}), got ${quote(limit)}`,
    });
  }
  return problems;
}

/** Problems with a finding the store is asked to keep under `policyVersion`. */
export function checkFinding(f: AlertFinding, policyVersion: string): Problem[] {
  const problems: Problem[] = [];
  if (!(alertRules as readonly string[]).includes(f.rule)) {
    problems.push({
      field: 'rule',
      reason: `expected one of ${alertRules.join(', ')}, got ${quote(f.rule)}`,
    });
  }
  if (!(alertSeverities as readonly string[]).includes(f.severity)) {
    problems.push({
      field: 'severity',
      reason: `expected one of ${alertSeverities.join(', ')}, got ${quote(f.severity)}`,
    });
  }
  if (f.clusterId === '') problems.push({ field: 'clusterId', reason: 'expected a cluster id, got ""' });
  if (!Number.isFinite(f.score))
    problems.push({ field: 'score', reason: `expected a finite number, got ${quote(f.score)}` });
  for (const [field, ms] of [
    ['firstSeenMs', f.firstSeenMs],
    ['lastSeenMs', f.lastSeenMs],
  ] as const) {
    if (!Number.isSafeInteger(ms) || ms < 0)
      problems.push({ field, reason: `expected Unix milliseconds ≥ 0, got ${quote(ms)}` });
  }
  if (f.lastSeenMs < f.firstSeenMs) {
    problems.push({
      field: 'lastSeenMs',
      reason: `expected ≥ firstSeenMs ${f.firstSeenMs}, got ${f.lastSeenMs}`,
    });
  }
  if (policyVersion === '')
    problems.push({ field: 'policyVersion', reason: 'expected the policy version, got ""' });
  return problems;
}
