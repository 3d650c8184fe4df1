/**
 * The demo's compliance endpoint: a node:http server on 127.0.0.1 (port 0) that accepts the
 * detector's webhooks, checks each Standard Webhooks signature against the secret, and counts
 * deliveries by event type.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface WebhookReceiver {
  readonly url: string;
  /** `whsec_…`, for the detector's --webhook-secret-file. */
  readonly secret: string;
  /** Deliveries received, by `type` (alert.opened, …). */
  readonly received: Map<string, number>;
  /** Deliveries whose signature did not verify. */
  readonly badSignatures: () => number;
  close(): Promise<void>;
}

function verify(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((part) => {
    const [version, sig] = part.split(',');
    if (version !== 'v1' || sig === undefined) return false;
    const got = Buffer.from(sig, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const received = new Map<string, number>();
  let bad = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string): string => String(req.headers[name] ?? '');
      if (
        !verify(secret, header('webhook-id'), header('webhook-timestamp'), body, header('webhook-signature'))
      ) {
        bad++;
        res.writeHead(401).end();
        return;
      }
      let type = 'unknown';
      try {
        const parsed = (JSON.parse(body) as { type?: unknown }).type;
        if (typeof parsed === 'string') type = parsed;
      } catch {
        // counted as unknown
      }
      received.set(type, (received.get(type) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/gpuwatch`,
    secret,
    received,
    badSignatures: () => bad,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
