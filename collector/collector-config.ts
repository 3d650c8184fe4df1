/**
 * The settings the collector's servers run with (CollectorConfig) and their defaults, stated
 * once: `gpuwatch collector` takes its flags' defaults from here (collector/main.ts), and the
 * services take theirs when built alone (tests).
 */
import { defaultValidationLimits, type ValidationLimits } from './ingest/segment-validation.js';

/** The resolved settings the servers run with (main.ts builds them from the command line). */
export interface CollectorConfig {
  /** gRPC `host:port`; port 0 picks a free one. Default 127.0.0.1:4317. */
  readonly listen: string;
  /** HTTP `host:port` for /metrics, /healthz, /readyz; port 0 picks a free one. Default 127.0.0.1:9464. */
  readonly metricsListen: string;
  /** Default: defaultValidationLimits. */
  readonly limits: ValidationLimits;
  /** Time a new stream has to say hello, ms. Default 30 s. */
  readonly helloTimeoutMs: number;
  /** Longest wait for storage on one batch or request, ms. Default 10 s. */
  readonly storeTimeoutMs: number;
  /** Open Report streams at most. Default 100 000. */
  readonly maxStreams: number;
  /** How long shutdown waits for in-flight batches and calls before cutting them off, ms. Default 10 s. */
  readonly shutdownTimeoutMs: number;
  /**
   * A connection older than this (±10 % jitter, grpc-js) is told to go away (GOAWAY), so agents
   * reconnect through the load balancer and spread over the collectors there are now, ms.
   * Undefined or 0: never (connections live as long as they work); `gpuwatch collector` sets
   * collectorDefaults.maxConnectionAgeMs (30 min) unless told otherwise.
   */
  readonly maxConnectionAgeMs?: number | undefined;
  /** After GOAWAY, how long the connection's streams may go on before they are cut, ms. Default 30 000. */
  readonly maxConnectionAgeGraceMs?: number | undefined;
}

export const collectorDefaults = Object.freeze({
  listen: '127.0.0.1:4317',
  metricsListen: '127.0.0.1:9464',
  limits: defaultValidationLimits,
  helloTimeoutMs: 30_000,
  storeTimeoutMs: 10_000,
  maxStreams: 100_000,
  shutdownTimeoutMs: 10_000,
  maxConnectionAgeMs: 30 * 60_000,
  maxConnectionAgeGraceMs: 30_000,
}) satisfies Required<CollectorConfig>;
