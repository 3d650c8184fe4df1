/**
 * The collector's Prometheus metrics (docs/design.md §10). Labels are bounded sets only: no tenant,
 * agent, GPU or allocation ids.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { controlClasses, type ControlClass } from '../common/chips/chips.js';
import { collectProcessMetrics } from '../common/process-metrics.js';

/** How a batch ended. */
export const batchResults = Object.freeze([
  'stored',
  'duplicate',
  'invalid',
  'storage_error',
  'abandoned',
] as const);
export type BatchResult = (typeof batchResults)[number];

/** How a stream ended. */
export const streamResults = Object.freeze([
  'ok',
  'cancelled',
  'invalid',
  'unauthenticated',
  'permission_denied',
  'superseded',
  'storage_unavailable',
  'shutdown',
  'resource_exhausted',
  'error',
] as const);
export type StreamResult = (typeof streamResults)[number];

/**
 * The segment fields validation rejects on (collector/ingest/segment-validation.ts), exported at 0 from
 * the start so a rejection rate has a series to compute on before the first rejection.
 */
export const rejectionReasons = Object.freeze([
  'tenant_id',
  'allocation_id',
  'gpu_uuids',
  'gpu_shares',
  'start_unix_ms',
  'end_unix_ms',
  'gpu_utilization',
  'memory_used_bytes',
  'source',
  'workload_fingerprint',
  'labels',
  // A segment in a batch whose seq is not above the spool's stored seq (field batch.seq).
  'batch',
] as const);

/** A bounded label for a rejection: the field without list positions (`gpu_uuids[2]` → `gpu_uuids`). */
export function rejectionReasonLabel(field: string): string {
  return field.replace(/\[[^\]]*\]/g, '').replace(/\..*$/, '');
}

/**
 * Every series is created at 0 for each value of its bounded label set, so dashboards and alert
 * rules see a flat line (not "no data") until the first event.
 */
export class CollectorMetrics {
  readonly segmentsReceived: Counter;
  readonly segmentsStored: Counter;
  readonly segmentsDuplicate: Counter;
  readonly segmentsRejected: Counter<'reason'>;
  readonly batches: Counter<'result'>;
  readonly ackLatency: Histogram;
  readonly agentsConnected: Gauge;
  readonly gpuSeconds: Counter<'control_class'>;
  readonly streams: Counter<'result'>;

  private redisUpSource: (() => boolean) | undefined;

  /**
   * @param registry where the metrics live (one per process; tests pass a fresh one)
   * @param options.processMetrics also collect prom-client's default process metrics; default true
   */
  constructor(registry: Registry, options: { processMetrics?: boolean } = {}) {
    const registers = [registry];
    if (options.processMetrics ?? true) collectProcessMetrics(registry);
    this.segmentsReceived = new Counter({
      name: 'gpuwatch_collector_segments_received_total',
      help: 'Segments received in batches, before validation.',
      registers,
    });
    this.segmentsStored = new Counter({
      name: 'gpuwatch_collector_segments_stored_total',
      help: 'Segments newly stored (each segment counts once, however often it arrives).',
      registers,
    });
    this.segmentsDuplicate = new Counter({
      name: 'gpuwatch_collector_segments_duplicate_total',
      help: 'Segments that were already stored (replays after a reconnect or crash).',
      registers,
    });
    this.segmentsRejected = new Counter({
      name: 'gpuwatch_collector_segments_rejected_total',
      help: 'Segments refused by validation, by the field at fault.',
      labelNames: ['reason'],
      registers,
    });
    this.batches = new Counter({
      name: 'gpuwatch_collector_batches_total',
      help: 'Batches processed, by result.',
      labelNames: ['result'],
      registers,
    });
    this.ackLatency = new Histogram({
      name: 'gpuwatch_collector_ack_latency_seconds',
      help: 'Time from receiving a batch to sending its ack (validation, durable store, enqueue).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.agentsConnected = new Gauge({
      name: 'gpuwatch_collector_agents_connected',
      help: 'Agents with an open stream that said hello.',
      registers,
    });
    this.gpuSeconds = new Counter({
      name: 'gpuwatch_collector_gpu_seconds_total',
      help: 'GPU-seconds newly stored, by export-control class.',
      labelNames: ['control_class'],
      registers,
    });
    this.streams = new Counter({
      name: 'gpuwatch_collector_streams_total',
      help: 'Report streams ended, by result.',
      labelNames: ['result'],
      registers,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect with the gauge as `this`
    const self = this;
    new Gauge({
      name: 'gpuwatch_collector_redis_up',
      help: '1 while the connection to Redis is ready, 0 while it is not (batches are not acked then).',
      registers,
      collect(this: Gauge) {
        if (self.redisUpSource !== undefined) this.set(self.redisUpSource() ? 1 : 0);
      },
    });
    for (const reason of rejectionReasons) this.segmentsRejected.inc({ reason }, 0);
    for (const result of batchResults) this.batches.inc({ result }, 0);
    for (const result of streamResults) this.streams.inc({ result }, 0);
    for (const controlClass of controlClasses) this.gpuSeconds.inc({ control_class: controlClass }, 0);
  }

  /** Where `gpuwatch_collector_redis_up` reads the connection state at scrape time. */
  watchRedis(up: () => boolean): void {
    this.redisUpSource = up;
  }

  addGpuSeconds(byClass: Readonly<Partial<Record<ControlClass, number>>>): void {
    for (const [controlClass, seconds] of Object.entries(byClass)) {
      if (seconds !== undefined && seconds > 0) this.gpuSeconds.inc({ control_class: controlClass }, seconds);
    }
  }
}
