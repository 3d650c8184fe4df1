/**
 * Runs a node-local tool (nvidia-smi, squeue, scontrol) as a child process without blocking the
 * event loop, with a hard deadline: tools that talk to a driver or a controller can hang forever
 * (nvidia-smi on a GPU that fell off the bus, squeue with slurmctld down), so on timeout the
 * child gets SIGKILL, not a polite SIGTERM it may never act on.
 */
import { spawn } from 'node:child_process';
import { AppError, quote } from '../common/errors.js';

/** How runCommand runs a tool. */
export interface RunCommandOptions {
  /** Deadline for the whole run, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Aborts the run early (the child is killed like on timeout). */
  readonly signal?: AbortSignal;
  /** Extra environment variables, merged over the agent's own. */
  readonly env?: Readonly<Record<string, string>>;
  /** Output beyond this many bytes per stream is an error (a runaway tool). Default 16 MiB. */
  readonly maxOutputBytes?: number;
}

/** What a tool said and how it ended. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code; null when the process ended on a signal. */
  readonly exitCode: number | null;
}

/** Why a tool could not be run to completion. */
export type CommandFailure = 'not-found' | 'timeout' | 'aborted' | 'spawn-failed' | 'output-too-large';

/** A tool that could not be run to completion; `failure` says how. */
export class CommandError extends AppError {
  readonly failure: CommandFailure;
  readonly command: string;
  constructor(failure: CommandFailure, command: string, message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, options);
    this.failure = failure;
    this.command = command;
  }
}

const defaultTimeoutMs = 10_000;
const defaultMaxOutputBytes = 16 * 1024 * 1024;

/**
 * Runs `path args…` and resolves with its output and exit code (a non-zero exit is not an error
 * here: callers read what the tool said). Rejects with a CommandError when the tool is missing,
 * cannot start, outruns `timeoutMs` (then it has been killed) or is aborted.
 */
export function runCommand(
  path: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const maxOutputBytes = options.maxOutputBytes ?? defaultMaxOutputBytes;
  const name = path.split('/').pop() ?? path;
  return new Promise<CommandResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CommandError('aborted', path, `${name} was not started: the collection was cancelled`));
      return;
    }
    const child = spawn(path, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let failure: CommandError | undefined;
    let settled = false;

    const kill = (err: CommandError): void => {
      failure ??= err;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => kill(new CommandError('timeout', path, `${name} timed out after ${timeoutMs} ms; killed`)),
      timeoutMs,
    );
    const onAbort = (): void =>
      kill(new CommandError('aborted', path, `${name} was cancelled before it finished; killed`));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };

    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutputBytes) {
        kill(new CommandError('output-too-large', path, `${name} wrote more than ${maxOutputBytes} bytes`));
      } else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes <= maxOutputBytes) stderr.push(chunk);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      const error =
        err.code === 'ENOENT'
          ? new CommandError(
              'not-found',
              path,
              path.includes('/')
                ? `${name} not found at ${quote(path)} (ENOENT)`
                : `${name} not found on PATH (${quote(process.env.PATH ?? '')}); give its full path`,
              { cause: err },
            )
          : err.code === 'EACCES'
            ? new CommandError('spawn-failed', path, `${quote(path)} is not executable (EACCES)`, {
                cause: err,
              })
            : new CommandError('spawn-failed', path, `cannot run ${quote(path)}: ${err.message}`, {
                cause: err,
              });
      finish(() => reject(error));
    });
    // After a kill, settle on exit: a grandchild holding the pipes open must not keep us waiting.
    child.on('exit', () => {
      const err = failure;
      if (err === undefined) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish(() => reject(err));
    });
    child.on('close', (code) => {
      finish(() => {
        if (failure !== undefined) reject(failure);
        else
          resolve({
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
            exitCode: code,
          });
      });
    });
  });
}

/** The first non-empty line of a tool's output, bounded, for error messages. */
export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}
