/**
 * One POST of alerts to Alertmanager's API v2 (`POST <base>/api/v2/alerts`, a JSON array of
 * postable alerts; 200 when every alert is accepted, 400 with the reasons otherwise). Uses Node's
 * built-in fetch; bounded in time (a timeout) and in what it reads back (the first few KiB of an
 * error body, for the log).
 */
import { AppError } from '../../common/errors.js';
import type { PostableAlert } from './alertmanager-alert.js';

/** Most bytes of a response body read (for the error message); the rest is discarded. */
const maxResponseBytes = 4096;

export interface AlertmanagerPostOptions {
  /** Time limit of the whole request, ms. */
  readonly timeoutMs: number;
  /** Sent as `Authorization: Bearer <token>` when set. Never logged. */
  readonly bearerToken?: string | undefined;
  /** Aborts the request (the detector is shutting down). */
  readonly signal?: AbortSignal | undefined;
}

/** A POST that Alertmanager did not accept; `status` is 0 when no HTTP answer came. */
export class AlertmanagerPostError extends AppError {
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, options);
    this.status = status;
  }
}

/** `<base>/api/v2/alerts`, keeping a path prefix (an Alertmanager behind `--web.route-prefix`). */
export function alertsEndpoint(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`;
  return url.toString();
}

async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < maxResponseBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    // Stop reading a long or endless body; the connection is released.
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxResponseBytes).toString('utf8');
}

/** POSTs the alerts; resolves when Alertmanager answered 2xx, throws AlertmanagerPostError otherwise. */
export async function postAlerts(
  endpoint: string,
  alerts: readonly PostableAlert[],
  options: AlertmanagerPostOptions,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.bearerToken !== undefined) headers.authorization = `Bearer ${options.bearerToken}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(alerts),
      signal,
      redirect: 'error',
    });
  } catch (err: unknown) {
    const reason = timeout.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : options.signal?.aborted === true
        ? 'aborted (shutting down)'
        : describeFetchError(err);
    throw new AlertmanagerPostError(0, `POST ${endpoint}: ${reason}`, { cause: err });
  }
  let body: string;
  try {
    body = await readBounded(response);
  } catch (err: unknown) {
    if (response.ok) return; // accepted; a broken body after the status changes nothing
    body = `(body unreadable: ${describeFetchError(err)})`;
  }
  if (!response.ok) {
    throw new AlertmanagerPostError(
      response.status,
      `POST ${endpoint}: HTTP ${response.status}${body.trim() === '' ? '' : `: ${body.trim().slice(0, 500)}`}`,
    );
  }
}

/** fetch wraps the socket error ("fetch failed"); the cause says what happened (ECONNREFUSED …). */
function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause;
    if (cause instanceof Error) {
      const code = (cause as NodeJS.ErrnoException).code;
      return code === undefined ? cause.message : `${code} (${cause.message})`;
    }
    return err.message;
  }
  return String(err);
}
