/**
 * The detector's Prometheus metrics (docs/design.md §10): `gpuwatch_detector_<what>_<unit>`, counters end
 * in `_total`, labels are bounded sets (rule, severity, event, state, result, queue) — never a
 * tenant or alert id. Gauges that describe shared state (queue depths, live alerts, Redis) are
 * read at scrape time, so every replica reports the same truth without bookkeeping of its own.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { alertRules, alertSeverities } from '../common/alerts/alert-model.js';
import type { RedisAlertStore } from '../common/alerts/alert-store.js';
import { beforeDeadline, timedOut } from '../common/deadline.js';
import { collectProcessMetrics } from '../common/process-metrics.js';

/** The alert states that count as live (everything but resolved). */
export const liveAlertStates = Object.freeze(['open', 'acknowledged', 'suppressed'] as const);

/** Alert lifecycle events the evaluator reports. */
export const alertEvents = Object.freeze(['opened', 'updated', 'resolved'] as const);

/**
 * Longest a scrape waits for Redis, ms: a Redis that does not answer must not hang /metrics (the
 * redis_up gauge says why the other gauges kept their last value).
 */
const scrapeReadTimeoutMs = 2_000;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  const result = await beforeDeadline(promise, ms);
  if (result === timedOut) throw new Error(`no answer within ${ms} ms`);
  return result;
}

export interface DetectorMetricsOptions {
  /** Also collect prom-client's default process metrics. Default true (tests running many turn it off). */
  readonly processMetrics?: boolean;
}

export class DetectorMetrics {
  /** Evaluations by result: `ok` or `error`. */
  readonly evaluations: Counter<'result'>;
  readonly evaluationDuration: Histogram;
  /** Alert lifecycle events by rule, severity and event (opened, updated, resolved). */
  readonly alerts: Counter<'rule' | 'severity' | 'event'>;
  /** Wall-clock time from the enqueue of an evaluate job (a segment's ack, a sweep) to its alerts stored. */
  readonly enqueueToEvaluated: Histogram;
  /** Sweeps run (each enqueues every tenant). */
  readonly sweeps: Counter;
  /** Scrape-time reads (queue depths, live alerts) that failed or timed out, by gauge. */
  readonly scrapeErrors: Counter<'gauge'>;

  /** Depth readers per queue name, read at scrape time; `addQueue` adds one (the deliver queue). */
  private readonly queueDepths = new Map<string, () => Promise<number>>();
  private redisUpSource: (() => boolean) | undefined;
  private alertSource: Pick<RedisAlertStore, 'liveAlerts'> | undefined;

  /**
   * @param registry where the metrics live (one per process)
   * @param queueDepth jobs waiting to run in the evaluate queue, read at scrape time
   */
  constructor(registry: Registry, queueDepth: () => Promise<number>, options: DetectorMetricsOptions = {}) {
    if (options.processMetrics ?? true) collectProcessMetrics(registry);
    this.queueDepths.set('evaluate', queueDepth);
    const depths = this.queueDepths;
    const registers = [registry];
    this.evaluations = new Counter({
      name: 'gpuwatch_detector_evaluations_total',
      help: 'Cluster evaluations, by result.',
      labelNames: ['result'],
      registers,
    });
    for (const result of ['ok', 'error']) this.evaluations.inc({ result }, 0);
    this.evaluationDuration = new Histogram({
      name: 'gpuwatch_detector_evaluation_duration_seconds',
      help: 'Time to evaluate one tenant: linkage, reads, rules and alert writes.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.enqueueToEvaluated = new Histogram({
      name: 'gpuwatch_detector_enqueue_to_evaluated_seconds',
      help: 'Time from the enqueue of an evaluate job (the collector acks the batch first) to its alerts stored.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    this.alerts = new Counter({
      name: 'gpuwatch_detector_alerts_total',
      help: 'Alert lifecycle events written by the detector, by rule, severity and event.',
      labelNames: ['rule', 'severity', 'event'],
      registers,
    });
    // 7 rules × 5 severities × 3 events: bounded, and a rate has a series before the first alert.
    for (const rule of alertRules)
      for (const severity of alertSeverities)
        for (const event of alertEvents) this.alerts.inc({ rule, severity, event }, 0);
    this.sweeps = new Counter({
      name: 'gpuwatch_detector_sweeps_total',
      help: 'Periodic sweeps run (each enqueues an evaluation of every tenant).',
      registers,
    });
    new Gauge({
      name: 'gpuwatch_detector_queue_depth',
      help: "Jobs waiting to run, by queue (evaluate, deliver; a scheduler's next, delayed run not counted).",
      labelNames: ['queue'],
      registers,
      async collect() {
        for (const [queue, depth] of depths) {
          try {
            this.set({ queue }, await withTimeout(depth(), scrapeReadTimeoutMs));
          } catch {
            scrapeErrors.inc({ gauge: 'queue_depth' });
          }
        }
      },
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect with the gauge as `this`
    const self = this;
    new Gauge({
      name: 'gpuwatch_detector_redis_up',
      help: "1 while the detector's Redis connection is ready, 0 while it is not (no evaluations run then).",
      registers,
      collect(this: Gauge) {
        if (self.redisUpSource !== undefined) this.set(self.redisUpSource() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'gpuwatch_detector_live_alerts',
      help: 'Alerts not resolved, by rule, severity and state, read from the alert store at scrape time.',
      labelNames: ['rule', 'severity', 'state'],
      registers,
      async collect() {
        const store = self.alertSource;
        if (store === undefined) return;
        try {
          const counts = new Map<string, number>();
          for (const a of await withTimeout(store.liveAlerts(), scrapeReadTimeoutMs)) {
            const key = `${a.rule}\u0000${a.severity}\u0000${a.state}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          // Every known (rule, severity, state) is set, to 0 when none: a series that vanished
          // would read as "no data", not "no alerts".
          for (const rule of alertRules)
            for (const severity of alertSeverities)
              for (const state of liveAlertStates)
                this.set(
                  { rule, severity, state },
                  counts.get(`${rule}\u0000${severity}\u0000${state}`) ?? 0,
                );
        } catch {
          scrapeErrors.inc({ gauge: 'live_alerts' });
        }
      },
    });
    // prom-client collects every metric of a scrape at once, so a failed read in this scrape is
    // counted in the next one.
    const scrapeErrors = new Counter({
      name: 'gpuwatch_detector_scrape_read_errors_total',
      help: 'Reads from Redis at scrape time that failed or timed out, by gauge (the gauge keeps its last value).',
      labelNames: ['gauge'],
      registers,
    });
    this.scrapeErrors = scrapeErrors;
    for (const gauge of ['queue_depth', 'live_alerts']) scrapeErrors.inc({ gauge }, 0);
  }

  /** Reports the depth of another queue (bounded: the detector's own queues) as `queue_depth{queue}`. */
  addQueue(queue: string, depth: () => Promise<number>): void {
    this.queueDepths.set(queue, depth);
  }

  /** Where `gpuwatch_detector_redis_up` reads the connection state at scrape time. */
  watchRedis(up: () => boolean): void {
    this.redisUpSource = up;
  }

  /** The alert store `gpuwatch_detector_live_alerts` counts at scrape time (read only). */
  watchAlerts(store: Pick<RedisAlertStore, 'liveAlerts'>): void {
    this.alertSource = store;
  }
}
