/**
 * A gpuwatch program (`node dist/cli/main.js <command> …`) as a child process of the demo:
 * started, awaited until a log line says it is ready, stopped with SIGTERM (SIGKILL after a
 * deadline).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI beside this module (dist/simulator/demo → dist/cli/main.js). */
export const cliPath = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
/** The repository root (deploy/ lives there). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildProgram {
  /** The capture groups of the ready pattern. */
  readonly ready: readonly string[];
  readonly pid: number | undefined;
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/** Runs `gpuwatch <args>` to completion; rejects with its stderr when it fails. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out + err)
        : reject(
            new Error(`gpuwatch ${args[0] ?? ''} ${args[1] ?? ''} exited ${String(code)}: ${err.trim()}`),
          ),
    );
  });
}

/** Starts `gpuwatch <args>` and resolves once its stderr matches `readyPattern` (within `timeoutMs`). */
export function startProgram(
  args: readonly string[],
  readyPattern: RegExp,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20_000,
): Promise<ChildProgram> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(0);
      reject(
        new Error(`gpuwatch ${args[0] ?? ''} did not start within ${timeoutMs} ms:\n${stderr.slice(-2000)}`),
      );
    }, timeoutMs);
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      // Keep the log bounded: the demo reads it only for the ready line and for errors.
      if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
      const m = readyPattern.exec(stderr);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ ready: m.slice(1), pid: child.pid, stderr: () => stderr, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `gpuwatch ${args[0] ?? ''} exited (${String(code)}) before it was ready:\n${stderr.slice(-2000)}`,
        ),
      );
    });
  });
}
