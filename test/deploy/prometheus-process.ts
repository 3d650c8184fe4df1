/**
 * A real Prometheus server as a child process for integration tests: its own config and TSDB in a
 * temporary directory, the web API on a free loopback port, and instant queries through
 * /api/v1/query.
 *
 *     const prom = await PrometheusProcess.start(configYaml);
 *     try { const r = await prom.query('up'); … } finally { await prom.stop(); }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './promtool.js';
import { freePort } from '../../common/free-port.js';

/** One series of an instant vector. */
export interface Sample {
  readonly metric: Record<string, string>;
  /** [unix seconds, value as Prometheus prints it ("NaN", "+Inf", "1.5")]. */
  readonly value: [number, string];
}

export class PrometheusProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly log: () => string,
  ) {}

  /** Starts Prometheus with `config` (YAML) and waits until /-/ready answers 200. */
  static async start(config: string, timeoutMs = 20_000): Promise<PrometheusProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-prometheus-'));
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, config);
    const port = await freePort();
    const child = spawn(
      requireBinary('prometheus'),
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    const prom = new PrometheusProcess(child, dir, `http://127.0.0.1:${port}`, () => log);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) {
        prom.cleanup();
        throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
      }
      try {
        if ((await fetch(`${prom.url}/-/ready`)).status === 200) return prom;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await prom.stop();
        throw new Error(`prometheus not ready within ${timeoutMs} ms:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Everything Prometheus logged so far. */
  stderr(): string {
    return this.log();
  }

  /** An instant query; throws with Prometheus's error text when the query is refused. */
  async query(expr: string): Promise<Sample[]> {
    const res = await fetch(`${this.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expr }).toString(),
    });
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: Sample[] };
    };
    if (body.status !== 'success' || body.data === undefined) {
      throw new Error(`query ${JSON.stringify(expr)} failed: ${body.error ?? res.status}`);
    }
    return body.data.result;
  }

  /** GET a JSON API path (`/api/v1/rules`, `/api/v1/targets`) and return its `data`. */
  async api<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  }

  /** SIGTERM, wait for the exit (SIGKILL after 5 s), remove the directory. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    this.cleanup();
  }

  private cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
