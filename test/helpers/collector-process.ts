/**
 * `gpuwatch collector` as a child process of the built CLI (dist/cli/main.js, built by
 * `npm test`), and one-shot CLI runs. The collector binds port 0 unless told otherwise; its
 * "collector listening" log line says where.
 *
 *     const p = await CollectorProcess.start(['--redis', url, '--key-prefix', prefix]);
 *     … p.grpcAddress, p.httpUrl …
 *     p.signal('SIGTERM'); expect(await p.exited).toEqual({ code: 0, signal: null });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class CollectorProcess {
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly grpcAddress: string,
    readonly httpAddress: string,
    exited: Promise<Exit>,
    stderrSoFar: () => string,
  ) {
    this.exited = exited;
    this.stderr = stderrSoFar;
  }

  /** Everything the process wrote to stderr so far (its JSON log). */
  readonly stderr: () => string;

  get httpUrl(): string {
    return `http://${this.httpAddress}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Starts the collector with `args` (after `--listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0`,
   * which later flags override) and waits until it listens. Rejects with its stderr if it exits
   * first or takes longer than `timeoutMs`.
   */
  static async start(
    args: readonly string[],
    env: NodeJS.ProcessEnv = {},
    timeoutMs = 20_000,
  ): Promise<CollectorProcess> {
    const child = spawn(
      process.execPath,
      [cliPath, 'collector', '--listen', '127.0.0.1:0', '--metrics-listen', '127.0.0.1:0', ...args],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, ...env } },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const addresses = await new Promise<{ grpc: string; http: string }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`collector did not start within ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
      const onData = (): void => {
        const m = /"msg":"collector listening".*?"grpc":"([^"]+)","http":"([^"]+)"/.exec(stderr);
        if (m === null) return;
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve({ grpc: m[1] ?? '', http: m[2] ?? '' });
      };
      child.stderr?.on('data', onData);
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`collector exited (${JSON.stringify(exit)}) before listening; stderr:\n${stderr}`));
      });
    });
    return new CollectorProcess(child, addresses.grpc, addresses.http, exited, () => stderr);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** SIGKILL (no chance to finish anything) and wait for the exit. */
  async kill(): Promise<Exit> {
    this.signal('SIGKILL');
    return this.exited;
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `gpuwatch <args>` to completion. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`gpuwatch ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr:\n${stderr}`),
      );
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
