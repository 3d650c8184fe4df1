/**
 * The agent's HTTP side (node:http) on `--metrics-listen`: `/metrics` for Prometheus (the agent
 * metrics of DESIGN §10 and the default process metrics) and `/healthz` for liveness probes
 * (200 while the collection loop keeps cycling, 503 once it is stuck; JSON details either way).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AppError, errorMessage, quote } from '../common/errors.js';
import type { Logger } from '../common/logger.js';

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

export interface RunningAgentHttpServer {
  /** `host:port` actually bound (port 0 resolved). */
  readonly address: string;
  close(): Promise<void>;
}

/** Splits `host:port` (`[::1]:9465` for IPv6). */
export function splitHostPort(value: string): { host: string; port: number } {
  const m = /^(\[([0-9a-fA-F:.]+)\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (m === null) throw new AppError('CONFIG_INVALID', `expected host:port, got ${quote(value)}`);
  return { host: m[2] ?? m[1] ?? '', port: Number(m[3]) };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: AgentHttpServerOptions,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', `method ${req.method ?? ''} not allowed\n`);
    return;
  }
  switch (path) {
    case '/metrics':
      send(res, 200, options.registry.contentType, await options.registry.metrics());
      return;
    case '/healthz': {
      const report = options.health();
      send(res, report.healthy ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
      return;
    }
    default:
      send(res, 404, 'text/plain; charset=utf-8', 'not found: try /metrics or /healthz\n');
  }
}

/** Starts listening on `listen` (`host:port`; port 0 picks a free one). */
export function startAgentHttpServer(
  listen: string,
  options: AgentHttpServerOptions,
): Promise<RunningAgentHttpServer> {
  const { host, port } = splitHostPort(listen);
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      options.logger.error('http request failed', { path: req.url, error: errorMessage(err) });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  // Scrapes and probes are short; an idle keep-alive socket must not hold up shutdown.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', (err: unknown) =>
      reject(
        new AppError('UNAVAILABLE', `--metrics-listen ${listen}: cannot listen: ${errorMessage(err)}`, {
          cause: err,
        }),
      ),
    );
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (err: unknown) =>
        options.logger.error('metrics server error', { error: errorMessage(err) }),
      );
      const bound = (server.address() as AddressInfo).port;
      resolve({
        address: host.includes(':') ? `[${host}]:${bound}` : `${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
