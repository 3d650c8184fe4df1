/**
 * The default sizes of what an agent sends (ids, labels, free text): the one owner of these
 * numbers. The collector enforces them (configurable there, collector/ingest/segment-validation.ts);
 * the agent checks its own allocations against the same defaults before sending
 * (agent/sources/allocation-checks.ts), so nothing it produces is refused for a reason it could
 * have seen.
 */
export const wireLimitDefaults = Object.freeze({
  /** Characters of an id (tenant, allocation, agent, spool, GPU uuid). */
  maxIdChars: 256,
  /** Labels per segment. */
  maxLabels: 64,
  /** Characters of a label key. */
  maxLabelKeyChars: 128,
  /** Characters of a label value. */
  maxLabelValueChars: 1024,
  /** Characters of short free text (source, workload_fingerprint, names, versions). */
  maxTextChars: 512,
});
