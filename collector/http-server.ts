/**
 * The collector's HTTP side (node:http): `/metrics` for Prometheus, `/healthz` (the process is
 * alive) and `/readyz` (Redis reachable, listening, not draining; JSON details, 503 when not).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { joinHostPort, splitHostPort } from './listen-address.js';
import type { Readiness } from './readiness.js';

export interface HttpServerOptions {
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly logger: Logger;
}

export interface RunningHttpServer {
  /** `host:port` actually bound (port 0 resolved). */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
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
    case '/healthz':
      send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
      return;
    case '/readyz': {
      const report = options.readiness.report();
      send(res, report.ready ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
      return;
    }
    default:
      send(res, 404, 'text/plain; charset=utf-8', 'not found: try /metrics, /healthz or /readyz\n');
  }
}

/** Starts listening on `listen` (`host:port`, port 0 = any free port). */
export function startHttpServer(listen: string, options: HttpServerOptions): Promise<RunningHttpServer> {
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
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        address: joinHostPort(host, bound),
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
