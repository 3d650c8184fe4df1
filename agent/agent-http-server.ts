/**
 * The agent's HTTP side on `--metrics-listen`: `/metrics` for Prometheus (the agent metrics of
 * docs/design.md §10 and the default process metrics) and `/healthz` for liveness probes (200 while the
 * collection loop keeps cycling, 503 once it is stuck; JSON details either way).
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.js';
import {
  jsonProbe,
  metricsRoute,
  startProbeServer,
  type RunningProbeServer,
} from '../common/probe-server.js';

/** What /healthz reports. */
export interface HealthReport {
  /** False once the loop has stopped cycling: a probe should restart the agent. */
  readonly healthy: boolean;
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
    },
    options.logger,
  );
}
