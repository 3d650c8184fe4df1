/**
 * The collector's HTTP side: `/metrics` for Prometheus, `/healthz` (the process is alive) and
 * `/readyz` (Redis reachable, listening, not draining; JSON details, 503 when not).
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.js';
import {
  jsonProbe,
  metricsRoute,
  startProbeServer,
  type RunningProbeServer,
} from '../common/probe-server.js';
import type { Readiness } from './readiness.js';

export interface HttpServerOptions {
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly logger: Logger;
}

export type RunningHttpServer = RunningProbeServer;

/** Starts listening on `listen` (`host:port`, port 0 = any free port). */
export function startHttpServer(listen: string, options: HttpServerOptions): Promise<RunningHttpServer> {
  return startProbeServer(
    listen,
    {
      '/metrics': metricsRoute(options.registry),
      '/healthz': () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok\n' }),
      '/readyz': () => {
        const report = options.readiness.report();
        return jsonProbe(report.ready, report);
      },
    },
    options.logger,
  );
}
