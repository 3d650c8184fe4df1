/**
 * A real webhook receiver for tests: an HTTP server on 127.0.0.1 port 0 that verifies EVERY
 * request with the `standardwebhooks` package (an implementation we did not write) against the
 * secrets it is given, records it, and answers as the test scripts: a status (with headers) per
 * request, or `hang` (never answer, for timeouts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  readonly id: string;
  readonly timestamp: number;
  readonly signature: string;
  readonly body: string;
  /** Parsed body: {type, timestamp, data}. */
  readonly payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the receiver's secrets verified it (index), or -1 if none did. */
  readonly verifiedWith: number[];
  readonly receivedAtMs: number;
  readonly path: string;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Requests that failed verification with every secret (the test asserts this stays empty). */
  readonly unverified: string[] = [];
  private readonly hanging: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    private readonly secrets: readonly string[],
    /** Decides the answer to each request (after it is recorded). */
    public reply: (r: Received, index: number) => Reply,
  ) {}

  static async start(
    secrets: readonly string[],
    reply: (r: Received, index: number) => Reply = () => ({ status: 200 }),
  ): Promise<WebhookReceiver> {
    const handler: { receiver?: WebhookReceiver } = {};
    const server = createServer((req, res) => {
      void handler.receiver?.handle(req, res);
    });
    const receiver = new WebhookReceiver(server, secrets, reply);
    handler.receiver = receiver;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Requests so far with this webhook-id. */
  byId(id: string): Received[] {
    return this.received.filter((r) => r.id === id);
  }

  async waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; received: ${JSON.stringify(this.received.map((r) => [r.id, r.payload.type]))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    const verifiedWith: number[] = [];
    this.secrets.forEach((secret, i) => {
      try {
        new Webhook(secret).verify(body, headers);
        verifiedWith.push(i);
      } catch {
        // Not this secret.
      }
    });
    if (verifiedWith.length === 0) this.unverified.push(headers['webhook-id']);
    const record: Received = {
      id: headers['webhook-id'],
      timestamp: Number(headers['webhook-timestamp']),
      signature: headers['webhook-signature'],
      body,
      payload: JSON.parse(body) as Received['payload'],
      verifiedWith,
      receivedAtMs: Date.now(),
      path: req.url ?? '',
    };
    this.received.push(record);
    const reply = this.reply(record, this.received.length - 1);
    if (reply === 'hang') {
      this.hanging.push(res);
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
    res.end(reply.body ?? '');
  }
}
