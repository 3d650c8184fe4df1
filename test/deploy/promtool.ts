/**
 * `promtool` and `prometheus` from the Debian package `prometheus` (`.ci/run` installs it), run as
 * child processes. A missing binary fails the test with the install command, never skips it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of `name` on PATH; throws naming the package when it is not installed. */
export function requireBinary(name: 'promtool' | 'prometheus'): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} is not on PATH: install the Debian package "prometheus" (apt-get install prometheus); .ci/run does`,
  );
}

export interface ToolResult {
  readonly code: number | null;
  /** stdout and stderr together, in arrival order. */
  readonly output: string;
}

/** Runs `promtool <args>` (optionally feeding `stdin`) to completion. */
export function promtool(args: readonly string[], stdin?: string): Promise<ToolResult> {
  const child = spawn(requireBinary('promtool'), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
