/**
 * Runs once before the suite and fails once, naming everything that is missing: a reachable Redis
 * (GPUWATCH_TEST_REDIS_URL, default redis://127.0.0.1:6379; `.ci/run` starts a private one when
 * none is reachable), the built CLI in dist/ (npm test builds first) for child-process tests, and
 * every program the tests start (README, "What the tests need").
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

/** A program some test starts as a child process. */
interface RequiredProgram {
  /** The name looked up on PATH. */
  readonly name: string;
  /** An environment variable that the tests take instead of PATH, when they do. */
  readonly env?: string;
  /** What provides it: the Debian package, as `.ci/run` installs it. */
  readonly debianPackage: string;
  /** Which tests start it. */
  readonly usedBy: string;
}

/** Every external program the full suite starts (keep in step with the README's list). */
export const requiredPrograms: readonly RequiredProgram[] = [
  {
    name: 'redis-server',
    env: 'GPUWATCH_TEST_REDIS_SERVER',
    debianPackage: 'redis-server',
    usedBy: 'fault, hostile, durability and cluster tests kill or reconfigure a server of their own',
  },
  {
    name: 'redis-cli',
    env: 'GPUWATCH_TEST_REDIS_CLI',
    debianPackage: 'redis-tools',
    usedBy: 'cluster tests join their servers with redis-cli --cluster create',
  },
  { name: 'openssl', debianPackage: 'openssl', usedBy: 'TLS and mTLS tests make a throw-away CA' },
  {
    name: 'prometheus',
    debianPackage: 'prometheus',
    usedBy: 'the observability test scrapes the programs with it',
  },
  {
    name: 'promtool',
    debianPackage: 'prometheus',
    usedBy: 'deploy tests check the Prometheus rules, config and metrics',
  },
  {
    name: 'systemd-analyze',
    debianPackage: 'systemd',
    usedBy: 'the deploy test verifies the agent unit file with it',
  },
  {
    name: 'prometheus-alertmanager',
    env: 'GPUWATCH_TEST_ALERTMANAGER',
    debianPackage: 'prometheus-alertmanager',
    usedBy: 'the Alertmanager forwarder tests',
  },
  { name: 'slurmctld', debianPackage: 'slurm-wlm', usedBy: 'the real-Slurm tests run a one-node cluster' },
  { name: 'slurmd', debianPackage: 'slurm-wlm', usedBy: 'the real-Slurm tests run a one-node cluster' },
  { name: 'munged', debianPackage: 'munge', usedBy: 'the real-Slurm tests authenticate with munge' },
  { name: 'dockerd', debianPackage: 'docker.io', usedBy: 'the real-Docker tests run a private dockerd' },
  { name: 'docker', debianPackage: 'docker.io', usedBy: 'the real-Docker tests start containers with it' },
  {
    name: 'busybox',
    debianPackage: 'busybox-static',
    usedBy: 'the real-Docker tests import an image made from its rootfs',
  },
  {
    name: 'protoc',
    debianPackage: 'protobuf-compiler',
    usedBy: 'the Python client test compiles the public protos',
  },
  {
    name: 'grpc_python_plugin',
    debianPackage: 'protobuf-compiler-grpc',
    usedBy: 'the Python client test generates its gRPC stubs',
  },
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when `command` (a path, or a name looked up on PATH as spawn does) can be run. */
function runnable(command: string): boolean {
  if (command.includes('/')) return executable(command);
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && executable(join(dir, command)));
}

/** One line per program that cannot be run, with what provides it, and the install command. */
export function missingPrograms(programs: readonly RequiredProgram[] = requiredPrograms): string[] {
  const missing = programs.filter((p) => !runnable((p.env && process.env[p.env]) || p.name));
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.map((p) => p.debianPackage))];
  return [
    ...missing.map((p) => {
      const set = p.env !== undefined && process.env[p.env];
      const where = set ? `${p.env}=${JSON.stringify(process.env[p.env])}` : `${p.name} on PATH`;
      const instead = p.env !== undefined && !set ? `, or set ${p.env}` : '';
      return `${where} cannot be run (Debian package ${p.debianPackage}${instead}): ${p.usedBy}`;
    }),
    `install what is missing with: apt-get install ${packages.join(' ')}`,
  ];
}

async function redisProblem(url: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // The connection's own error (ECONNREFUSED, …) says more than the "Connection is closed" it ends in.
  let connectionError: unknown;
  redis.on('error', (err: unknown) => {
    connectionError ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err: unknown) {
    return `no Redis answers at ${url} (set GPUWATCH_TEST_REDIS_URL, or run bash .ci/run which starts one): ${String(connectionError ?? err)}`;
  } finally {
    redis.disconnect();
  }
}

export default async function setup(): Promise<void> {
  const problems: string[] = [];
  const redis = await redisProblem(process.env.GPUWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (redis !== undefined) problems.push(redis);
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    problems.push('dist/cli/main.js is missing: run `npm test` (it builds first) or `npm run build`');
  }
  problems.push(...missingPrograms());
  if (problems.length > 0) {
    throw new Error(`the tests cannot run here:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
