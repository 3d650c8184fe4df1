/**
 * `gpuwatch detector` as a child process of the built CLI (dist/cli/main.js), metrics on port 0;
 * resolves once its "detector started" log line says where /metrics is.
 */
import { spawn } from 'node:child_process';
import { cliPath, type Exit } from '../helpers/collector-process.js';

export interface Detector {
  readonly metricsUrl: string;
  readonly exited: Promise<Exit>;
  readonly stderr: () => string;
  signal(signal: NodeJS.Signals): void;
}

export async function startDetector(
  redisUrl: string,
  prefix: string,
  extraArgs: readonly string[] = [],
): Promise<Detector> {
  const child = spawn(
    process.execPath,
    [
      cliPath,
      'detector',
      '--redis',
      redisUrl,
      '--key-prefix',
      prefix,
      '--metrics-listen',
      '127.0.0.1:0',
      '--policy',
      'deploy/policy.yaml',
      '--shutdown-timeout',
      '5s',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const metricsAddress = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`detector did not start; stderr:\n${stderr}`));
    }, 10_000);
    const onData = (): void => {
      const m = /"msg":"detector started".*?"metrics":"([^"]+)"/.exec(stderr);
      if (m === null) return;
      clearTimeout(timer);
      resolve(m[1] ?? '');
    };
    child.stderr.on('data', onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`detector exited (${JSON.stringify(exit)}); stderr:\n${stderr}`));
    });
  });
  return {
    metricsUrl: `http://${metricsAddress}/metrics`,
    exited,
    stderr: () => stderr,
    signal: (s) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(s);
    },
  };
}
