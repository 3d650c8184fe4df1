/**
 * The small HTTP server every program runs on its `--metrics-listen` address: `/metrics` for
 * Prometheus and the health probes. Each program supplies its routes; this holds what they
 * share: GET/HEAD only, 404 naming the routes, a failed handler answered 500 and logged, short
 * timeouts (an idle keep-alive socket must not hold up shutdown), and a listen error that names
 * the option.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AppError, errorMessage } from './errors.js';
import { joinHostPort, splitHostPort } from './listen-address.js';
import type { Logger } from './logger.js';

/** What a route answers. */
export interface ProbeResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Path → handler, e.g. `{ '/metrics': …, '/healthz': … }`. */
export type ProbeRoutes = Readonly<Record<string, () => ProbeResponse | Promise<ProbeResponse>>>;

export interface RunningProbeServer {
  /** `host:port` actually bound (port 0 resolved). */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The `/metrics` route: the registry's exposition. */
export function metricsRoute(registry: Registry): () => Promise<ProbeResponse> {
  return async () => ({ status: 200, contentType: registry.contentType, body: await registry.metrics() });
}

/** A JSON probe answer: 200 when `ok`, else 503. */
export function jsonProbe(ok: boolean, report: unknown): ProbeResponse {
  return { status: ok ? 200 : 503, contentType: 'application/json', body: `${JSON.stringify(report)}\n` };
}

function send(res: ServerResponse, { status, contentType, body }: ProbeResponse): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

const text = (status: number, body: string): ProbeResponse => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body,
});

async function handle(req: IncomingMessage, res: ServerResponse, routes: ProbeRoutes): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, text(405, `method ${req.method ?? ''} not allowed\n`));
    return;
  }
  const route = routes[(req.url ?? '/').split('?')[0] ?? '/'];
  if (route === undefined) {
    send(res, text(404, `not found: try ${Object.keys(routes).join(', ')}\n`));
    return;
  }
  send(res, await route());
}

/**
 * Starts listening on `listen` (`host:port`, port 0 = any free port).
 * @param option the option that named the address, for the error message (`--metrics-listen`)
 */
export function startProbeServer(
  listen: string,
  routes: ProbeRoutes,
  logger: Logger,
  option = '--metrics-listen',
): Promise<RunningProbeServer> {
  const { host, port } = splitHostPort(listen);
  const server: Server = createServer((req, res) => {
    handle(req, res, routes).catch((err: unknown) => {
      logger.error('http request failed', { path: req.url, error: errorMessage(err) });
      if (!res.headersSent) send(res, text(500, 'internal error\n'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    const onListenError = (err: unknown): void =>
      reject(
        new AppError('UNAVAILABLE', `${option} ${listen}: cannot listen: ${errorMessage(err)}`, {
          cause: err,
        }),
      );
    server.once('error', onListenError);
    server.listen(port, host, () => {
      server.off('error', onListenError);
      server.on('error', (err: unknown) =>
        logger.error('metrics server error', { error: errorMessage(err) }),
      );
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
