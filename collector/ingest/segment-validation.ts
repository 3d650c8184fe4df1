/**
 * Validation of what agents send (docs/design.md §3): the batch envelope (whose failure ends the stream),
 * each segment (a bad one is rejected alone) and the hello. Pure functions of the input, the
 * limits and the collector's clock reading.
 */
import { quote, type Problem } from '../../common/errors.js';
import type { IHello, IUsageSegment } from '../../common/proto.js';
import type { ValidSegment } from '../storage/usage-store.js';
import {
  checkId,
  checkNonNegativeInt,
  checkOptionalId,
  checkText,
  type Rejection,
} from '../../common/field-checks.js';
import { formatDurationMs } from '../../common/config-schema.js';
import { wireLimitDefaults } from '../../common/wire-limits.js';

/** Limits on agent input. The first five are configurable (`gpuwatch collector --help`). */
export interface ValidationLimits {
  /** Longest segment, ms. Default 1 h. */
  readonly maxSegmentMs: number;
  /** How far a segment's end may lie past the collector's clock, ms. Default 5 min. */
  readonly maxClockSkewMs: number;
  /** Oldest accepted segment start, ms before now. Default 400 days. */
  readonly maxSegmentAgeMs: number;
  /** Segments per batch. Default 10 000. */
  readonly maxSegmentsPerBatch: number;
  /** Encoded size of one batch message, bytes. Default 4 MiB. */
  readonly maxBatchBytes: number;
  /** Characters of an id (tenant, allocation, agent, spool, GPU uuid). Default 256. */
  readonly maxIdChars: number;
  /** GPUs named by one segment. Default 256 (a node of 32 GPUs split into 7 MIG slices each). */
  readonly maxGpusPerSegment: number;
  /** Labels per segment. Default 64. */
  readonly maxLabels: number;
  /** Characters of a label key. Default 128. */
  readonly maxLabelKeyChars: number;
  /** Characters of a label value. Default 1024. */
  readonly maxLabelValueChars: number;
  /** Characters of short free text (source, workload_fingerprint, names, versions). Default 512. */
  readonly maxTextChars: number;
  /** GPUs in one hello's inventory. Default 4096. */
  readonly maxGpusPerHello: number;
}

export const defaultValidationLimits: ValidationLimits = Object.freeze({
  maxSegmentMs: 3_600_000,
  maxClockSkewMs: 300_000,
  maxSegmentAgeMs: 400 * 86_400_000,
  maxSegmentsPerBatch: 10_000,
  maxBatchBytes: 4 * 1024 * 1024,
  maxIdChars: wireLimitDefaults.maxIdChars,
  maxGpusPerSegment: 256,
  maxLabels: wireLimitDefaults.maxLabels,
  maxLabelKeyChars: wireLimitDefaults.maxLabelKeyChars,
  maxLabelValueChars: wireLimitDefaults.maxLabelValueChars,
  maxTextChars: wireLimitDefaults.maxTextChars,
  maxGpusPerHello: 4096,
});

/**
 * The envelope of a batch: its size on the wire and its segment count. A breach ends the stream
 * (INVALID_ARGUMENT); returns the message, naming the size and the limit, or undefined.
 */
export function checkBatchEnvelope(
  wireBytes: number,
  segmentCount: number,
  limits: ValidationLimits,
): string | undefined {
  if (wireBytes > limits.maxBatchBytes) {
    return `batch of ${wireBytes} bytes exceeds the limit of ${limits.maxBatchBytes} bytes (--max-batch-bytes); send smaller batches`;
  }
  if (segmentCount > limits.maxSegmentsPerBatch) {
    return `batch of ${segmentCount} segments exceeds the limit of ${limits.maxSegmentsPerBatch} segments (--max-batch-segments); send smaller batches`;
  }
  return undefined;
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? 'out of range' : d.toISOString();
}

/** The first problem of one segment, as a Rejection, or the segment in its validated form. */
export function validateSegment(
  segment: IUsageSegment,
  index: number,
  limits: ValidationLimits,
  nowMs: number,
  encoded?: Buffer,
): ValidSegment | Rejection {
  const reject = (field: string, reason: string): Rejection => ({ index, field, reason });

  const tenantId = segment.tenant_id ?? '';
  const tenantProblem = checkId(tenantId, limits.maxIdChars);
  if (tenantProblem !== undefined) return reject('tenant_id', tenantProblem);

  const allocationId = segment.allocation_id ?? '';
  const allocationProblem = checkId(allocationId, limits.maxIdChars);
  if (allocationProblem !== undefined) return reject('allocation_id', allocationProblem);

  const gpuUuids = segment.gpu_uuids ?? [];
  if (gpuUuids.length === 0) return reject('gpu_uuids', 'expected at least one GPU uuid, got none');
  if (gpuUuids.length > limits.maxGpusPerSegment) {
    return reject(
      'gpu_uuids',
      `expected at most ${limits.maxGpusPerSegment} GPU uuids, got ${gpuUuids.length}`,
    );
  }
  // Lists are short (one node's GPUs): a scan beats building a Set per segment; long ones get a Set.
  const seen = gpuUuids.length > 16 ? new Set<string>() : undefined;
  for (let i = 0; i < gpuUuids.length; i++) {
    const uuid = gpuUuids[i] ?? '';
    const problem = checkId(uuid, limits.maxIdChars);
    if (problem !== undefined) return reject(`gpu_uuids[${i}]`, problem);
    if (seen !== undefined ? seen.has(uuid) : gpuUuids.indexOf(uuid) < i) {
      return reject(`gpu_uuids[${i}]`, `expected each GPU once, got ${quote(uuid)} again`);
    }
    seen?.add(uuid);
  }

  const gpuShares = segment.gpu_shares ?? [];
  if (gpuShares.length !== 0 && gpuShares.length !== gpuUuids.length) {
    return reject(
      'gpu_shares',
      `expected none (every GPU whole) or one per gpu_uuids entry (${gpuUuids.length}), got ${gpuShares.length}`,
    );
  }
  for (let i = 0; i < gpuShares.length; i++) {
    const share = gpuShares[i] ?? Number.NaN;
    if (!Number.isFinite(share) || share <= 0 || share > 1) {
      return reject(`gpu_shares[${i}]`, `expected a share in (0, 1], got ${share}`);
    }
  }

  const startMs = segment.start_unix_ms ?? 0;
  const endMs = segment.end_unix_ms ?? 0;
  if (!Number.isSafeInteger(startMs) || startMs <= 0) {
    return reject('start_unix_ms', `expected Unix milliseconds > 0, got ${quote(startMs)}`);
  }
  if (!Number.isSafeInteger(endMs) || endMs <= 0) {
    return reject('end_unix_ms', `expected Unix milliseconds > 0, got ${quote(endMs)}`);
  }
  if (endMs <= startMs) {
    return reject('end_unix_ms', `expected after start_unix_ms ${startMs}, got ${endMs}`);
  }
  if (endMs - startMs > limits.maxSegmentMs) {
    return reject(
      'end_unix_ms',
      `expected a segment of at most ${formatDurationMs(limits.maxSegmentMs)} (--max-segment-length), got ${formatDurationMs(endMs - startMs)}`,
    );
  }
  const latestEndMs = nowMs + limits.maxClockSkewMs;
  if (endMs > latestEndMs) {
    return reject(
      'end_unix_ms',
      `expected at most ${formatDurationMs(limits.maxClockSkewMs)} past the collector's clock (${iso(latestEndMs)}, --max-clock-skew), got ${endMs} (${iso(endMs)})`,
    );
  }
  const earliestStartMs = nowMs - limits.maxSegmentAgeMs;
  if (startMs < earliestStartMs) {
    return reject(
      'start_unix_ms',
      `expected at most ${formatDurationMs(limits.maxSegmentAgeMs)} old (from ${iso(earliestStartMs)}, --max-segment-age), got ${startMs} (${iso(startMs)})`,
    );
  }

  let gpuUtilization: number | undefined;
  if (segment.gpu_utilization !== null && segment.gpu_utilization !== undefined) {
    const u = segment.gpu_utilization;
    if (!Number.isFinite(u) || u < 0 || u > 1) return reject('gpu_utilization', `expected 0..1, got ${u}`);
    gpuUtilization = u;
  }

  let memoryUsedBytes: number | undefined;
  if (segment.memory_used_bytes !== null && segment.memory_used_bytes !== undefined) {
    const problem = checkNonNegativeInt(segment.memory_used_bytes);
    if (problem !== undefined) return reject('memory_used_bytes', problem);
    memoryUsedBytes = segment.memory_used_bytes;
  }

  const source = segment.source ?? '';
  const sourceProblem = checkText(source, limits.maxTextChars);
  if (sourceProblem !== undefined) return reject('source', sourceProblem);

  const workloadFingerprint = segment.workload_fingerprint ?? '';
  const fingerprintProblem = checkText(workloadFingerprint, limits.maxTextChars);
  if (fingerprintProblem !== undefined) return reject('workload_fingerprint', fingerprintProblem);

  const labels = segment.labels ?? {};
  const labelEntries = Object.entries(labels);
  if (labelEntries.length > limits.maxLabels) {
    return reject('labels', `expected at most ${limits.maxLabels} labels, got ${labelEntries.length}`);
  }
  for (const [key, value] of labelEntries) {
    const keyProblem =
      key === '' ? 'expected a non-empty key, got ""' : checkText(key, limits.maxLabelKeyChars);
    if (keyProblem !== undefined) return reject('labels', `key ${quote(key)}: ${keyProblem}`);
    const valueProblem = checkText(value, limits.maxLabelValueChars);
    if (valueProblem !== undefined) return reject('labels', `value of ${quote(key)}: ${valueProblem}`);
  }

  return {
    index,
    tenantId,
    allocationId,
    // The decoded message is ours alone: its arrays and maps are kept, not copied.
    gpuUuids,
    ...(gpuShares.length > 0 ? { gpuShares } : {}),
    startMs,
    endMs,
    gpuUtilization,
    memoryUsedBytes,
    source,
    workloadFingerprint,
    labels,
    ...(encoded !== undefined ? { encoded } : {}),
  };
}

export interface ValidatedSegments {
  /** Segments that passed, in batch order, each with its index. */
  readonly valid: readonly ValidSegment[];
  /** One entry per refused segment: its first problem. */
  readonly rejected: readonly Rejection[];
}

/** Splits a batch's segments into the valid ones and a rejection per bad one. */
export function validateSegments(
  segments: readonly IUsageSegment[],
  limits: ValidationLimits,
  nowMs: number,
  /** The segments' bytes as received (SizedAgentMessage.segmentFrames), kept for the audit log. */
  frames?: readonly Buffer[],
): ValidatedSegments {
  const valid: ValidSegment[] = [];
  const rejected: Rejection[] = [];
  for (const [index, segment] of segments.entries()) {
    const result = validateSegment(segment, index, limits, nowMs, frames?.[index]);
    if ('reason' in result) rejected.push(result);
    else valid.push(result);
  }
  return { valid, rejected };
}

/** Every problem of a hello (an invalid hello ends the stream with INVALID_ARGUMENT). */
export function validateHello(hello: IHello, limits: ValidationLimits): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.push({ field: `hello.${field}`, reason: problem });
  };
  add('agent_id', checkId(hello.agent_id ?? '', limits.maxIdChars));
  add('spool_id', checkId(hello.spool_id ?? '', limits.maxIdChars));
  add('cluster', checkText(hello.cluster ?? '', limits.maxTextChars));
  add('site', checkText(hello.site ?? '', limits.maxTextChars));
  add('agent_version', checkText(hello.agent_version ?? '', limits.maxTextChars));
  const gpus = hello.gpus ?? [];
  if (gpus.length > limits.maxGpusPerHello) {
    add('gpus', `expected at most ${limits.maxGpusPerHello} GPUs, got ${gpus.length}`);
    return problems;
  }
  const uuids = new Set<string>();
  for (const [i, gpu] of gpus.entries()) {
    const uuid = gpu.uuid ?? '';
    const uuidProblem = checkId(uuid, limits.maxIdChars);
    add(`gpus[${i}].uuid`, uuidProblem);
    if (uuidProblem === undefined && uuids.has(uuid)) {
      add(`gpus[${i}].uuid`, `expected each GPU once, got ${quote(uuid)} again`);
    }
    uuids.add(uuid);
    add(`gpus[${i}].name`, checkText(gpu.name ?? '', limits.maxTextChars));
    add(`gpus[${i}].pci_device_id`, checkText(gpu.pci_device_id ?? '', 32));
    add(`gpus[${i}].parent_uuid`, checkOptionalId(gpu.parent_uuid ?? '', limits.maxIdChars));
    add(`gpus[${i}].mig_profile`, checkText(gpu.mig_profile ?? '', 64));
    add(`gpus[${i}].serial`, checkText(gpu.serial ?? '', limits.maxTextChars));
    add(`gpus[${i}].memory_total_bytes`, checkNonNegativeInt(gpu.memory_total_bytes ?? 0));
  }
  return problems;
}
