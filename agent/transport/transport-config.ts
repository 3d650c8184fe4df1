/**
 * The transport's options and their resolution into the frozen TransportConfig: its defaults
 * (`transportDefaults`, which `gpuwatch agent`'s option specs show too), and the checks that
 * refuse options it cannot work with, every problem at once in one ConfigError.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { Clock } from '../../common/clock.js';
import { ConfigError, quote, type Problem } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { IGpu } from '../../common/proto.js';
import type { SpoolBatch } from '../spool/spool.js';

/** What the transport needs of the spool (agent/spool/spool.ts implements it). */
export interface TransportSpool {
  readonly spoolId: string;
  /** Unacked batches with seq ≥ fromSeq, in order; ends when caught up. */
  pending(fromSeq?: number): AsyncIterable<SpoolBatch>;
  /** Cumulative ack; must not reject. */
  ack(seq: number): Promise<void>;
}

export interface TransportTlsOptions {
  /** PEM file with the CA certificate(s) that signed the collector's certificate. Default: Node's root CAs. */
  caFile?: string;
  /** PEM client certificate for mTLS; needs keyFile. Default: no client certificate. */
  certFile?: string;
  /** PEM private key of certFile. */
  keyFile?: string;
  /** Name to verify in the collector's certificate when it differs from the target host. Default: the target host. */
  serverName?: string;
}

export interface TransportOptions {
  /** Collector address: `host:port`, or any grpc-js target such as `dns:///collector:4317`. */
  target: string;
  /** Hello.agent_id: the node's stable identity. */
  agentId: string;
  /** Hello.cluster. Default "". */
  cluster?: string;
  /** Hello.site. Default "". */
  site?: string;
  /** Hello.agent_version. */
  agentVersion: string;
  /**
   * The GPU inventory for each Hello; asked again on every connection. A failure, or no answer
   * within `inventoryTimeoutMs`, sends the last one instead (delivery never waits on a hung nvidia-smi).
   */
  inventory: () => readonly IGpu[] | Promise<readonly IGpu[]>;
  /** How long a connection waits for inventory(), ms. Default 10 000. */
  inventoryTimeoutMs?: number;
  spool: TransportSpool;
  /** TLS to the collector. Default: plaintext (loopback and development only). */
  tls?: TransportTlsOptions;
  /** File holding the bearer token (`authorization: Bearer …`), re-read on every connection. Default: none. */
  tokenFile?: string;
  /** Batches sent and not yet acked, at most. Default 32. */
  maxInFlightBatches?: number;
  /** Payload bytes sent and not yet acked, at most (one batch is always allowed). Default 8 MiB. */
  maxInFlightBytes?: number;
  /**
   * Consecutive spooled batches are sent as one message (after an outage the spool holds many
   * small ones, one per cycle) up to this many segments. Well under the collector's 10 000.
   * 1 turns merging off. Default 5 000.
   */
  maxMessageSegments?: number;
  /** …and up to this many payload bytes. Well under the collector's 4 MiB. Default 1 MiB. */
  maxMessageBytes?: number;
  /** Upper bound of the first reconnect delay, ms. Default 500. */
  backoffInitialMs?: number;
  /** Cap of the reconnect delay, ms. Default 30 000. */
  backoffMaxMs?: number;
  /** Cap of the reconnect delay after a refusal (INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED), ms. Default 300 000. */
  refusedBackoffMaxMs?: number;
  /** A stream that lasted this long resets the backoff, ms. Default 30 000. */
  healthyAfterMs?: number;
  /** With batches in flight and no ack for this long the stream is abandoned and reopened, ms. Default 120 000. */
  ackTimeoutMs?: number;
  /** HTTP/2 keepalive ping period, ms. Default 60 000. */
  keepaliveTimeMs?: number;
  /** A keepalive ping unanswered this long closes the connection, ms. Default 20 000. */
  keepaliveTimeoutMs?: number;
  /** Extra grpc-js channel options (they win over the ones above). */
  channelOptions?: grpc.ChannelOptions;
  /** Uniform [0, 1) source for the backoff jitter. Default Math.random. */
  random?: () => number;
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Registry for the agent metrics (AgentMetrics.forRegistry). Default: no metrics. */
  registry?: Registry;
}

/** The resolved, frozen limits and timings of a Transport. */
export interface TransportConfig {
  readonly cluster: string;
  readonly site: string;
  readonly maxInFlightBatches: number;
  readonly maxInFlightBytes: number;
  readonly maxMessageSegments: number;
  readonly maxMessageBytes: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  readonly refusedBackoffMaxMs: number;
  readonly healthyAfterMs: number;
  readonly ackTimeoutMs: number;
  readonly keepaliveTimeMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly inventoryTimeoutMs: number;
}

/** The defaults of TransportOptions (and of StopOptions.drainTimeoutMs). */
export const transportDefaults = Object.freeze({
  cluster: '',
  site: '',
  maxInFlightBatches: 32,
  /** 8 MiB. */
  maxInFlightBytes: 8 * 1024 * 1024,
  maxMessageSegments: 5000,
  /** 1 MiB. */
  maxMessageBytes: 1024 * 1024,
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
  refusedBackoffMaxMs: 300_000,
  healthyAfterMs: 30_000,
  ackTimeoutMs: 120_000,
  keepaliveTimeMs: 60_000,
  keepaliveTimeoutMs: 20_000,
  inventoryTimeoutMs: 10_000,
  drainTimeoutMs: 5000,
});

/** Fills in the defaults and checks the options; throws one ConfigError naming every problem. */
export function resolveTransportConfig(options: TransportOptions): TransportConfig {
  const problems: Problem[] = [];
  const d = transportDefaults;
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!(Number.isFinite(v) && v > 0))
      problems.push({ field: name, reason: `expected a number > 0, got ${quote(v)}` });
    return v;
  };
  const config: TransportConfig = Object.freeze({
    cluster: options.cluster ?? d.cluster,
    site: options.site ?? d.site,
    maxInFlightBatches: positive('maxInFlightBatches', options.maxInFlightBatches, d.maxInFlightBatches),
    maxInFlightBytes: positive('maxInFlightBytes', options.maxInFlightBytes, d.maxInFlightBytes),
    maxMessageSegments: positive('maxMessageSegments', options.maxMessageSegments, d.maxMessageSegments),
    maxMessageBytes: positive('maxMessageBytes', options.maxMessageBytes, d.maxMessageBytes),
    backoffInitialMs: options.backoffInitialMs ?? d.backoffInitialMs,
    backoffMaxMs: options.backoffMaxMs ?? d.backoffMaxMs,
    refusedBackoffMaxMs: positive('refusedBackoffMaxMs', options.refusedBackoffMaxMs, d.refusedBackoffMaxMs),
    healthyAfterMs: positive('healthyAfterMs', options.healthyAfterMs, d.healthyAfterMs),
    ackTimeoutMs: positive('ackTimeoutMs', options.ackTimeoutMs, d.ackTimeoutMs),
    keepaliveTimeMs: options.keepaliveTimeMs ?? d.keepaliveTimeMs,
    keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? d.keepaliveTimeoutMs,
    inventoryTimeoutMs: positive('inventoryTimeoutMs', options.inventoryTimeoutMs, d.inventoryTimeoutMs),
  });
  // The reconnect backoff's own bounds (backoff.ts), checked here so a bad value is a ConfigError.
  if (!(config.backoffInitialMs > 0) || !(config.backoffMaxMs >= config.backoffInitialMs))
    problems.push({
      field: 'backoffInitialMs',
      reason: `expected 0 < backoffInitialMs ≤ backoffMaxMs, got ${quote(config.backoffInitialMs)} and ${quote(config.backoffMaxMs)}`,
    });
  if (options.target.trim() === '') problems.push({ field: 'target', reason: 'expected host:port, got ""' });
  if (options.agentId.trim() === '')
    problems.push({ field: 'agentId', reason: 'expected a non-empty id, got ""' });
  if ((options.tls?.certFile === undefined) !== (options.tls?.keyFile === undefined))
    problems.push({ field: 'tls', reason: 'certFile and keyFile go together (mTLS), got only one' });
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
