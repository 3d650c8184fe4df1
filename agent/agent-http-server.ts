/**
 * The agent's HTTP side on `--metrics-listen`: `/metrics` for Prometheus (the agent metrics of
 * docs/design.md §10 and the default process metrics), `/healthz` for liveness (200 while the
 * collection loop keeps cycling, degraded or not; 503 once it is stuck) and `/readyz` (200 only
 * when the loop cycles and every tenant source and the inventory can be read; 503 while one is
 * down). Both answer the same JSON: `status` ("ok", "degraded", "stalled") and `down`, the parts
 * that cannot be read, each with its error and since when.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.js';
import {
  jsonProbe,
  metricsRoute,
  startProbeServer,
  type RunningProbeServer,
} from '../common/probe-server.js';

/** What /healthz and /readyz report. */
export interface HealthReport {
  /** False once the loop has stopped cycling: a probe should restart the agent (/healthz 503). */
  readonly healthy: boolean;
  /** Healthy and nothing down (/readyz 200). */
  readonly ready: boolean;
  /** "ok", "degraded" (live, a source or the inventory down) or "stalled". */
  readonly status: 'ok' | 'degraded' | 'stalled';
  readonly [detail: string]: unknown;
}

export interface AgentHttpServerOptions {
  readonly registry: Registry;
  readonly health: () => HealthReport;
  readonly logger: Logger;
}

export type RunningAgentHttpServer = RunningProbeServer;

/** Starts listening on `listen` (`host:port`; port 0 picks a free one). */
export function startAgentHttpServer(
  listen: string,
  options: AgentHttpServerOptions,
): Promise<RunningAgentHttpServer> {
  return startProbeServer(
    listen,
    {
      '/metrics': metricsRoute(options.registry),
      '/healthz': () => {
        const report = options.health();
        return jsonProbe(report.healthy, report);
      },
      '/readyz': () => {
        const report = options.health();
        return jsonProbe(report.ready, report);
      },
    },
    options.logger,
  );
}
