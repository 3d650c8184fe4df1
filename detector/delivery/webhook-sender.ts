/**
 * One webhook HTTP attempt: POST the body with the Standard Webhooks headers, bounded by a
 * timeout, and classify the answer. Redirects are not followed (a signed payload goes where it
 * was configured to go, nowhere else); the response body is read only up to 512 bytes, for the
 * dead letter's error text.
 */
import type { Clock } from '../../common/clock.js';
import { errorMessage } from '../../common/errors.js';
import { parseRetryAfter } from './retry-schedule.js';
import { signWebhook } from './webhook-signature.js';

export type SendOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  /** Worth another attempt: a timeout, a refused connection, 408, 429, 5xx, 3xx. */
  | {
      readonly kind: 'retry';
      readonly status?: number;
      readonly error: string;
      readonly retryAfterMs?: number;
    }
  /** 4xx other than 408, 410, 429: the receiver refuses this message for good. */
  | { readonly kind: 'permanent'; readonly status: number; readonly error: string }
  /** 410 Gone: the receiver asks never to be called again. */
  | { readonly kind: 'gone'; readonly status: number; readonly error: string };

export interface WebhookRequest {
  readonly url: string;
  readonly keys: readonly Buffer[];
  readonly id: string;
  readonly body: string;
  readonly timeoutMs: number;
}

const responseExcerptBytes = 512;

async function excerpt(response: Response): Promise<string> {
  if (response.body === null) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // Leaving the loop early cancels the stream: the rest of the body is never read.
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= responseExcerptBytes) break;
    }
  } catch {
    // The excerpt is only for the operator; a broken body does not change the outcome.
  }
  return Buffer.concat(chunks).subarray(0, responseExcerptBytes).toString('utf8').replace(/\s+/g, ' ').trim();
}

export async function sendWebhook(request: WebhookRequest, clock: Clock): Promise<SendOutcome> {
  const timestamp = Math.floor(clock.nowMs() / 1000);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'gpuwatch-webhooks/1',
        'webhook-id': request.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(request.keys, request.id, timestamp, request.body),
      },
      body: request.body,
    });
  } catch (err: unknown) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const cause = err instanceof Error && err.cause !== undefined ? `: ${errorMessage(err.cause)}` : '';
    return {
      kind: 'retry',
      error: timedOut ? `no response within ${request.timeoutMs} ms` : `${errorMessage(err)}${cause}`,
    };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'delivered', status };
  }
  const text = await excerpt(response);
  const error = `HTTP ${status}${text === '' ? '' : `: ${text}`}`;
  if (status === 410) return { kind: 'gone', status, error };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return { kind: 'permanent', status, error };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.nowMs());
  return retryAfterMs === undefined
    ? { kind: 'retry', status, error }
    : { kind: 'retry', status, error, retryAfterMs };
}
