/**
 * `gpuwatch agent` as a child process of the built CLI (dist/cli/main.js), with its JSON log
 * parsed line by line so tests wait for what it says (`await p.waitForLog(...)`) instead of
 * sleeping. The fake nvidia-smi and its capture come in through the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath, type Exit } from '../helpers/collector-process.js';
import { fakeNvidiaSmi, smiEnv, type CaptureName } from './fixtures.js';

export interface AgentLogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** Flags every test run needs: the fake nvidia-smi and no NVML (this machine has no GPU). */
export function fakeGpuArgs(): string[] {
  return ['--nvidia-smi', fakeNvidiaSmi, '--nvml-library', '/nonexistent/libnvidia-ml.so.1'];
}

export class AgentProcess {
  readonly exited: Promise<Exit>;
  readonly lines: AgentLogLine[] = [];
  private stdoutText = '';
  private stderrText = '';
  private readonly waiters: { match: (l: AgentLogLine) => boolean; resolve: (l: AgentLogLine) => void }[] =
    [];

  private constructor(private readonly child: ChildProcess) {
    // 'close', not 'exit': by then everything the process wrote has been read.
    this.exited = new Promise<Exit>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    child.stdout?.on('data', (c: Buffer) => {
      this.stdoutText += c.toString();
    });
    let partial = '';
    child.stderr?.on('data', (c: Buffer) => {
      const text = c.toString();
      this.stderrText += text;
      partial += text;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const raw of parts) {
        let line: AgentLogLine;
        try {
          line = JSON.parse(raw) as AgentLogLine;
        } catch {
          continue; // not a log line (a usage message)
        }
        this.lines.push(line);
        for (const w of [...this.waiters])
          if (w.match(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
      }
    });
  }

  /** Starts `gpuwatch agent <args>` with the fake nvidia-smi replaying `capture`. */
  static start(args: readonly string[], capture: CaptureName, env: NodeJS.ProcessEnv = {}): AgentProcess {
    const child = spawn(process.execPath, [cliPath, 'agent', ...fakeGpuArgs(), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, ...smiEnv(capture), ...env },
    });
    return new AgentProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  stdout(): string {
    return this.stdoutText;
  }

  stderr(): string {
    return this.stderrText;
  }

  /** The first log line (already seen or to come) that matches; rejects on exit or after `timeoutMs`. */
  waitForLog(match: (l: AgentLogLine) => boolean, what: string, timeoutMs = 20_000): Promise<AgentLogLine> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`agent: timed out waiting for ${what}; stderr:\n${this.stderrText}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (l: AgentLogLine) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then((exit) => {
        if (!this.waiters.includes(waiter)) return;
        clearTimeout(timer);
        reject(
          new Error(`agent exited (${JSON.stringify(exit)}) before ${what}; stderr:\n${this.stderrText}`),
        );
      });
    });
  }

  /** Resolves with the `n`-th line whose msg is `msg` (1-based), counting lines already seen. */
  waitForNth(msg: string, n: number, timeoutMs = 20_000): Promise<AgentLogLine> {
    let count = 0;
    return this.waitForLog(
      (l) => l.msg === msg && ++count === n,
      `log line ${n} × ${JSON.stringify(msg)}`,
      timeoutMs,
    );
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  async kill(): Promise<Exit> {
    this.signal('SIGKILL');
    return this.exited;
  }
}

/** Runs `gpuwatch agent <args>` to completion. */
export async function runAgent(
  args: readonly string[],
  capture: CaptureName,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = AgentProcess.start(args, capture, env);
  const timer = setTimeout(() => p.signal('SIGKILL'), timeoutMs);
  const { code } = await p.exited;
  clearTimeout(timer);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
