/** The detector's Prometheus metrics (DESIGN §10). */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

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

  /** Depth readers per queue name, read at scrape time; `addQueue` adds one (the deliver queue). */
  private readonly queueDepths = new Map<string, () => Promise<number>>();

  /** @param queueDepth jobs waiting to run in the evaluate queue, read at scrape time */
  constructor(registry: Registry, queueDepth: () => Promise<number>) {
    this.queueDepths.set('evaluate', queueDepth);
    const depths = this.queueDepths;
    const registers = [registry];
    this.evaluations = new Counter({
      name: 'gpuwatch_detector_evaluations_total',
      help: 'Cluster evaluations, by result.',
      labelNames: ['result'],
      registers,
    });
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
        for (const [queue, depth] of depths) this.set({ queue }, await depth());
      },
    });
  }

  /** Reports the depth of another queue (bounded: the detector's own queues) as `queue_depth{queue}`. */
  addQueue(queue: string, depth: () => Promise<number>): void {
    this.queueDepths.set(queue, depth);
  }
}
