/**
 * Webhook delivery metrics (docs/design.md §10), registered in the detector's registry. Labels are
 * bounded: `endpoint` is a configured endpoint name, `result` one of deliveryResults. Prometheus
 * alert rules in deploy/ are written against these names: keep them.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What became of one attempt or one delivery. */
export const deliveryResults = Object.freeze([
  'delivered',
  'retry',
  'permanent_failure',
  'dead_letter',
  'disabled',
] as const);
export type DeliveryResult = (typeof deliveryResults)[number];

export class DeliveryMetrics {
  /** Attempts by endpoint name and result (retry: failed, another attempt follows). */
  readonly deliveries: Counter<'endpoint' | 'result'>;
  /** Time of one HTTP attempt, seconds, whatever its outcome. */
  readonly duration: Histogram<'endpoint'>;

  /** @param deadLetters current dead letter count, read at scrape time */
  constructor(registry: Registry, deadLetters: () => Promise<number>) {
    const registers = [registry];
    this.deliveries = new Counter({
      name: 'gpuwatch_detector_webhook_deliveries_total',
      help: 'Webhook delivery attempts by endpoint name and result (delivered, retry, permanent_failure, dead_letter, disabled).',
      labelNames: ['endpoint', 'result'],
      registers,
    });
    this.duration = new Histogram({
      name: 'gpuwatch_detector_webhook_delivery_duration_seconds',
      help: 'Time of one webhook HTTP attempt, until the response status or the failure.',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    new Gauge({
      name: 'gpuwatch_detector_webhook_dead_letters',
      help: 'Webhook dead letters kept in Redis now (listed by `gpuwatch alerts deliveries --dead`).',
      registers,
      async collect() {
        this.set(await deadLetters());
      },
    });
  }
}
