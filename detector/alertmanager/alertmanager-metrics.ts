/**
 * Metrics of the Alertmanager forwarder (docs/design.md §10). The names are a public interface: the
 * Prometheus rules in deploy/ are written against them. Labels are bounded sets only.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export class AlertmanagerMetrics {
  /** POSTs to `/api/v2/alerts` by result: `ok` (2xx) or `error` (refused, timed out, non-2xx). */
  readonly posts: Counter<'result'>;
  /** Alerts in POSTs Alertmanager accepted, by state: `firing` or `resolved` (endsAt in the past). */
  readonly alertsSent: Counter<'state'>;
  /** Forwarding rounds by result: `ok` (every POST accepted) or `error` (Redis unreadable or a POST failed). */
  readonly rounds: Counter<'result'>;
  /** Wall-clock time of the last round whose every POST was accepted, Unix seconds; 0 before the first. */
  readonly lastSuccess: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.posts = new Counter({
      name: 'gpuwatch_detector_alertmanager_posts_total',
      help: 'POSTs of alerts to Alertmanager /api/v2/alerts, by result (ok, error).',
      labelNames: ['result'],
      registers,
    });
    this.alertsSent = new Counter({
      name: 'gpuwatch_detector_alertmanager_alerts_sent_total',
      help: 'Alerts accepted by Alertmanager, by state (firing, resolved); firing alerts are re-sent every round.',
      labelNames: ['state'],
      registers,
    });
    this.rounds = new Counter({
      name: 'gpuwatch_detector_alertmanager_rounds_total',
      help: 'Alertmanager forwarding rounds, by result (ok, error); a failed round is retried at the next interval.',
      labelNames: ['result'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'gpuwatch_detector_alertmanager_last_success_timestamp_seconds',
      help: 'Wall-clock time of the last forwarding round Alertmanager fully accepted (0 before the first).',
      registers,
    });
    // Every series exists from the start, so rate() and absent() rules see zeros, not gaps.
    for (const result of ['ok', 'error']) {
      this.posts.inc({ result }, 0);
      this.rounds.inc({ result }, 0);
    }
    for (const state of ['firing', 'resolved']) this.alertsSent.inc({ state }, 0);
    this.lastSuccess.set(0);
  }
}
