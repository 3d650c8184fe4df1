/**
 * The one place that builds Redis keys (docs/design.md §5). Everything carries the `gpuwatch:` prefix
 * (configurable for tests). Keys of one tenant share the hash tag `{t:<tenant>}` so a Redis
 * Cluster keeps them in one slot and a script can update them atomically; keys of one agent
 * share `{a:<agent>}`. Ids are validated at the edge to hold no braces or control characters,
 * so a tag cannot be broken by a hostile id.
 */
export class RedisKeys {
  /** @param prefix key prefix, default "gpuwatch"; tests use a random one */
  constructor(readonly prefix = 'gpuwatch') {}

  private t(tenantId: string): string {
    return `${this.prefix}:{t:${tenantId}}`;
  }
  private a(agentId: string): string {
    return `${this.prefix}:{a:${agentId}}`;
  }

  // --- per tenant (one slot) ---
  /** Hash `<agent>\x1f<allocation>` → end ms of the last stored segment: the dedup watermark. */
  watermarks(tenantId: string): string {
    return `${this.t(tenantId)}:wm`;
  }
  /** Stream of raw segments (audit log), trimmed by age or drained by `gpuwatch archive`. */
  audit(tenantId: string): string {
    return `${this.t(tenantId)}:audit`;
  }
  /** Hash `<chip model>|<HH>` → GPU-milliseconds, one key per UTC day ("YYYY-MM-DD"). */
  hourly(tenantId: string, day: string): string {
    return `${this.t(tenantId)}:hourly:${day}`;
  }
  /** Hash `<chip model>|<DD>` → GPU-milliseconds, one key per UTC month ("YYYY-MM"). */
  daily(tenantId: string, month: string): string {
    return `${this.t(tenantId)}:daily:${month}`;
  }
  /** Hash `<agent>\x1f<allocation>` → JSON of the allocation's latest segment (current state). */
  allocations(tenantId: string): string {
    return `${this.t(tenantId)}:alloc`;
  }
  /** Hash of the tenant profile; linkage attributes as keyed digests. */
  profile(tenantId: string): string {
    return `${this.t(tenantId)}:profile`;
  }
  /**
   * Hash workload fingerprint (as the agent sent it, trimmed) → end ms of the last stored segment
   * that ran it, to the hour: the images this tenant ran, for linkage (see
   * common/tenants/workload-fingerprints.ts).
   */
  workloads(tenantId: string): string {
    return `${this.t(tenantId)}:workloads`;
  }
  /**
   * Hash agent id → end (Unix ms, hour granularity) of the tenant's latest stored segment on that
   * node: which nodes a tenant's allocations landed on (succession's same-node evidence).
   */
  tenantNodes(tenantId: string): string {
    return `${this.t(tenantId)}:nodes`;
  }
  /**
   * String of 12-byte digests of the segments stored in the replay window whose start lies in the
   * UTC hour starting at `hourStartMs`, appended as they are stored (collector/storage/segment-replay.ts).
   */
  segmentDigests(tenantId: string, hourStartMs: number): string {
    return `${this.t(tenantId)}:seen:${hourStartMs}`;
  }
  /** Hash `<day>` → 1 for the days this tenant has usage, to bound range scans. */
  usageDays(tenantId: string): string {
    return `${this.t(tenantId)}:days`;
  }

  // --- per agent (one slot) ---
  /** Hash `<spool_id>` → highest batch seq fully stored: the whole-batch duplicate fast path. */
  batchSeq(agentId: string): string {
    return `${this.a(agentId)}:seq`;
  }
  /** Hash of the agent's last hello: cluster, site, version, inventory JSON, time. */
  node(agentId: string): string {
    return `${this.a(agentId)}:node`;
  }
  /** Hash GPU uuid → JSON {tenant, allocation, end}: which allocation holds which GPU now. */
  nodeGpus(agentId: string): string {
    return `${this.a(agentId)}:gpus`;
  }

  // --- global indexes ---
  /** Set of every tenant id with usage or a profile: what the periodic sweep walks. */
  tenants(): string {
    return `${this.prefix}:tenants`;
  }
  /** Set of every agent id that has said hello. */
  agents(): string {
    return `${this.prefix}:agents`;
  }
  /**
   * String: the fleet's event-time watermark, the latest segment end (Unix ms) any collector has
   * stored (docs/design.md §2 "globally"); written with a max-only script (common/usage/fleet-watermark.ts).
   */
  fleetWatermark(): string {
    return `${this.prefix}:{fleet}:watermark`;
  }
  /**
   * Set of tenant ids holding a linkage attribute value (kind + digest): the identity index. Kind
   * `workload_fingerprint` is keyed by workloadFingerprintDigest() and written by the usage store.
   */
  identity(kind: string, digest: string): string {
    return `${this.prefix}:{i:${kind}:${digest}}:tenants`;
  }
  /**
   * Hash of the active screening list: `version`, `imported_at_ms`, `source`, `count`, `entries`
   * (JSON). With `staging`, the key a new list is written to before RENAME replaces the active
   * one atomically (same hash tag, so the RENAME works in a Redis Cluster).
   */
  screeningList(staging?: string): string {
    return `${this.prefix}:{screening}:${staging === undefined ? 'active' : `staging:${staging}`}`;
  }

  // --- alerts (one slot: see common/alerts/alert-store.ts) ---
  private al(): string {
    return `${this.prefix}:{alerts}`;
  }
  /** Hash of one alert: `rev` (revision counter) and `alert` (the stored alert as JSON). */
  alert(alertId: string): string {
    return `${this.al()}:al:${alertId}`;
  }
  /** List of one alert's history entries (JSON: action, who, note, at), oldest first. */
  alertHistory(alertId: string): string {
    return `${this.al()}:history:${alertId}`;
  }
  /** Hash `<rule>\x1f<cluster id>` → alert id of the one alert of that pair that is not resolved. */
  openAlerts(): string {
    return `${this.al()}:open`;
  }
  /**
   * Hash `<rule>\x1f<cluster id>` → id of the latest alert of that pair, resolved or not: the
   * ledger a later episode reopens (docs/design.md §7).
   */
  alertsByPair(): string {
    return `${this.al()}:by-pair`;
  }
  /** Sorted set alert id → last_seen (event time, Unix ms): every alert, for listing newest first. */
  alertsBySeen(): string {
    return `${this.al()}:by-seen`;
  }

  /**
   * Stream of alert lifecycle events worth telling (the webhook outbox): appended by the alert
   * store in the same script as the change, read by the detector's delivery dispatcher through a
   * consumer group. Entry fields: `id` (`<alertId>:<rev>`), `type`, `alert` (JSON), `at` (ms).
   */
  alertOutbox(): string {
    return `${this.al()}:outbox`;
  }

  // --- webhook delivery (one slot `{webhooks}`: see detector/delivery/dead-letter-store.ts) ---
  private wh(): string {
    return `${this.prefix}:{webhooks}`;
  }
  /** Hash delivery id → dead letter JSON (payload, endpoint, attempts, last status/error). */
  webhookDeadLetters(): string {
    return `${this.wh()}:dead`;
  }
  /** Sorted set delivery id → dead-lettered at (wall ms): newest kept, oldest trimmed. */
  webhookDeadLetterIndex(): string {
    return `${this.wh()}:dead-by-time`;
  }
  /** Hash endpoint name → JSON {atMs, reason}: endpoints disabled by a 410 Gone. */
  webhookDisabledEndpoints(): string {
    return `${this.wh()}:disabled`;
  }

  // --- queues ---
  /** BullMQ prefix; queue names carry their own hash tag (see queueName). */
  get queuePrefix(): string {
    return `${this.prefix}:q`;
  }
}

/** Queue names with a hash tag each, so BullMQ's keys of one queue share a slot in a Cluster. */
export const queueNames = Object.freeze({
  evaluate: '{evaluate}',
  deliver: '{deliver}',
});

/** Separator inside hash field names; ids may not contain control characters. */
export const fieldSeparator = '\x1f';
