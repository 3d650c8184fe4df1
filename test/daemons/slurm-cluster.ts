/**
 * A real one-node Slurm 22.05 cluster for integration tests: munged, slurmctld and slurmd on
 * localhost, everything in a temp dir (config, state, spool, logs, a private munge key and
 * socket), on free ports, with `Gres=gpu:h100:8` and 4 shards per GPU backed by fake
 * `/dev/nvidia0-7` character devices (`mknod c 195 N`, made only where absent and removed
 * after). cons_tres, no cgroups (proctrack/linuxproc, task/none), accounting off. Clients reach
 * it through `env` (SLURM_CONF). `stop()` cancels every job and tears it all down; a failed start
 * tears down what it started and throws naming what is missing or what the daemons said.
 *
 * Needs root (mknod, daemons, jobs as other users) and the Debian packages slurm-wlm and munge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';

/** Programs the cluster needs, with the Debian package that provides each. */
const programs: readonly (readonly [string, string])[] = [
  ['munged', 'munge'],
  ['slurmctld', 'slurmctld (slurm-wlm)'],
  ['slurmd', 'slurmd (slurm-wlm)'],
  ['sbatch', 'slurm-client (slurm-wlm)'],
  ['squeue', 'slurm-client (slurm-wlm)'],
  ['scontrol', 'slurm-client (slurm-wlm)'],
  ['scancel', 'slurm-client (slurm-wlm)'],
  ['sinfo', 'slurm-client (slurm-wlm)'],
  ['runuser', 'util-linux'],
  ['useradd', 'passwd'],
];

const sbinPath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Where `name` is, on PATH or in the sbin folders (daemons live in /usr/sbin). */
function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...sbinPath].filter((d) => d !== '');
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

/** What a command printed and how it ended. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs a command to its end (no shell), with a deadline. */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Creates the Unix user when it does not exist (no home directory, no password). */
export async function ensureUser(name: string): Promise<void> {
  if ((await run('id', ['-u', name])).code === 0) return;
  const made = await run(which('useradd') ?? 'useradd', ['-M', '-s', '/bin/sh', name]);
  // Another test file may have created it meanwhile.
  if (made.code !== 0 && (await run('id', ['-u', name])).code !== 0) {
    throw new Error(`useradd ${name} failed (exit ${made.code}): ${made.stderr.trim()}`);
  }
}

/** Options of startSlurmCluster. */
export interface SlurmClusterOptions {
  /** Shards per GPU (gres `shard`). Default 4. */
  readonly shardsPerGpu?: number;
}

/** A running cluster (see the module comment). */
export interface SlurmCluster {
  /** The temp dir holding everything. */
  readonly dir: string;
  /** The node's NodeName (this host's short name). */
  readonly nodeName: string;
  /** Environment for Slurm clients: SLURM_CONF. */
  readonly env: Readonly<Record<string, string>>;
  /** `sbatch --parsable` as `user` (`--wrap 'sleep 600'` unless args say otherwise); the job id. */
  submit(user: string, args: readonly string[]): Promise<string>;
  /** A Slurm client command as root, failing on a non-zero exit. */
  client(command: 'scontrol' | 'squeue' | 'scancel' | 'sinfo', args: readonly string[]): Promise<string>;
  /** Waits until every job listed is in `state` (squeue %T), or throws naming the states seen. */
  waitForState(jobIds: readonly string[], state: string, timeoutMs?: number): Promise<void>;
  /** Stops slurmctld (SIGTERM, state saved); slurmd and the jobs keep running. */
  stopController(): Promise<void>;
  /** Starts slurmctld again from its saved state and waits until it answers. */
  startController(): Promise<void>;
  /** Cancels every job and waits until none is left. */
  cancelAll(): Promise<void>;
  /** Cancels every job, stops the daemons, removes the fake devices it made and the temp dir. */
  stop(): Promise<void>;
}

interface Daemon {
  readonly name: string;
  readonly child: ChildProcess;
  exited: boolean;
}

function startDaemon(name: string, args: readonly string[], env: NodeJS.ProcessEnv, log: string): Daemon {
  const path = which(name) ?? name;
  writeFileSync(log, '');
  const child = spawn(path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const daemon: Daemon = { name, child, exited: false };
  const append = (d: Buffer): void => writeFileSync(log, d, { flag: 'a' });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('exit', () => (daemon.exited = true));
  child.on('error', () => (daemon.exited = true));
  return daemon;
}

async function stopDaemon(daemon: Daemon | undefined): Promise<void> {
  if (daemon === undefined || daemon.exited) return;
  daemon.child.kill('SIGTERM');
  for (let i = 0; i < 100 && !daemon.exited; i++) await sleep(50);
  if (!daemon.exited) {
    daemon.child.kill('SIGKILL');
    for (let i = 0; i < 40 && !daemon.exited; i++) await sleep(50);
  }
}

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts the cluster; throws (after tearing down what it started) naming what is missing. */
export async function startSlurmCluster(options: SlurmClusterOptions = {}): Promise<SlurmCluster> {
  const missing = programs.filter(([name]) => which(name) === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, p]) => p.replace(/ \(.*\)$/, '')))];
    throw new Error(
      `the real-Slurm tests cannot start a cluster: ${missing.map(([n, p]) => `${n} (Debian package ${p})`).join(', ')} not found on PATH or in /usr/sbin; install with: apt-get install ${packages.join(' ')}`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the real-Slurm tests must run as root: they create /dev/nvidia* devices, run munged, slurmctld and slurmd, and submit jobs as other users',
    );
  }

  const shards = options.shardsPerGpu ?? 4;
  const nodeName = hostname().split('.')[0] ?? 'localhost';
  const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-slurm-'));
  // Job submitters (other users) read slurm.conf and reach the munge socket.
  chmodSync(dir, 0o755);
  const keyDir = join(dir, 'munge-key');
  const runDir = join(dir, 'munge-run');
  const logDir = join(dir, 'log');
  for (const d of [keyDir, runDir, logDir, join(dir, 'state'), join(dir, 'spool')]) mkdirSync(d);
  chmodSync(keyDir, 0o700);
  chmodSync(runDir, 0o711);
  const conf = join(dir, 'slurm.conf');
  const env: Record<string, string> = { SLURM_CONF: conf };
  const daemonEnv = { ...process.env, ...env };
  const createdDevices: string[] = [];
  let munged: Daemon | undefined;
  let slurmctld: Daemon | undefined;
  let slurmd: Daemon | undefined;
  let stopped = false;

  const client = async (
    command: 'scontrol' | 'squeue' | 'scancel' | 'sinfo' | 'sbatch',
    args: readonly string[],
    timeoutMs = 30_000,
  ): Promise<string> => {
    const out = await run(which(command) ?? command, args, { env: daemonEnv, timeoutMs });
    if (out.code !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} failed (exit ${out.code}): ${out.stderr.trim() || out.stdout.trim()}`,
      );
    }
    return out.stdout;
  };

  const logs = (): string =>
    ['munged', 'slurmctld', 'slurmd']
      .map((n) => `--- ${n} log:\n${tail(join(logDir, `${n}.log`))}`)
      .join('\n');

  const startController = async (): Promise<void> => {
    slurmctld = startDaemon('slurmctld', ['-D'], daemonEnv, join(logDir, 'slurmctld.log'));
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      if (slurmctld.exited) throw new Error(`slurmctld exited at start\n${logs()}`);
      const ping = await run(which('scontrol') ?? 'scontrol', ['ping'], { env: daemonEnv, timeoutMs: 5_000 });
      up = /is UP/.test(ping.stdout);
      if (!up) await sleep(100);
    }
    if (!up) throw new Error(`slurmctld did not answer scontrol ping within 10 s\n${logs()}`);
    if (slurmd === undefined || slurmd.exited) return;
    // A restarted slurmctld knows the node's GRES only from its state file, without the device
    // details, and gives new jobs 0 GPUs (GRES=gpu:h100:0(IDX:)) until slurmd registers again,
    // which it does on its own only at the next ping (minutes). Ask it to now.
    await client('scontrol', ['reconfigure']);
    for (let i = 0; i < 100; i++) {
      if (/\bArch=/.test(await client('scontrol', ['show', 'node', nodeName]))) return;
      await sleep(100);
    }
    throw new Error(`slurmd did not register again within 10 s of the slurmctld restart\n${logs()}`);
  };

  const cancelAll = async (): Promise<void> => {
    if (slurmctld === undefined || slurmctld.exited) return;
    await client('scancel', ['--full', '--partition=main']);
    for (let i = 0; i < 200; i++) {
      const left = await client('squeue', ['--noheader', '--states=all', '--format=%A|%T']);
      if (left.split('\n').every((l) => l === '' || /\|(COMPLETED|CANCELLED|FAILED)$/.test(l))) return;
      await sleep(100);
    }
    throw new Error('jobs still listed 20 s after scancel');
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const problems: string[] = [];
    try {
      await cancelAll();
    } catch (err: unknown) {
      problems.push(String(err));
    }
    await stopDaemon(slurmd);
    await stopDaemon(slurmctld);
    await stopDaemon(munged);
    for (const device of createdDevices) rmSync(device, { force: true });
    rmSync(dir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`Slurm cluster teardown: ${problems.join('; ')}`);
  };

  try {
    for (let i = 0; i < 8; i++) {
      const device = `/dev/nvidia${i}`;
      if (existsSync(device)) continue;
      const made = await run('mknod', [device, 'c', '195', String(i)]);
      if (made.code !== 0) throw new Error(`mknod ${device} c 195 ${i} failed: ${made.stderr.trim()}`);
      createdDevices.push(device);
    }

    writeFileSync(join(keyDir, 'munge.key'), randomBytes(1024), { mode: 0o400 });
    const socket = join(runDir, 'munge.socket');
    munged = startDaemon(
      'munged',
      [
        '--foreground',
        '--force',
        `--key-file=${join(keyDir, 'munge.key')}`,
        `--socket=${socket}`,
        `--pid-file=${join(runDir, 'munged.pid')}`,
        `--seed-file=${join(keyDir, 'munged.seed')}`,
        `--log-file=${join(logDir, 'munged.file.log')}`,
      ],
      daemonEnv,
      join(logDir, 'munged.log'),
    );
    for (let i = 0; i < 50 && !existsSync(socket); i++) {
      if (munged.exited) throw new Error(`munged exited at start\n${logs()}`);
      await sleep(100);
    }
    if (!existsSync(socket)) throw new Error(`munged made no socket within 5 s\n${logs()}`);

    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(
      conf,
      [
        'ClusterName=gpuwatch-test',
        `SlurmctldHost=${nodeName}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'GresTypes=gpu,shard',
        'AccountingStorageType=accounting_storage/none',
        'JobAcctGatherType=jobacct_gather/none',
        'JobCompType=jobcomp/none',
        'MpiDefault=none',
        'SlurmdParameters=config_overrides',
        // Heterogeneous jobs need the backfill scheduler; short intervals start jobs in ~1 s.
        'SchedulerType=sched/backfill',
        'SchedulerParameters=bf_interval=1,sched_interval=1',
        'KillWait=1',
        'MinJobAge=2',
        'ReturnToService=2',
        `NodeName=${nodeName} NodeAddr=127.0.0.1 CPUs=32 RealMemory=20000 Gres=gpu:h100:8,shard:${8 * shards} State=UNKNOWN`,
        `PartitionName=main Nodes=${nodeName} Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'gres.conf'),
      [
        `NodeName=${nodeName} Name=gpu Type=h100 File=/dev/nvidia[0-7]`,
        `NodeName=${nodeName} Name=shard Count=${8 * shards} File=/dev/nvidia[0-7]`,
        '',
      ].join('\n'),
    );
    chmodSync(conf, 0o644);

    await startController();
    slurmd = startDaemon('slurmd', ['-D'], daemonEnv, join(logDir, 'slurmd.log'));
    let state = '';
    for (let i = 0; i < 150; i++) {
      if (slurmd.exited) throw new Error(`slurmd exited at start\n${logs()}`);
      state = (await client('sinfo', ['--noheader', '--format=%T'])).trim();
      if (state === 'idle') break;
      await sleep(100);
    }
    if (state !== 'idle')
      throw new Error(`node ${nodeName} is ${JSON.stringify(state)}, not idle, after 15 s\n${logs()}`);
  } catch (err: unknown) {
    await stop().catch(() => undefined);
    throw err;
  }

  return {
    dir,
    nodeName,
    env,
    async submit(user, args) {
      const sbatch = which('sbatch') ?? 'sbatch';
      const wrap = args.includes('--wrap') ? [] : ['--wrap', 'sleep 600'];
      const out = await run(
        which('runuser') ?? 'runuser',
        [
          '-u',
          user,
          '--',
          sbatch,
          '--parsable',
          '--output=/dev/null',
          '--error=/dev/null',
          '--chdir=/tmp',
          ...args,
          ...wrap,
        ],
        { env: daemonEnv },
      );
      if (out.code !== 0)
        throw new Error(
          `sbatch as ${user} ${args.join(' ')} failed (exit ${out.code}): ${out.stderr.trim()}`,
        );
      // "<id>" or "<id>;<cluster>"; a heterogeneous job prints its leader id.
      return out.stdout.trim().split(';')[0] ?? '';
    },
    client: (command, args) => client(command, args),
    async waitForState(jobIds, wanted, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let seen = new Map<string, string>();
      while (Date.now() < deadline) {
        const out = await client('squeue', ['--noheader', '--states=all', '--format=%A|%T|%r']);
        seen = new Map(
          out
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => {
              const [id = '', state = '', reason = ''] = l.split('|');
              return [id, reason === 'None' ? state : `${state} (${reason})`];
            }),
        );
        if (jobIds.every((id) => seen.get(id) === wanted)) return;
        await sleep(200);
      }
      throw new Error(
        `jobs not ${wanted} after ${timeoutMs} ms: ${jobIds.map((id) => `${id}=${seen.get(id) ?? 'gone'}`).join(', ')}`,
      );
    },
    async stopController() {
      await stopDaemon(slurmctld);
    },
    startController,
    cancelAll,
    stop,
  };
}
