/**
 * Forwards gpuwatch alerts to a Prometheus Alertmanager (docs/design.md §7, last paragraph), the way
 * Prometheus itself does: every round (`--alertmanager-resend-interval`, default 1 min) it POSTs
 * every alert that fires (open or acknowledged, not informational, not severity info) with
 * endsAt = now + 4 intervals, so the alerts of a detector that stops expire on their own within
 * a few minutes; and it sends each alert that stopped firing (resolved or suppressed) with endsAt
 * = the time it stopped (wall clock), so Alertmanager resolves it at once.
 *
 * Stopped alerts are sent in every round while they stopped less than 4 intervals ago — not just
 * once — so a failed round, a restarted detector or another replica still delivers the
 * resolution: Alertmanager treats a repeated alert as the same alert (same labels), so repeats
 * are harmless. For the same reason several detector replicas may each run a forwarder with no
 * lock or leader: they send the same alerts with the same labels, and Alertmanager merges them.
 *
 * An alert whose label set changed (its severity moved) is a new Alertmanager alert; the old
 * label set is sent as resolved, as is an alert that stopped firing in another way (it became
 * informational). That relies on what this process sent last; after a restart such a leftover
 * simply expires at its endsAt.
 *
 * Failures (Redis unreadable, Alertmanager down, refused or slow) are logged and counted and the
 * round is retried at the next interval; the forwarder never throws into the detector.
 */
import { readFile } from 'node:fs/promises';
import type { RedisClient } from '../../common/redis.js';
import type { Registry } from 'prom-client';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import type { Clock } from '../../common/clock.js';
import type { ConfigOf } from '../../common/config.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { RedisKeys } from '../../common/redis-keys.js';
import { RedisAlertScanner, type AlertScanner } from './alert-scanner.js';
import {
  endedSince,
  firesInAlertmanager,
  toPostableAlert,
  type PostableAlert,
} from './alertmanager-alert.js';
import { AlertmanagerPostError, alertsEndpoint, postAlerts } from './alertmanager-client.js';
import { AlertmanagerMetrics } from './alertmanager-metrics.js';
import {
  alertmanagerDefaults,
  maxAlertsPerPost,
  parseExternalLabels,
  type alertmanagerOptionSpecs,
} from './alertmanager-options.js';

/** How many resend intervals ahead a firing alert's endsAt lies (Prometheus uses 4 too). */
export const endsAtIntervals = 4;

export interface AlertmanagerForwarderOptions {
  /** Base URL; `/api/v2/alerts` is appended. */
  readonly url: string;
  readonly alerts: AlertScanner;
  readonly metrics: AlertmanagerMetrics;
  readonly logger: Logger;
  /** Wall clock: Alertmanager's startsAt/endsAt are wall-clock times. */
  readonly clock: Clock;
  /** Period of the rounds, ms. Default alertmanagerDefaults.resendIntervalMs (60 000). */
  readonly resendIntervalMs?: number;
  /** Time limit of one POST, ms. Default alertmanagerDefaults.timeoutMs (10 000). */
  readonly timeoutMs?: number;
  /** Alerts per POST, 1..500. Default alertmanagerDefaults.batchSize (500). */
  readonly batchSize?: number;
  /** File read each round for a bearer token (so a rotated token is picked up); none by default. */
  readonly bearerTokenFile?: string | undefined;
  /** Labels added to every alert (validated by the option spec). Default none. */
  readonly externalLabels?: Readonly<Record<string, string>>;
}

/** What one round did. */
export interface RoundResult {
  readonly ok: boolean;
  /** Alerts in accepted POSTs, by state. */
  readonly firing: number;
  readonly resolved: number;
  /** POSTs made (accepted or not). */
  readonly posts: number;
}

/** A label set sent as resolved because this process saw it stop; re-sent until `untilMs`. */
interface StaleEnd {
  readonly alert: PostableAlert;
  readonly untilMs: number;
}

const none = Object.freeze({ posts: 0, firing: 0, resolved: 0 });

function labelKey(a: PostableAlert): string {
  return JSON.stringify(Object.entries(a.labels).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

export class AlertmanagerForwarder {
  private readonly endpoint: string;
  private readonly alerts: AlertScanner;
  private readonly metrics: AlertmanagerMetrics;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly bearerTokenFile: string | undefined;
  private readonly externalLabels: Readonly<Record<string, string>>;

  /** Alert id → what the last round sent for it as firing. */
  private sentFiring = new Map<string, PostableAlert>();
  /** Label key → label sets this process saw stop that the store no longer describes. */
  private readonly staleEnds = new Map<string, StaleEnd>();
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<RoundResult> | undefined;
  private readonly stopping = new AbortController();
  /** The last round failed: the next success says so in the log. */
  private failing = false;

  constructor(options: AlertmanagerForwarderOptions) {
    this.endpoint = alertsEndpoint(options.url);
    this.alerts = options.alerts;
    this.metrics = options.metrics;
    this.logger = options.logger;
    this.clock = options.clock;
    this.intervalMs = options.resendIntervalMs ?? alertmanagerDefaults.resendIntervalMs;
    this.timeoutMs = options.timeoutMs ?? alertmanagerDefaults.timeoutMs;
    this.batchSize = Math.min(
      Math.max(1, options.batchSize ?? alertmanagerDefaults.batchSize),
      maxAlertsPerPost,
    );
    this.bearerTokenFile = options.bearerTokenFile;
    this.externalLabels = options.externalLabels ?? {};
  }

  /** The endpoint alerts go to (no credentials: the URL may not carry any). */
  get url(): string {
    return this.endpoint;
  }

  /** Runs a round now and then one every interval after the previous ends, until close(). */
  start(): void {
    if (this.timer !== undefined || this.stopping.signal.aborted) return;
    const tick = (): void => {
      this.current = this.sendOnce();
      void this.current.finally(() => {
        this.current = undefined;
        if (!this.stopping.signal.aborted) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the rounds; a POST in flight is aborted. Resolves when the round in progress has ended. */
  async close(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** One round: read the alerts, POST them in batches. Never throws. */
  async sendOnce(): Promise<RoundResult> {
    try {
      return await this.round();
    } catch (err: unknown) {
      // Only a bug gets here (the round catches what it expects); the detector must go on.
      this.metrics.rounds.inc({ result: 'error' });
      this.logger.error('alertmanager round failed', { error: errorMessage(err) });
      return { ok: false, ...none };
    }
  }

  private async round(): Promise<RoundResult> {
    const nowMs = this.clock.nowMs();
    const leadMs = endsAtIntervals * this.intervalMs;
    const sinceMs = nowMs - leadMs;
    let scanned: StoredAlert[];
    try {
      const result = await this.alerts.scan((a) => firesInAlertmanager(a) || endedSince(a, sinceMs));
      scanned = result.alerts;
      if (result.unreadable > 0)
        this.logger.warn('alert records not readable: not forwarded', { count: result.unreadable });
    } catch (err: unknown) {
      return this.fail('alerts not read from redis: retried next round', err, none);
    }

    const firing = new Map<string, PostableAlert>();
    const ended = new Map<string, PostableAlert>();
    for (const a of scanned) {
      if (firesInAlertmanager(a)) {
        firing.set(a.alertId, toPostableAlert(a, { nowMs, endsAtMs: nowMs + leadMs }, this.externalLabels));
      } else {
        // The wall-clock time it stopped, never later than now (a stopped alert must read as ended).
        const endsAtMs = Math.min(a.updatedAtMs, nowMs);
        ended.set(a.alertId, toPostableAlert(a, { nowMs, endsAtMs }, this.externalLabels));
      }
    }
    // Label sets this process sent as firing that the store no longer fires under those labels.
    for (const [id, previous] of this.sentFiring) {
      const now = firing.get(id);
      if (now !== undefined && labelKey(now) === labelKey(previous)) continue;
      if (now === undefined && ended.has(id)) continue;
      this.staleEnds.set(labelKey(previous), {
        alert: { ...previous, endsAt: new Date(nowMs).toISOString() },
        untilMs: nowMs + leadMs,
      });
    }
    for (const [key, stale] of this.staleEnds) if (stale.untilMs < nowMs) this.staleEnds.delete(key);
    this.sentFiring = firing;

    const resolved = [...ended.values(), ...[...this.staleEnds.values()].map((s) => s.alert)];
    const batch: { alert: PostableAlert; firing: boolean }[] = [
      ...[...firing.values()].map((alert) => ({ alert, firing: true })),
      ...resolved.map((alert) => ({ alert, firing: false })),
    ];
    if (batch.length === 0) return this.succeed(nowMs, 0, 0, 0);

    let bearerToken: string | undefined;
    if (this.bearerTokenFile !== undefined) {
      try {
        bearerToken = (await readFile(this.bearerTokenFile, 'utf8')).trim();
      } catch (err: unknown) {
        return this.fail(
          `bearer token file ${this.bearerTokenFile} not readable: retried next round`,
          err,
          none,
        );
      }
    }
    let sentFiring = 0;
    let sentResolved = 0;
    let posts = 0;
    for (let i = 0; i < batch.length; i += this.batchSize) {
      if (this.stopping.signal.aborted) break;
      const chunk = batch.slice(i, i + this.batchSize);
      posts++;
      try {
        await postAlerts(
          this.endpoint,
          chunk.map((c) => c.alert),
          { timeoutMs: this.timeoutMs, bearerToken, signal: this.stopping.signal },
        );
      } catch (err: unknown) {
        this.metrics.posts.inc({ result: 'error' });
        this.countSent(sentFiring, sentResolved);
        // The rest waits for the next round: an Alertmanager that is down would otherwise cost a
        // timeout per batch.
        const done = { posts, firing: sentFiring, resolved: sentResolved };
        return this.fail('alerts not accepted by alertmanager: retried next round', err, done, {
          status: err instanceof AlertmanagerPostError ? err.status : undefined,
          alertsInPost: chunk.length,
        });
      }
      this.metrics.posts.inc({ result: 'ok' });
      for (const c of chunk) {
        if (c.firing) sentFiring++;
        else sentResolved++;
      }
    }
    this.countSent(sentFiring, sentResolved);
    return this.succeed(nowMs, sentFiring, sentResolved, posts);
  }

  private countSent(firing: number, resolved: number): void {
    this.metrics.alertsSent.inc({ state: 'firing' }, firing);
    this.metrics.alertsSent.inc({ state: 'resolved' }, resolved);
  }

  private succeed(nowMs: number, firing: number, resolved: number, posts: number): RoundResult {
    this.metrics.rounds.inc({ result: 'ok' });
    this.metrics.lastSuccess.set(nowMs / 1000);
    if (this.failing) this.logger.info('alertmanager forwarding recovered', { url: this.endpoint });
    this.failing = false;
    this.logger.debug('alertmanager round', { firing, resolved, posts });
    return { ok: true, firing, resolved, posts };
  }

  private fail(
    msg: string,
    err: unknown,
    done: { posts: number; firing: number; resolved: number },
    fields: Record<string, unknown> = {},
  ): RoundResult {
    this.metrics.rounds.inc({ result: 'error' });
    // Once a minute at most (one failed round per interval): worth a line each time.
    this.logger.warn(msg, { url: this.endpoint, error: errorMessage(err), ...fields });
    this.failing = true;
    return { ok: false, ...done };
  }
}

/** What the detector's composition root hands over. */
export interface AlertmanagerForwardingDeps {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly clock: Clock;
}

/**
 * Starts forwarding when `--alertmanager-url` is set (metrics registered only then, so a detector
 * without Alertmanager reports no forwarding series); undefined otherwise.
 */
export function startAlertmanagerForwarding(
  config: ConfigOf<typeof alertmanagerOptionSpecs>,
  deps: AlertmanagerForwardingDeps,
): AlertmanagerForwarder | undefined {
  if (config.alertmanagerUrl === undefined) return undefined;
  const forwarder = new AlertmanagerForwarder({
    url: config.alertmanagerUrl,
    alerts: new RedisAlertScanner({ redis: deps.redis, keys: deps.keys }),
    metrics: new AlertmanagerMetrics(deps.registry),
    logger: deps.logger.child({ part: 'alertmanager' }),
    clock: deps.clock,
    resendIntervalMs: config.alertmanagerResendInterval,
    timeoutMs: config.alertmanagerTimeout,
    bearerTokenFile: config.alertmanagerBearerTokenFile,
    externalLabels: parseExternalLabels(config.alertmanagerExternalLabels).labels,
  });
  forwarder.start();
  deps.logger.info('forwarding alerts to alertmanager', {
    url: forwarder.url,
    resendIntervalMs: config.alertmanagerResendInterval,
  });
  return forwarder;
}
