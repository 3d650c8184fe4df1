/**
 * Alerts in Redis with the lifecycle of docs/design.md §7: one alert per (rule, cluster) that is not
 * resolved, updated in place by new evidence; resolved when the condition has not held for a
 * policy period (event time) or by an analyst; acknowledged or suppressed by an analyst, after
 * which it keeps taking new evidence but keeps its state. The detector writes (applyFinding,
 * conditionCleared), the collector's Query.ListAlerts and `gpuwatch alerts` read, and the CLI
 * acknowledges. The model is alert-model.ts, the events alert-events.ts, the wire form
 * alert-wire.ts.
 *
 * Storage (keys from RedisKeys, all under the one hash tag `{alerts}`):
 * - `…{alerts}:al:<id>` hash: `rev` (a counter) and `alert` (the StoredAlert as JSON);
 * - `…{alerts}:history:<id>` list of lifecycle entries (opened, reopened, acknowledged,
 *   suppressed, resolved: who, note, when), the latest 1000 kept;
 * - `…{alerts}:open` hash `<rule>\x1f<cluster>` → id of the pair's alert that is not resolved;
 * - `…{alerts}:by-pair` hash `<rule>\x1f<cluster>` → id of the pair's latest alert, resolved or not
 *   (the ledger a later episode reopens);
 * - `…{alerts}:by-seen` sorted set id → last_seen, for listing newest first.
 *
 * Cluster: every key shares one slot, so no operation spans slots and each write is one Lua
 * script that checks what it read (the alert's `rev` and the open-index entry) and applies all
 * its changes atomically, or changes nothing and the caller retries on fresh data. One slot is
 * enough: there is at most one live alert per rule and cluster of tenants, a few thousand keys.
 *
 * Outbox (webhooks, docs/design.md §7): every change worth telling (outboxEventFor in
 * alert-events.ts) appends one event to the stream `…{alerts}:outbox` in the same script as the
 * change, so no event is lost between the alert write and the delivery enqueue (the detector's
 * dispatcher reads the stream through a consumer group). Event id `<alertId>:<rev>`, stable for
 * ever.
 */
import type { RedisClient } from '../redis.js';
import type { Clock } from '../clock.js';
import { AppError, NotFoundError, ValidationError, quote, type Problem } from '../errors.js';
import { fieldSeparator, type RedisKeys } from '../redis-keys.js';
import { outboxEventFor } from './alert-events.js';
import {
  alertIdFor,
  checkAlertQuery,
  checkFinding,
  defaultAlertListLimit,
  detectorActor,
  maxNoteChars,
  maxAlertEpisodes,
  type AlertEpisode,
  type AlertFinding,
  type AlertHistoryEntry,
  type AlertQuery,
  type AlertRule,
  type AlertState,
  type StoredAlert,
} from './alert-model.js';

/** Outbox stream bound (approximate): a safety net only; the dispatcher trims what it has handed on. */
export const outboxMaxLen = 1_000_000;

export type ApplyEvent = 'opened' | 'updated' | 'unchanged';

/** A new alert before the finding is merged into it (members, anchor, evidence come from it). */
function blankAlert(
  alertId: string,
  finding: AlertFinding,
  policyVersion: string,
  firstSeenMs: number,
  lastSeenMs: number,
): StoredAlert {
  return {
    alertId,
    rule: finding.rule,
    clusterId: finding.clusterId,
    severity: finding.severity,
    score: finding.score,
    tenantIds: [],
    anchorTenantId: '',
    state: 'open',
    firstSeenMs,
    lastSeenMs,
    policyVersion,
    informational: finding.informational,
    evidence: {},
    updatedAtMs: 0,
  };
}

/** A rule's episodes on a cluster, as the detector derived them from the stored history. */
export interface EpisodeLedger {
  /** The latest hold: the alert's severity, score, members, anchor, flag and evidence. */
  readonly finding: AlertFinding;
  /** Oldest first, at least one. */
  readonly episodes: readonly AlertEpisode[];
  /**
   * Start of the history the episodes were derived from: stored episodes that end before it and
   * before the first derived episode (their usage has aged out of the store) are kept, every
   * other one is replaced.
   */
  readonly derivedFromMs: number;
}

/** Where a page of alerts ends: the last alert's last_seen and id (the by-seen order). */
export interface AlertCursor {
  readonly lastSeenMs: number;
  readonly alertId: string;
}

/** One page of a listing: its alerts, and where the next page starts (undefined: none). */
export interface AlertPage {
  readonly alerts: StoredAlert[];
  readonly next: AlertCursor | undefined;
}

/** The read side the collector needs. */
export interface AlertReader {
  list(query: AlertQuery): Promise<StoredAlert[]>;
  /**
   * Up to `query.limit` alerts after `after` in the listing order (last_seen descending, then
   * id descending), and the cursor of the next page when there are more.
   */
  listPage(query: AlertQuery, after?: AlertCursor): Promise<AlertPage>;
}

export interface RedisAlertStoreOptions {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Wall clock for `updatedAtMs`; the lifecycle itself runs on the event times passed in. */
  readonly clock: Clock;
}

const historyKept = 1000;
const casAttempts = 20;

/**
 * Compare-and-set of one alert: applies only when the alert's `rev` and the open-index entry are
 * still what the caller read. KEYS: alert, history, open index, by-seen, outbox, by-pair. ARGV: expected
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
redis.call('HSET', KEYS[6], ARGV[2], ARGV[8])
if ARGV[7] ~= '' then
  redis.call('RPUSH', KEYS[2], ARGV[7])
  redis.call('LTRIM', KEYS[2], -${historyKept}, -1)
end
return 1
`;

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

/** The alert's content without its bookkeeping, for "did anything change". */
function content(a: StoredAlert): string {
  const { updatedAtMs: _updated, announced: _announced, notifiedScore: _notified, ...rest } = a;
  return canonicalJson(rest);
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
        blankAlert(alertId, finding, policyVersion, finding.firstSeenMs, finding.lastSeenMs),
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
   * Makes the (rule, cluster) alert the ledger of `ledger.episodes` (docs/design.md §7):
   * first_seen is the first episode's start, last_seen the last one's end; live while `nowMs`
   * (event time) is less than `resolveAfterMs` past that end, resolved otherwise; a resolved alert
   * is reopened by an episode that ends after its last_seen. An analyst's acknowledgement or
   * suppression is kept while the alert is live. The pair's latest alert is found through the
   * by-pair index, so episodes found late (history imported, records replayed out of order) join
   * the alert they belong to instead of opening another. Idempotent: the same episodes twice
   * answer `unchanged`.
   */
  async applyEpisodes(
    ledger: EpisodeLedger,
    policyVersion: string,
    nowMs: number,
    resolveAfterMs: number,
  ): Promise<{ alert: StoredAlert; event: ApplyEvent | 'resolved' }> {
    const { finding } = ledger;
    const problems = checkFinding(finding, policyVersion);
    if (ledger.episodes.length === 0)
      problems.push({ field: 'episodes', reason: 'expected at least one episode, got none' });
    if (problems.length > 0) throw new ValidationError(problems);
    const field = this.openField(finding.rule, finding.clusterId);
    for (let attempt = 0; attempt < casAttempts; attempt++) {
      const [openId, pairId] = await Promise.all([
        this.redis.hget(this.keys.openAlerts(), field),
        this.redis.hget(this.keys.alertsByPair(), field),
      ]);
      const existingId = openId ?? pairId;
      const loaded = existingId === null ? undefined : await this.load(existingId);
      // Stored episodes older than both the history read and the first episode derived from it.
      const keptBefore = Math.min(ledger.derivedFromMs, ...ledger.episodes.map((e) => e.startMs));
      const kept = (loaded?.alert.episodes ?? []).filter((e) => e.endMs < keptBefore);
      const episodes = [...kept, ...ledger.episodes].slice(-maxAlertEpisodes);
      const firstSeenMs = Math.min(...episodes.map((e) => e.startMs));
      const lastSeenMs = Math.max(...episodes.map((e) => e.endMs));
      const live = nowMs - lastSeenMs < resolveAfterMs;
      const resolvedNote = `the condition has not held since ${new Date(lastSeenMs).toISOString()} (resolve period ${resolveAfterMs} ms)`;
      if (loaded === undefined) {
        const alertId = alertIdFor(finding.rule, finding.clusterId, firstSeenMs);
        const created: StoredAlert = {
          ...this.merge(
            blankAlert(alertId, finding, policyVersion, firstSeenMs, lastSeenMs),
            finding,
            policyVersion,
            live ? 'open' : 'resolved',
          ),
          firstSeenMs,
          lastSeenMs,
          episodes,
        };
        // An episode long over is recorded as resolved at once: it is history, not news.
        const entry = live
          ? ({ action: 'opened', who: detectorActor, note: '', atMs: nowMs } as const)
          : ({
              action: 'resolved',
              who: detectorActor,
              note: `recorded; ${resolvedNote}`,
              atMs: nowMs,
            } as const);
        const stored = await this.cas('', field, '', live ? alertId : '', undefined, created, entry);
        if (stored !== undefined) return { alert: stored, event: live ? 'opened' : 'unchanged' };
        continue;
      }
      const current = loaded.alert;
      let state: AlertState = current.state;
      let entry: AlertHistoryEntry | undefined;
      let event: ApplyEvent | 'resolved' = 'updated';
      if (current.state === 'resolved') {
        if (live && (current.resolvedByAnalyst !== true || lastSeenMs > current.lastSeenMs)) {
          state = 'open';
          entry = { action: 'reopened', who: detectorActor, note: 'the condition holds again', atMs: nowMs };
          event = 'opened';
        }
      } else if (!live) {
        state = 'resolved';
        entry = { action: 'resolved', who: detectorActor, note: resolvedNote, atMs: nowMs };
        event = 'resolved';
      }
      const { resolvedByAnalyst: _analyst, ...rest } = this.merge(current, finding, policyVersion, state);
      const next: StoredAlert = {
        ...rest,
        ...(state === 'resolved' && current.resolvedByAnalyst === true ? { resolvedByAnalyst: true } : {}),
        firstSeenMs,
        lastSeenMs,
        episodes,
      };
      if (content(next) === content(current)) return { alert: current, event: 'unchanged' };
      const newOpen = state === 'resolved' ? '' : current.alertId;
      const stored = await this.cas(loaded.rev, field, openId ?? '', newOpen, current, next, entry);
      if (stored !== undefined) return { alert: stored, event };
    }
    throw new AppError(
      'ABORTED',
      `alert of ${finding.rule} on cluster ${finding.clusterId}: too many concurrent writers`,
    );
  }

  /**
   * Which (rule, cluster) pairs have an alert, live or resolved (the by-pair index, and the open
   * index for alerts written before it), in two reads: the sweep asks for thousands of clusters
   * at once and calls withdrawEpisodes only where there is something to withdraw or resolve.
   */
  async hasAlert(pairs: readonly { rule: string; clusterId: string }[]): Promise<boolean[]> {
    if (pairs.length === 0) return [];
    const fields = pairs.map((p) => this.openField(p.rule, p.clusterId));
    const [byPair, open] = await Promise.all([
      this.redis.hmget(this.keys.alertsByPair(), ...fields),
      this.redis.hmget(this.keys.openAlerts(), ...fields),
    ]);
    return fields.map((_, i) => (byPair[i] ?? '') !== '' || (open[i] ?? '') !== '');
  }

  /**
   * The rule holds in none of the stored history of the cluster: episodes of the alert that end
   * at or after `derivedFromMs` (the history read) were derived from records that, complete, no
   * longer show them (records that arrived late or out of order changed the picture), so they
   * are withdrawn; an alert left with no episode is resolved with a note saying so. Episodes
   * older than the history read stay. A live alert whose episodes all stay is resolved as
   * conditionCleared would. Alerts written before episodes existed go to conditionCleared.
   */
  async withdrawEpisodes(
    rule: AlertRule,
    clusterId: string,
    derivedFromMs: number,
    nowMs: number,
    resolveAfterMs: number,
  ): Promise<{ alert: StoredAlert | undefined; event: 'resolved' | 'updated' | 'unchanged' | 'none' }> {
    const field = this.openField(rule, clusterId);
    for (let attempt = 0; attempt < casAttempts; attempt++) {
      const [openId, pairId] = await Promise.all([
        this.redis.hget(this.keys.openAlerts(), field),
        this.redis.hget(this.keys.alertsByPair(), field),
      ]);
      const id = openId ?? pairId;
      if (id === null) return { alert: undefined, event: 'none' };
      const loaded = await this.load(id);
      if (loaded === undefined) throw new AppError('INTERNAL', `alert ${id} has no record`);
      const current = loaded.alert;
      if (current.episodes === undefined) {
        if (openId === null) return { alert: current, event: 'unchanged' };
        return this.conditionCleared(rule, clusterId, nowMs, resolveAfterMs);
      }
      const kept = current.episodes.filter((e) => e.endMs < derivedFromMs);
      if (kept.length === current.episodes.length) {
        if (openId === null || current.state === 'resolved') return { alert: current, event: 'unchanged' };
        return this.conditionCleared(rule, clusterId, nowMs, resolveAfterMs);
      }
      const lastSeenMs = kept.length > 0 ? Math.max(...kept.map((e) => e.endMs)) : current.lastSeenMs;
      const firstSeenMs = kept.length > 0 ? Math.min(...kept.map((e) => e.startMs)) : current.firstSeenMs;
      const resolve = kept.length === 0 || nowMs - lastSeenMs >= resolveAfterMs;
      const state: AlertState = resolve ? 'resolved' : current.state;
      const next: StoredAlert = {
        ...current,
        episodes: kept,
        firstSeenMs,
        lastSeenMs,
        state,
        updatedAtMs: this.clock.nowMs(),
      };
      const note =
        kept.length === 0
          ? 'withdrawn: the records now stored show the condition at no time'
          : `${current.episodes.length - kept.length} episode(s) withdrawn: the records now stored do not show them`;
      const entry =
        current.state !== 'resolved' && state === 'resolved'
          ? ({ action: 'resolved', who: detectorActor, note, atMs: nowMs } as const)
          : undefined;
      const newOpen = state === 'resolved' ? '' : '*';
      const stored = await this.cas(loaded.rev, field, openId ?? '', newOpen, current, next, entry);
      if (stored !== undefined) return { alert: stored, event: entry !== undefined ? 'resolved' : 'updated' };
    }
    throw new AppError('ABORTED', `alert of ${rule} on cluster ${clusterId}: too many concurrent writers`);
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

  /**
   * Alerts newest last_seen first (ties by id, descending), filtered by state and rule, at most
   * `limit`. Walks the by-seen index in pages until the limit is met: alerts are few.
   */
  async list(query: AlertQuery = {}): Promise<StoredAlert[]> {
    return (await this.listPage(query)).alerts;
  }

  async listPage(query: AlertQuery = {}, after?: AlertCursor): Promise<AlertPage> {
    const problems = checkAlertQuery(query);
    if (problems.length > 0) throw new ValidationError(problems);
    const limit = query.limit === undefined || query.limit === 0 ? defaultAlertListLimit : query.limit;
    const state = query.state ?? '';
    const rule = query.rule ?? '';
    const page = 200;
    // One more than asked, to know whether a next page exists.
    const out: { alert: StoredAlert; lastSeenMs: number }[] = [];
    const max = after === undefined ? '+inf' : String(after.lastSeenMs);
    for (let offset = 0; out.length <= limit; offset += page) {
      const reply = await this.redis.zrevrangebyscore(
        this.keys.alertsBySeen(),
        max,
        '-inf',
        'WITHSCORES',
        'LIMIT',
        offset,
        page,
      );
      const entries: { id: string; score: number }[] = [];
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const id = reply[i] ?? '';
        const score = Number(reply[i + 1]);
        // Equal scores come in descending id order: those up to the cursor were on earlier pages.
        if (after !== undefined && score === after.lastSeenMs && id >= after.alertId) continue;
        entries.push({ id, score });
      }
      if (entries.length > 0) {
        const pipeline = this.redis.pipeline();
        for (const e of entries) pipeline.hget(this.keys.alert(e.id), 'alert');
        const results = (await pipeline.exec()) ?? [];
        results.forEach(([err, json], i) => {
          if (err !== null) throw err;
          if (typeof json !== 'string' || out.length > limit) return;
          const alert = JSON.parse(json) as StoredAlert;
          if ((state === '' || alert.state === state) && (rule === '' || alert.rule === rule)) {
            out.push({ alert, lastSeenMs: entries[i]?.score ?? 0 });
          }
        });
      }
      if (reply.length < 2 * page) break;
    }
    const more = out.length > limit;
    const alerts = out.slice(0, limit);
    const last = alerts.at(-1);
    return {
      alerts: alerts.map((a) => a.alert),
      next:
        more && last !== undefined ? { lastSeenMs: last.lastSeenMs, alertId: last.alert.alertId } : undefined,
    };
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
      const next: StoredAlert = {
        ...current,
        state,
        updatedAtMs: this.clock.nowMs(),
        ...(state === 'resolved' ? { resolvedByAnalyst: true } : {}),
      };
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
      6,
      this.keys.alert(alert.alertId),
      this.keys.alertHistory(alert.alertId),
      this.keys.openAlerts(),
      this.keys.alertsBySeen(),
      this.keys.alertOutbox(),
      this.keys.alertsByPair(),
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
