/**
 * Alerts in Redis with the lifecycle of docs/design.md §7: one alert per (rule, cluster) that is not
 * resolved, updated in place by new evidence; resolved when the condition has not held for a
 * policy period (event time) or by an analyst; acknowledged or suppressed by an analyst, after
 * which it keeps taking new evidence but keeps its state. The detector writes (applyFinding,
 * conditionCleared), the collector's Query.ListAlerts and `gpuwatch alerts` read, and the CLI
 * acknowledges. It lives in common/ because programs never import each other.
 *
 * Storage (keys from RedisKeys, all under the one hash tag `{alerts}`):
 * - `…{alerts}:al:<id>` hash: `rev` (a counter) and `alert` (the StoredAlert as JSON);
 * - `…{alerts}:history:<id>` list of lifecycle entries (opened, reopened, acknowledged,
 *   suppressed, resolved: who, note, when), the latest 1000 kept;
 * - `…{alerts}:open` hash `<rule>\x1f<cluster>` → id of the pair's alert that is not resolved;
 * - `…{alerts}:by-seen` sorted set id → last_seen, for listing newest first.
 *
 * Cluster: every key shares one slot, so no operation spans slots and each write is one Lua
 * script that checks what it read (the alert's `rev` and the open-index entry) and applies all
 * its changes atomically, or changes nothing and the caller retries on fresh data. One slot is
 * enough: there is at most one live alert per rule and cluster of tenants, a few thousand keys.
 *
 * Informational findings (e.g. effective ownership by a KYC-verified customer outside the
 * countries of concern) are stored as alerts like any other, so reports list them, with
 * severity forced to `info` and `informational: true` on the stored alert and in its
 * evidence_json; webhook delivery must skip alerts that carry the flag.
 *
 * Outbox (webhooks, docs/design.md §7): every change worth telling appends one event to the stream
 * `…{alerts}:outbox` in the same script as the change, so no event is lost between the alert
 * write and the delivery enqueue (the detector's dispatcher reads the stream through a consumer
 * group). Event id `<alertId>:<rev>`, stable for ever. What is worth telling (see
 * outboxEventFor and docs/decisions.md, D-alert-events): `alert.opened` when an alert that is not
 * informational goes live (new, reopened, or no longer informational); then, while subscribers
 * know it as live, `alert.updated` when its state, severity, informational flag, tenants or
 * anchor change or its score moves by ≥ 10 % since the last event (not every hourly refresh of
 * the evidence numbers), and `alert.resolved` when it is resolved (by the detector or an
 * analyst). Informational alerts that were never announced produce no events.
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis.js';
import type { Clock } from '../clock.js';
import { AppError, NotFoundError, ValidationError, quote, type Problem } from '../errors.js';
import type { IAlert } from '../proto.js';
import { fieldSeparator, type RedisKeys } from '../redis-keys.js';

/** Rule ids of docs/design.md §6 (the same list as detector/model.ts `ruleIds`, which a test keeps equal). */
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

export const alertSeverities = Object.freeze(['info', 'low', 'medium', 'high', 'critical'] as const);
export type AlertSeverity = (typeof alertSeverities)[number];

/** Largest `limit` of one listing; the default is 100. */
export const maxAlertListLimit = 1000;
export const defaultAlertListLimit = 100;

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
}

/** Webhook event types of docs/design.md §7. */
export const alertEventTypes = Object.freeze(['alert.opened', 'alert.updated', 'alert.resolved'] as const);
export type AlertEventType = (typeof alertEventTypes)[number];

/** Relative score change since the last event that makes an `alert.updated` (10 %). */
export const notableScoreChange = 0.1;

/** Outbox stream bound (approximate): a safety net only; the dispatcher trims what it has handed on. */
export const outboxMaxLen = 1_000_000;

export type LifecycleAction = 'opened' | 'reopened' | 'acknowledged' | 'suppressed' | 'resolved';

export interface AlertHistoryEntry {
  readonly action: LifecycleAction;
  /** The analyst's name, or `detector` for the detector's own actions. */
  readonly who: string;
  readonly note: string;
  /** When, as the caller gave it (event time for the detector, wall clock for an analyst). */
  readonly atMs: number;
}

export type ApplyEvent = 'opened' | 'updated' | 'unchanged';

export interface AlertQuery {
  /** Only alerts in this state; undefined or "" = any. */
  readonly state?: string | undefined;
  /** Only alerts of this rule; undefined or "" = any. */
  readonly rule?: string | undefined;
  /** 1..1000; undefined or 0 = 100. */
  readonly limit?: number | undefined;
}

/** The read side the collector needs. */
export interface AlertReader {
  list(query: AlertQuery): Promise<StoredAlert[]>;
}

export interface RedisAlertStoreOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Wall clock for `updatedAtMs`; the lifecycle itself runs on the event times passed in. */
  readonly clock: Clock;
}

/** The actor name the detector's own lifecycle entries carry. */
export const detectorActor = 'detector';

const historyKept = 1000;
const maxNoteChars = 2000;
const casAttempts = 20;

/**
 * Compare-and-set of one alert: applies only when the alert's `rev` and the open-index entry are
 * still what the caller read. KEYS: alert, history, open index, by-seen, outbox. ARGV: expected
 * rev ("" = no alert yet), open field, expected open id ("" = none, "*" = not checked), new open
 * id ("" = delete, "*" = leave), alert JSON, last_seen, history entry ("" = none), alert id,
 * outbox event type ("" = none), event wall time ms. The event id is `<alert id>:<new rev>`.
 */
const casScript = `
local rev = redis.call('HGET', KEYS[1], 'rev')
if (rev or '') ~= ARGV[1] then return 0 end
if ARGV[3] ~= '*' then
  local cur = redis.call('HGET', KEYS[3], ARGV[2])
  if (cur or '') ~= ARGV[3] then return 0 end
end
local newRev = tostring((tonumber(rev) or 0) + 1)
redis.call('HSET', KEYS[1], 'rev', newRev, 'alert', ARGV[5])
if ARGV[9] ~= '' then
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', '${outboxMaxLen}', '*',
    'id', ARGV[8] .. ':' .. newRev, 'type', ARGV[9], 'alert', ARGV[5], 'at', ARGV[10])
end
if ARGV[4] == '' then
  redis.call('HDEL', KEYS[3], ARGV[2])
elseif ARGV[4] ~= '*' then
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
end
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[8])
if ARGV[7] ~= '' then
  redis.call('RPUSH', KEYS[2], ARGV[7])
  redis.call('LTRIM', KEYS[2], -${historyKept}, -1)
end
return 1
`;

/** Stable id of the alert a rule raises about a cluster from a first-seen time. */
export function alertIdFor(rule: string, clusterId: string, firstSeenMs: number): string {
  const digest = createHash('sha256')
    .update(`${rule}${fieldSeparator}${clusterId}${fieldSeparator}${firstSeenMs}`)
    .digest('hex');
  return `al-${digest.slice(0, 20)}`;
}

/** JSON with object keys sorted, so equal content compares equal whatever the key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
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

function checkFinding(f: AlertFinding, policyVersion: string): Problem[] {
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

/** The alert's content without its bookkeeping, for "did anything change". */
function content(a: StoredAlert): string {
  const { updatedAtMs: _updated, announced: _announced, notifiedScore: _notified, ...rest } = a;
  return canonicalJson(rest);
}

function notableChange(prev: StoredAlert, next: StoredAlert): boolean {
  if (
    prev.state !== next.state ||
    prev.severity !== next.severity ||
    prev.informational !== next.informational ||
    prev.anchorTenantId !== next.anchorTenantId ||
    prev.tenantIds.join('\n') !== next.tenantIds.join('\n')
  ) {
    return true;
  }
  const base = prev.notifiedScore ?? prev.score;
  return Math.abs(next.score - base) >= notableScoreChange * Math.max(Math.abs(base), 1e-9);
}

/**
 * The outbox event a change from `prev` (undefined: a new alert) to `next` makes, if any, and
 * `next` with its announcement bookkeeping updated. See the module comment for the rules.
 */
export function outboxEventFor(
  prev: StoredAlert | undefined,
  next: StoredAlert,
): { type: AlertEventType | undefined; alert: StoredAlert } {
  const announced = prev?.announced === true;
  let type: AlertEventType | undefined;
  if (next.state === 'resolved') type = announced ? 'alert.resolved' : undefined;
  else if (!announced) type = next.informational ? undefined : 'alert.opened';
  else if (prev !== undefined && notableChange(prev, next)) type = 'alert.updated';
  if (type === undefined) {
    const { notifiedScore, ...rest } = next;
    const kept = prev?.notifiedScore ?? notifiedScore;
    return {
      type,
      alert: { ...rest, announced, ...(kept === undefined ? {} : { notifiedScore: kept }) },
    };
  }
  return { type, alert: { ...next, announced: type !== 'alert.resolved', notifiedScore: next.score } };
}

/** The Alert message of docs/design.md §3. evidence_json carries the cluster id and the informational flag too. */
export function toWireAlert(a: StoredAlert): IAlert {
  const evidence: Record<string, unknown> = { cluster_id: a.clusterId, ...a.evidence };
  if (a.informational) evidence.informational = true;
  return {
    alert_id: a.alertId,
    rule: a.rule,
    severity: a.severity,
    score: a.score,
    tenant_ids: [...a.tenantIds],
    anchor_tenant_id: a.anchorTenantId,
    state: a.state,
    first_seen_unix_ms: a.firstSeenMs,
    last_seen_unix_ms: a.lastSeenMs,
    policy_version: a.policyVersion,
    evidence_json: JSON.stringify(evidence),
  };
}

interface Loaded {
  readonly rev: string;
  readonly alert: StoredAlert;
}

export class RedisAlertStore implements AlertReader {
  private readonly redis: RedisClient;
  private readonly keys: RedisKeys;
  private readonly clock: Clock;

  constructor(options: RedisAlertStoreOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.clock = options.clock;
  }

  /**
   * Turns a finding into the (rule, cluster) alert: opens one when none is live, updates the live
   * one (whatever its state) with newer evidence, and answers `unchanged` when the finding says
   * nothing new (the same finding twice, or older evidence), so re-evaluation is idempotent.
   */
  async applyFinding(
    finding: AlertFinding,
    policyVersion: string,
    nowMs: number,
  ): Promise<{ alert: StoredAlert; event: ApplyEvent }> {
    const problems = checkFinding(finding, policyVersion);
    if (problems.length > 0) throw new ValidationError(problems);
    const field = this.openField(finding.rule, finding.clusterId);
    for (let attempt = 0; attempt < casAttempts; attempt++) {
      const openId = await this.redis.hget(this.keys.openAlerts(), field);
      if (openId !== null) {
        const loaded = await this.load(openId);
        if (loaded === undefined) throw new AppError('INTERNAL', `open alert ${openId} has no record`);
        const current = loaded.alert;
        if (finding.lastSeenMs < current.lastSeenMs) return { alert: current, event: 'unchanged' };
        const next = this.merge(current, finding, policyVersion, current.state);
        if (content(next) === content(current)) return { alert: current, event: 'unchanged' };
        const stored = await this.cas(loaded.rev, field, openId, '*', current, next, undefined);
        if (stored !== undefined) return { alert: stored, event: 'updated' };
        continue;
      }
      const alertId = alertIdFor(finding.rule, finding.clusterId, finding.firstSeenMs);
      const earlier = await this.load(alertId);
      if (earlier !== undefined) {
        // The same episode after it was resolved: old evidence changes nothing, newer reopens it.
        if (finding.lastSeenMs <= earlier.alert.lastSeenMs)
          return { alert: earlier.alert, event: 'unchanged' };
        const next = this.merge(earlier.alert, finding, policyVersion, 'open');
        const entry = {
          action: 'reopened',
          who: detectorActor,
          note: 'the condition holds again',
          atMs: nowMs,
        } as const;
        const stored = await this.cas(earlier.rev, field, '', alertId, earlier.alert, next, entry);
        if (stored !== undefined) return { alert: stored, event: 'opened' };
        continue;
      }
      const created: StoredAlert = this.merge(
        {
          alertId,
          rule: finding.rule,
          clusterId: finding.clusterId,
          severity: finding.severity,
          score: finding.score,
          tenantIds: [],
          anchorTenantId: '',
          state: 'open',
          firstSeenMs: finding.firstSeenMs,
          lastSeenMs: finding.lastSeenMs,
          policyVersion,
          informational: finding.informational,
          evidence: {},
          updatedAtMs: 0,
        },
        finding,
        policyVersion,
        'open',
      );
      const entry = { action: 'opened', who: detectorActor, note: '', atMs: nowMs } as const;
      const stored = await this.cas('', field, '', alertId, undefined, created, entry);
      if (stored !== undefined) return { alert: stored, event: 'opened' };
    }
    throw new AppError(
      'ABORTED',
      `alert of ${finding.rule} on cluster ${finding.clusterId}: too many concurrent writers`,
    );
  }

  /**
   * Which (rule, cluster) pairs have a live alert, in one read: the sweep asks for thousands of
   * clusters at once and calls conditionCleared only where there is something to resolve.
   */
  async hasLiveAlert(pairs: readonly { rule: string; clusterId: string }[]): Promise<boolean[]> {
    if (pairs.length === 0) return [];
    const ids = await this.redis.hmget(
      this.keys.openAlerts(),
      ...pairs.map((p) => this.openField(p.rule, p.clusterId)),
    );
    return ids.map((id) => id !== null && id !== '');
  }

  /**
   * The rule no longer fires on the cluster: resolves its live alert when the condition last held
   * (the alert's last_seen) at least `resolveAfterMs` before `nowMs` (event time).
   */
  async conditionCleared(
    rule: AlertRule,
    clusterId: string,
    nowMs: number,
    resolveAfterMs: number,
  ): Promise<{ alert: StoredAlert | undefined; event: 'resolved' | 'unchanged' | 'none' }> {
    const field = this.openField(rule, clusterId);
    for (let attempt = 0; attempt < casAttempts; attempt++) {
      const openId = await this.redis.hget(this.keys.openAlerts(), field);
      if (openId === null) return { alert: undefined, event: 'none' };
      const loaded = await this.load(openId);
      if (loaded === undefined) throw new AppError('INTERNAL', `open alert ${openId} has no record`);
      const current = loaded.alert;
      if (nowMs - current.lastSeenMs < resolveAfterMs) return { alert: current, event: 'unchanged' };
      const next: StoredAlert = { ...current, state: 'resolved', updatedAtMs: this.clock.nowMs() };
      const note = `the condition has not held since ${new Date(current.lastSeenMs).toISOString()} (resolve period ${resolveAfterMs} ms)`;
      const entry = { action: 'resolved', who: detectorActor, note, atMs: nowMs } as const;
      const stored = await this.cas(loaded.rev, field, openId, '', current, next, entry);
      if (stored !== undefined) return { alert: stored, event: 'resolved' };
    }
    throw new AppError('ABORTED', `alert of ${rule} on cluster ${clusterId}: too many concurrent writers`);
  }

  /** An analyst has seen it: state `acknowledged`; new evidence still updates it. */
  ack(alertId: string, who: string, note: string, nowMs: number): Promise<StoredAlert> {
    return this.transition(alertId, 'acknowledged', who, note, nowMs);
  }

  /** An analyst silences it: state `suppressed`; new evidence still updates it. */
  suppress(alertId: string, who: string, note: string, nowMs: number): Promise<StoredAlert> {
    return this.transition(alertId, 'suppressed', who, note, nowMs);
  }

  /** An analyst closes it; newer evidence of the same rule and cluster opens (or reopens) one. */
  resolve(alertId: string, who: string, note: string, nowMs: number): Promise<StoredAlert> {
    return this.transition(alertId, 'resolved', who, note, nowMs);
  }

  async get(alertId: string): Promise<StoredAlert | undefined> {
    return (await this.load(alertId))?.alert;
  }

  /** Lifecycle entries, oldest first. */
  async history(alertId: string): Promise<AlertHistoryEntry[]> {
    const raw = await this.redis.lrange(this.keys.alertHistory(alertId), 0, -1);
    return raw.map((r) => JSON.parse(r) as AlertHistoryEntry);
  }

  /**
   * Alerts newest last_seen first (ties by id, descending), filtered by state and rule, at most
   * `limit`. Walks the by-seen index in pages until the limit is met: alerts are few.
   */
  /**
   * Every alert that is not resolved (open, acknowledged, suppressed), through the open index: one
   * HVALS and one pipelined read of the alerts, however many resolved alerts the store keeps.
   */
  async liveAlerts(): Promise<StoredAlert[]> {
    const ids = (await this.redis.hvals(this.keys.openAlerts())).filter((id) => id !== '');
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.keys.alert(id), 'alert');
    const out: StoredAlert[] = [];
    for (const [err, json] of (await pipeline.exec()) ?? []) {
      if (err !== null) throw err;
      if (typeof json !== 'string') continue;
      const alert = JSON.parse(json) as StoredAlert;
      if (alert.state !== 'resolved') out.push(alert);
    }
    return out;
  }

  async list(query: AlertQuery = {}): Promise<StoredAlert[]> {
    const problems = checkAlertQuery(query);
    if (problems.length > 0) throw new ValidationError(problems);
    const limit = query.limit === undefined || query.limit === 0 ? defaultAlertListLimit : query.limit;
    const state = query.state ?? '';
    const rule = query.rule ?? '';
    const page = 200;
    const out: StoredAlert[] = [];
    for (let start = 0; out.length < limit; start += page) {
      const ids = await this.redis.zrevrange(this.keys.alertsBySeen(), start, start + page - 1);
      if (ids.length === 0) break;
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hget(this.keys.alert(id), 'alert');
      const results = (await pipeline.exec()) ?? [];
      for (const [err, json] of results) {
        if (err !== null) throw err;
        if (typeof json !== 'string') continue;
        const alert = JSON.parse(json) as StoredAlert;
        if ((state === '' || alert.state === state) && (rule === '' || alert.rule === rule)) out.push(alert);
        if (out.length >= limit) break;
      }
      if (ids.length < page) break;
    }
    return out;
  }

  private async transition(
    alertId: string,
    state: 'acknowledged' | 'suppressed' | 'resolved',
    who: string,
    note: string,
    nowMs: number,
  ): Promise<StoredAlert> {
    const problems: Problem[] = [];
    if (who.trim() === '') problems.push({ field: 'who', reason: 'expected a name, got ""' });
    if (note.length > maxNoteChars) {
      problems.push({
        field: 'note',
        reason: `expected at most ${maxNoteChars} characters, got ${note.length}`,
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    for (let attempt = 0; attempt < casAttempts; attempt++) {
      const loaded = await this.load(alertId);
      if (loaded === undefined) throw new NotFoundError(`alert ${quote(alertId)} not found`);
      const current = loaded.alert;
      if (current.state === 'resolved') {
        throw new ValidationError([
          { field: 'state', reason: `alert ${alertId} is resolved; only a live alert can be ${state}` },
        ]);
      }
      const field = this.openField(current.rule, current.clusterId);
      const next: StoredAlert = { ...current, state, updatedAtMs: this.clock.nowMs() };
      const entry = { action: state, who, note, atMs: nowMs };
      const newOpen = state === 'resolved' ? '' : '*';
      const stored = await this.cas(loaded.rev, field, alertId, newOpen, current, next, entry);
      if (stored !== undefined) return stored;
    }
    throw new AppError('ABORTED', `alert ${alertId}: too many concurrent writers`);
  }

  private merge(
    current: StoredAlert,
    f: AlertFinding,
    policyVersion: string,
    state: AlertState,
  ): StoredAlert {
    return {
      ...current,
      state,
      severity: f.informational ? 'info' : f.severity,
      score: f.score,
      tenantIds: [...f.tenantIds].sort(),
      anchorTenantId: f.anchorTenantId,
      lastSeenMs: Math.max(current.lastSeenMs, f.lastSeenMs),
      policyVersion,
      informational: f.informational,
      evidence: f.evidence,
      updatedAtMs: this.clock.nowMs(),
    };
  }

  private openField(rule: string, clusterId: string): string {
    return `${rule}${fieldSeparator}${clusterId}`;
  }

  private async load(alertId: string): Promise<Loaded | undefined> {
    const [rev, json] = await this.redis.hmget(this.keys.alert(alertId), 'rev', 'alert');
    if (rev === null || rev === undefined || json === null || json === undefined) return undefined;
    return { rev, alert: JSON.parse(json) as StoredAlert };
  }

  private async cas(
    expectedRev: string,
    field: string,
    expectedOpen: string,
    newOpen: string,
    prev: StoredAlert | undefined,
    next: StoredAlert,
    entry: AlertHistoryEntry | undefined,
  ): Promise<StoredAlert | undefined> {
    const { type, alert } = outboxEventFor(prev, next);
    const applied = await this.redis.eval(
      casScript,
      5,
      this.keys.alert(alert.alertId),
      this.keys.alertHistory(alert.alertId),
      this.keys.openAlerts(),
      this.keys.alertsBySeen(),
      this.keys.alertOutbox(),
      expectedRev,
      field,
      expectedOpen,
      newOpen,
      JSON.stringify(alert),
      String(alert.lastSeenMs),
      entry === undefined ? '' : JSON.stringify(entry),
      alert.alertId,
      type ?? '',
      String(alert.updatedAtMs),
    );
    return applied === 1 ? alert : undefined;
  }
}
