/**
 * The agent's Prometheus metrics (docs/design.md §10): `gpuwatch_agent_<what>_<unit>`, counters end in
 * `_total`, labels are small fixed sets — never a tenant, GPU UUID, pod or allocation.
 *
 * One AgentMetrics per registry: the spool, the transport and the collection cycle each ask
 * for it with `AgentMetrics.forRegistry(registry)` and share the same instruments.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the spool gauges read at scrape time. */
export interface SpoolGaugeSource {
  stats(): { readonly bytes: number; readonly depthBatches: number; readonly depthSegments: number };
  /** The spool's bound, for `gpuwatch_agent_spool_max_bytes` (how close to dropping data it is). */
  readonly config?: { readonly maxBytes: number };
}

/**
 * Why GPU time could not be attributed to a tenant:
 * - `source_unavailable`: a tenant source (or the inventory) could not be read, and the
 *   allocations it held did not provably run through the outage (they were gone, or restarted,
 *   when it answered again, or the outage outlasted `--max-gap-fill`);
 * - `invalid_id`: the allocation's tenant or allocation id breaks the collector's rules;
 * - `no_tenant`: the workload's owner maps to no tenant (a Slurm job without an account, a pod
 *   whose namespace the mapping does not match);
 * - `unknown_gpu`: the source named a GPU that the node's inventory does not list.
 */
export type UnattributedReason = 'source_unavailable' | 'invalid_id' | 'no_tenant' | 'unknown_gpu';

/** Every UnattributedReason, so each label shows from the first scrape. */
export const unattributedReasons: readonly UnattributedReason[] = Object.freeze([
  'source_unavailable',
  'invalid_id',
  'no_tenant',
  'unknown_gpu',
]);

/** Why a write to the spool failed; `other` covers every errno not listed. */
export type SpoolWriteErrorReason = 'enospc' | 'edquot' | 'efbig' | 'eio' | 'erofs' | 'other';

const byRegistry = new WeakMap<Registry, AgentMetrics>();

export class AgentMetrics {
  /** The AgentMetrics of `registry`, created on first use. */
  static forRegistry(registry: Registry): AgentMetrics {
    let metrics = byRegistry.get(registry);
    if (metrics === undefined) {
      metrics = new AgentMetrics(registry);
      byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  /** Segments the collection cycle closed, counted by the runner once spooled and the state saved. */
  readonly segmentsProduced: Counter;
  /** Failures of one inventory or tenancy source in a collection cycle; `source` e.g. `kubernetes`, `nvidia-smi`. */
  readonly collectionErrors: Counter<'source'>;
  /** Segments removed from the spool before the collector acknowledged them (spool or disk full). */
  readonly droppedSegments: Counter;
  /** Spool records found unreadable (torn by a crash, or corrupt) and skipped. */
  readonly spoolTornRecords: Counter;
  /** Failed writes to the spool, by errno class. */
  readonly spoolWriteErrors: Counter<'reason'>;
  /** Stream failures, by gRPC status name or a transport reason (`stream_ended`, `bad_ack`, …). */
  readonly sendErrors: Counter<'reason'>;
  readonly batchesSent: Counter;
  readonly segmentsSent: Counter;
  readonly batchesAcked: Counter;
  /** Segments the collector refused (Ack.rejected); they are never resent. */
  readonly rejectedSegments: Counter;
  /** 1 while a stream to the collector is open and its hello was sent. */
  readonly connected: Gauge;
  /**
   * Collection cycles by result: `ok`, `failed` (collected nothing durable: the spool or the
   * state refused a write), `skipped` (the interval came while the previous cycle still ran).
   */
  readonly cycles: Counter<'result'>;
  /** Wall time of a collection cycle: collect, spool, commit. */
  readonly cycleDuration: Histogram;
  /** GPU-seconds held on this node that no segment attributes, by reason (UnattributedReason). */
  readonly unattributedGpuSeconds: Counter<'reason'>;
  /** 1 while a tenant source (or `inventory`) cannot be read, by source. */
  readonly sourceDown: Gauge<'source'>;

  private spoolSource: SpoolGaugeSource | undefined;
  private lastAckAgeSource: (() => number) | undefined;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.segmentsProduced = new Counter({
      name: 'gpuwatch_agent_segments_produced_total',
      help: 'Usage segments closed by the agent and written to its spool.',
      registers,
    });
    this.collectionErrors = new Counter({
      name: 'gpuwatch_agent_collection_errors_total',
      help: 'Failed reads of an inventory or tenancy source, by source.',
      labelNames: ['source'],
      registers,
    });
    this.droppedSegments = new Counter({
      name: 'gpuwatch_agent_dropped_segments_total',
      help: 'Segments dropped from the spool before they were acknowledged (spool or disk full): lost unless they were already delivered.',
      registers,
    });
    this.spoolTornRecords = new Counter({
      name: 'gpuwatch_agent_spool_torn_records_total',
      help: 'Spool records found torn or corrupt and skipped.',
      registers,
    });
    this.spoolWriteErrors = new Counter({
      name: 'gpuwatch_agent_spool_write_errors_total',
      help: 'Failed spool writes, by errno class.',
      labelNames: ['reason'],
      registers,
    });
    this.sendErrors = new Counter({
      name: 'gpuwatch_agent_send_errors_total',
      help: 'Streams to the collector that failed, by gRPC status or transport reason.',
      labelNames: ['reason'],
      registers,
    });
    this.batchesSent = new Counter({
      name: 'gpuwatch_agent_batches_sent_total',
      help: 'Batches written to the collector stream (resends included).',
      registers,
    });
    this.segmentsSent = new Counter({
      name: 'gpuwatch_agent_segments_sent_total',
      help: 'Segments written to the collector stream (resends included).',
      registers,
    });
    this.batchesAcked = new Counter({
      name: 'gpuwatch_agent_batches_acked_total',
      help: 'Batches the collector acknowledged as durable.',
      registers,
    });
    this.rejectedSegments = new Counter({
      name: 'gpuwatch_agent_rejected_segments_total',
      help: 'Segments the collector refused as invalid; they are not resent.',
      registers,
    });
    this.connected = new Gauge({
      name: 'gpuwatch_agent_connected',
      help: '1 while a stream to the collector is open.',
      registers,
    });
    this.cycles = new Counter({
      name: 'gpuwatch_agent_cycles_total',
      help: 'Collection cycles, by result: ok, failed (nothing made durable), skipped (previous cycle still running).',
      labelNames: ['result'],
      registers,
    });
    for (const result of ['ok', 'failed', 'skipped']) this.cycles.inc({ result }, 0);
    this.cycleDuration = new Histogram({
      name: 'gpuwatch_agent_cycle_duration_seconds',
      help: 'Wall time of one collection cycle (inventory, sources, spool append, state commit).',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
      registers,
    });
    this.unattributedGpuSeconds = new Counter({
      name: 'gpuwatch_agent_unattributed_gpu_seconds_total',
      help: 'GPU-seconds held on this node that no segment attributes to a tenant, by reason: source_unavailable, invalid_id, no_tenant, unknown_gpu.',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of unattributedReasons) this.unattributedGpuSeconds.inc({ reason }, 0);
    this.sourceDown = new Gauge({
      name: 'gpuwatch_agent_source_down',
      help: '1 while a tenant source (or the GPU inventory, source="inventory") cannot be read.',
      labelNames: ['source'],
      registers,
    });
    // Gauges read their source at scrape time; `self` because prom-client calls collect with the gauge as this.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: 'gpuwatch_agent_spool_bytes',
      help: 'Bytes of spool files on disk.',
      registers,
      collect(this: Gauge) {
        if (self.spoolSource !== undefined) this.set(self.spoolSource.stats().bytes);
      },
    });
    new Gauge({
      name: 'gpuwatch_agent_spool_max_bytes',
      help: 'The spool bound (--spool-max-bytes): past it the oldest unacknowledged data is dropped.',
      registers,
      collect(this: Gauge) {
        const maxBytes = self.spoolSource?.config?.maxBytes;
        if (maxBytes !== undefined) this.set(maxBytes);
      },
    });
    new Gauge({
      name: 'gpuwatch_agent_spool_depth_batches',
      help: 'Batches in the spool not yet acknowledged.',
      registers,
      collect(this: Gauge) {
        if (self.spoolSource !== undefined) this.set(self.spoolSource.stats().depthBatches);
      },
    });
    new Gauge({
      name: 'gpuwatch_agent_spool_depth_segments',
      help: 'Segments in the spool not yet acknowledged.',
      registers,
      collect(this: Gauge) {
        if (self.spoolSource !== undefined) this.set(self.spoolSource.stats().depthSegments);
      },
    });
    new Gauge({
      name: 'gpuwatch_agent_last_ack_age_seconds',
      help: 'Seconds since the collector last acknowledged a batch (since the transport started, before the first ack).',
      registers,
      collect(this: Gauge) {
        if (self.lastAckAgeSource !== undefined) this.set(self.lastAckAgeSource());
      },
    });
  }

  /** The spool whose size and depth the gauges report. */
  watchSpool(source: SpoolGaugeSource): void {
    this.spoolSource = source;
  }

  /** Where the last-ack-age gauge reads its value (seconds). */
  watchLastAckAge(ageSeconds: () => number): void {
    this.lastAckAgeSource = ageSeconds;
  }
}

/** Bounded label for an errno code. */
export function spoolWriteErrorReason(err: unknown): SpoolWriteErrorReason {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'enospc';
    case 'EDQUOT':
      return 'edquot';
    case 'EFBIG':
      return 'efbig';
    case 'EIO':
      return 'eio';
    case 'EROFS':
      return 'erofs';
    default:
      return 'other';
  }
}
