/**
 * A real Prometheus Alertmanager (Debian package `prometheus-alertmanager`; the binary is
 * `prometheus-alertmanager` on PATH or GPUWATCH_TEST_ALERTMANAGER) as a child process of the
 * test: a free port on 127.0.0.1, clustering off, storage in a temp directory, one route to a
 * webhook receiver of the test's own (port 0) that records what Alertmanager routed onward.
 *
 *     const am = await startAlertmanager();
 *     try { …; await am.alerts(); …; am.notifications } finally { await am.stop(); }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../common/free-port.js';

export const alertmanagerBinary = process.env.GPUWATCH_TEST_ALERTMANAGER ?? 'prometheus-alertmanager';

/** GET /api/v2/alerts item (the fields the tests read). */
export interface GettableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
  readonly receivers: { name: string }[];
  readonly status: { state: string };
}

/** One alert of a webhook notification Alertmanager sent to the receiver. */
export interface NotifiedAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface RunningAlertmanager {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** Every alert of every webhook notification received, in arrival order. */
  readonly notifications: NotifiedAlert[];
  /** GET /api/v2/alerts (active, silenced, inhibited: Alertmanager's defaults), with an optional label filter. */
  alerts(filter?: Record<string, string>): Promise<GettableAlert[]>;
  stop(): Promise<void>;
}

function startReceiver(notifications: NotifiedAlert[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c);
    });
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alerts: NotifiedAlert[] };
        notifications.push(...body.alerts);
      } catch {
        // A malformed notification shows as a missing one in the test's assertions.
      }
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alertmanager not ready at ${url} within 15 s:\n${log()}`);
}

export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const notifications: NotifiedAlert[] = [];
  const receiver = await startReceiver(notifications);
  const receiverPort = (receiver.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'gwtest-am-'));
  const configFile = join(dir, 'alertmanager.yml');
  // Short waits so a test sees notifications within a second or two.
  writeFileSync(
    configFile,
    [
      'route:',
      '  receiver: test-hook',
      "  group_by: ['alert_key']",
      '  group_wait: 100ms',
      '  group_interval: 500ms',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: test-hook',
      '    webhook_configs:',
      `      - url: http://127.0.0.1:${receiverPort}/hook`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  let lastError: unknown;
  // freePort can race with another process taking the port: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      alertmanagerBinary,
      [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (c: Buffer) => {
      if (log.length < 100_000) log += c.toString();
    });
    const spawnFailed = new Promise<never>((_, reject) =>
      child.once('error', (err) =>
        reject(
          new Error(
            `cannot run ${alertmanagerBinary} (apt-get install prometheus-alertmanager): ${err.message}`,
          ),
        ),
      ),
    );
    try {
      await Promise.race([waitReady(url, child, () => log), spawnFailed]);
    } catch (err: unknown) {
      lastError = err;
      child.kill('SIGKILL');
      if (err instanceof Error && err.message.startsWith('cannot run')) break;
      continue;
    }
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    return {
      url,
      notifications,
      async alerts(filter = {}) {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(filter)) query.append('filter', `${k}="${v}"`);
        const res = await fetch(`${url}/api/v2/alerts?${query.toString()}`);
        if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status}: ${await res.text()}`);
        return (await res.json()) as GettableAlert[];
      },
      async stop() {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
