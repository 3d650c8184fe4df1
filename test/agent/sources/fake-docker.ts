/** A fake Docker Engine for tests: node:http on a unix socket, answering the two reads the agent makes. */
import { createServer, type Server } from 'node:http';
import type { DockerContainerInspect } from '../../../agent/sources/docker-client.js';

/** A 64-hex container id made from a number. */
export const containerId = (n: number): string => n.toString(16).padStart(64, 'a');

export class FakeDocker {
  readonly containers = new Map<string, DockerContainerInspect>();
  requests: string[] = [];
  hang = false;
  private server: Server | undefined;

  async start(socketPath: string): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (this.hang) return;
      const send = (code: number, body: unknown): void => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/containers/json') {
        send(
          200,
          [...this.containers.values()].map((c) => ({
            Id: c.Id,
            Names: [c.Name],
            Image: c.Config?.Image,
            ImageID: c.Image,
            Labels: c.Config?.Labels ?? {},
            State: 'running',
          })),
        );
        return;
      }
      const m = /^\/containers\/([^/]+)\/json$/.exec(req.url ?? '');
      const found = m === null ? undefined : this.containers.get(m[1] ?? '');
      if (found === undefined) send(404, { message: `No such container: ${m?.[1] ?? req.url ?? ''}` });
      else send(200, found);
    });
    await new Promise<void>((resolve) => this.server?.listen(socketPath, resolve));
  }

  add(
    n: number,
    over: {
      labels?: Record<string, string>;
      env?: string[];
      runtime?: string;
      requests?: unknown[];
      started?: string;
    },
  ): string {
    const cid = containerId(n);
    this.containers.set(cid, {
      Id: cid,
      Name: `/job-${n}`,
      Image: `sha256:${String(n).repeat(64).slice(0, 64)}`,
      State: { Running: true, StartedAt: over.started ?? '2025-03-01T10:00:00.123456789Z' },
      Config: {
        Image: 'registry.example/train:1.2',
        Env: over.env ?? ['PATH=/usr/bin'],
        Labels: over.labels ?? {},
      },
      HostConfig: { Runtime: over.runtime ?? 'runc', DeviceRequests: (over.requests ?? null) as never },
    });
    return cid;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
