/**
 * A private Docker daemon for the real-Docker tests: dockerd 20.10 (Debian's docker.io) in a
 * temp dir, on its own socket, on a containerd of its own: never the machine's daemons.
 *
 * - its own containerd (left to itself, dockerd attaches to the machine's when one runs);
 * - vfs storage, no iptables, no bridge: it starts in a sandbox without kernel modules;
 * - a runtime named `nvidia` that is plain runc, so containers carry the NVIDIA runtime's name;
 * - a stub `nvidia-container-runtime-hook` on dockerd's PATH, which makes dockerd register its
 *   NVIDIA device driver: `docker run --gpus …` is accepted and `HostConfig.DeviceRequests` is
 *   what the real CLI and daemon write (the stub hook exposes nothing: there are no GPUs here);
 * - `live-restore`, so containers keep running while dockerd is stopped (`stop()`/`startDaemon()`),
 *   as on a production host whose dockerd is upgraded;
 * - an image `local/busybox:1` imported from a busybox-static rootfs (no registry).
 *
 *     const d = await Dockerd.start();
 *     const id = await d.run(['--gpus', 'all', '--label', 'gpuwatch.tenant=acme']);
 *     … new DockerSource({ socketPath: d.socketPath }) …
 *     await d.teardown(); // in afterAll: removes containers, stops dockerd, unmounts, deletes
 *
 * A missing program fails `start()` naming it and its Debian package; it never skips.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { missingPrograms } from '../global-setup.js';

type RequiredProgram = NonNullable<Parameters<typeof missingPrograms>[0]>[number];

const run = promisify(execFile);

/** What the harness needs on PATH. */
export const dockerdPrograms: readonly RequiredProgram[] = [
  { name: 'dockerd', debianPackage: 'docker.io', usedBy: 'the real-Docker tests run a private dockerd' },
  { name: 'docker', debianPackage: 'docker.io', usedBy: 'the real-Docker tests start containers with it' },
  { name: 'containerd', debianPackage: 'containerd', usedBy: 'dockerd runs its containers under it' },
  {
    name: 'runc',
    debianPackage: 'runc',
    usedBy: 'dockerd runs containers (and the `nvidia` runtime) with it',
  },
  {
    name: 'busybox',
    debianPackage: 'busybox-static',
    usedBy: 'the real-Docker tests import an image made from its rootfs',
  },
];

/** The image every container runs. */
export const busyboxImage = 'local/busybox:1';

const hookStub =
  '#!/bin/sh\n# Stands in for the NVIDIA hook: reads the container state, exposes nothing.\ncat >/dev/null\nexit 0\n';

/** GET on the daemon's socket; resolves with the status code and body. */
function get(socketPath: string, path: string, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, headers: { host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A child daemon: spawned, awaited until it answers, stopped. Its stderr goes to a log file. */
class ChildDaemon {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly logPath: string,
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Spawns it and polls `ready` until it holds; rejects with the log's tail if it exits first. */
  async start(
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    ready: () => Promise<boolean>,
    timeoutMs = 30_000,
  ): Promise<void> {
    if (this.child !== undefined) throw new Error(`${this.name} is already running`);
    const child = spawn(this.name, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    this.child = child;
    let log = '';
    child.stderr?.on('data', (c: Buffer) => {
      log += c.toString();
      appendFileSync(this.logPath, c);
    });
    let ended: string | undefined;
    this.exited = new Promise<void>((resolve) => {
      const done = (why: string): void => {
        ended = why;
        if (this.child === child) this.child = undefined;
        resolve();
      };
      child.once('exit', (code, signal) =>
        done(`${this.name} exited (code ${String(code)}, signal ${String(signal)})`),
      );
      child.once('error', (err) => done(`${this.name} could not be started: ${err.message}`));
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (ended !== undefined) throw new Error(`${ended}; its log:\n${log.slice(-3_000)}`);
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.name} was not ready within ${timeoutMs} ms; its log:\n${log.slice(-3_000)}`);
      }
      await sleep(100);
    }
  }

  /** SIGTERM, then SIGKILL after 20 s; resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(killer);
  }
}

/** A dockerd of our own, on a containerd of our own. */
export class Dockerd {
  /** The daemon's API socket (what DockerSource's `socketPath` takes). */
  readonly socketPath: string;
  private readonly dockerd: ChildDaemon;
  private readonly containerd: ChildDaemon;
  private readonly containerdSocket: string;
  private readonly containerdConfig: string;
  private readonly dataRoot: string;
  private readonly execRoot: string;
  private readonly configFile: string;
  private readonly binDir: string;
  private readonly namespace: string;

  private constructor(readonly dir: string) {
    this.socketPath = join(dir, 'docker.sock');
    this.dataRoot = join(dir, 'data');
    this.execRoot = join(dir, 'exec');
    this.configFile = join(dir, 'daemon.json');
    this.binDir = join(dir, 'bin');
    this.containerdSocket = join(dir, 'containerd', 'containerd.sock');
    this.containerdConfig = join(dir, 'containerd.toml');
    this.namespace = `gpuwatch-test-${dir.slice(-6).replace(/[^a-zA-Z0-9]/g, 'x')}`;
    this.dockerd = new ChildDaemon('dockerd', join(dir, 'dockerd.log'));
    this.containerd = new ChildDaemon('containerd', join(dir, 'containerd.log'));
  }

  /** Creates the temp dir, starts containerd and dockerd, and imports the busybox image. */
  static async start(): Promise<Dockerd> {
    const missing = missingPrograms(dockerdPrograms);
    if (missing.length > 0) throw new Error(`the real-Docker tests cannot run:\n${missing.join('\n')}`);
    const d = new Dockerd(mkdtempSync(join(tmpdir(), 'gpuwatch-dockerd-')));
    try {
      mkdirSync(d.binDir);
      writeFileSync(join(d.binDir, 'nvidia-container-runtime-hook'), hookStub);
      chmodSync(join(d.binDir, 'nvidia-container-runtime-hook'), 0o755);
      writeFileSync(
        d.configFile,
        JSON.stringify({ runtimes: { nvidia: { path: 'runc' } }, 'live-restore': true }, null, 2),
      );
      // Our own containerd: left to itself, dockerd would use the machine's if one runs.
      writeFileSync(
        d.containerdConfig,
        [
          'version = 2',
          `root = ${JSON.stringify(join(d.dir, 'containerd', 'root'))}`,
          `state = ${JSON.stringify(join(d.dir, 'containerd', 'state'))}`,
          'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
          '[grpc]',
          `  address = ${JSON.stringify(d.containerdSocket)}`,
          '[ttrpc]',
          `  address = ${JSON.stringify(`${d.containerdSocket}.ttrpc`)}`,
          '[debug]',
          '  address = ""',
          '',
        ].join('\n'),
      );
      await d.containerd.start(['--config', d.containerdConfig], { PATH: process.env.PATH }, () =>
        Promise.resolve(existsSync(d.containerdSocket)),
      );
      await d.startDaemon();
      await d.importBusybox();
      return d;
    } catch (err: unknown) {
      await d.teardown().catch(() => undefined);
      throw err;
    }
  }

  /** True while dockerd runs. */
  get running(): boolean {
    return this.dockerd.running;
  }

  /** Starts dockerd (again, after `stop()`), on the same dirs and socket; its containers come back. */
  startDaemon(): Promise<void> {
    return this.dockerd.start(
      [
        '--config-file',
        this.configFile,
        '--containerd',
        this.containerdSocket,
        '--containerd-namespace',
        this.namespace,
        '--containerd-plugins-namespace',
        `${this.namespace}-plugins`,
        '--storage-driver=vfs',
        '--iptables=false',
        '--ip-masq=false',
        '--bridge=none',
        '--data-root',
        this.dataRoot,
        '--exec-root',
        this.execRoot,
        '--pidfile',
        join(this.dir, 'dockerd.pid'),
        '-H',
        `unix://${this.socketPath}`,
      ],
      // The stub hook first on PATH: dockerd registers its NVIDIA driver when it finds one.
      { ...process.env, PATH: `${this.binDir}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}` },
      async () => (await get(this.socketPath, '/_ping')).status === 200,
    );
  }

  /** Stops dockerd alone (containerd stays, as a host's would): containers keep running (live-restore). */
  stop(): Promise<void> {
    return this.dockerd.stop();
  }

  /** Runs the docker CLI against this daemon only; resolves with its stdout, trimmed. */
  async docker(args: readonly string[]): Promise<string> {
    try {
      const { stdout } = await run('docker', ['-H', `unix://${this.socketPath}`, ...args], {
        env: {
          PATH: process.env.PATH,
          HOME: this.dir,
          // Neither the machine's CLI config (contexts, credential helpers) nor its DOCKER_HOST.
          DOCKER_CONFIG: join(this.dir, 'cli'),
        },
        timeout: 60_000,
      });
      return stdout.trim();
    } catch (err: unknown) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`docker ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
    }
  }

  /**
   * `docker run -d` of the busybox image with `args` before the image (flags) and `command`
   * after it (default: sleep for an hour); no network. Resolves with the container id.
   */
  run(args: readonly string[], command: readonly string[] = ['sleep', '3600']): Promise<string> {
    return this.docker(['run', '-d', '--network', 'none', ...args, busyboxImage, ...command]);
  }

  /** GET on the Engine API; the parsed JSON body. */
  async api<T>(path: string): Promise<T> {
    const { status, body } = await get(this.socketPath, path, 10_000);
    if (status !== 200) throw new Error(`GET ${path}: HTTP ${status}: ${body}`);
    return JSON.parse(body) as T;
  }

  private async importBusybox(): Promise<void> {
    const rootfs = join(this.dir, 'rootfs');
    mkdirSync(join(rootfs, 'bin'), { recursive: true });
    const { stdout } = await run('sh', ['-c', 'command -v busybox']);
    copyFileSync(stdout.trim(), join(rootfs, 'bin', 'busybox'));
    chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
    for (const tool of ['sh', 'sleep', 'true', 'cat', 'env'])
      symlinkSync('busybox', join(rootfs, 'bin', tool));
    const tar = join(this.dir, 'busybox.tar');
    await run('tar', ['-C', rootfs, '-cf', tar, '.']);
    await this.docker(['import', tar, busyboxImage]);
  }

  /**
   * Removes every container, stops dockerd and containerd, unmounts what they left mounted under
   * the temp dir and deletes it. Safe in afterAll whatever state a test left (dockerd stopped
   * with live containers: it is started again to remove them).
   */
  async teardown(): Promise<void> {
    const problems: string[] = [];
    if (!this.dockerd.running && this.containerd.running) {
      await this.startDaemon().catch((err: unknown) => problems.push(`restart for cleanup: ${String(err)}`));
    }
    if (this.dockerd.running) {
      try {
        const ids = (await this.docker(['ps', '-aq'])).split('\n').filter((s) => s !== '');
        if (ids.length > 0) await this.docker(['rm', '-f', ...ids]);
      } catch (err: unknown) {
        problems.push(String(err));
      }
      await this.dockerd.stop();
    }
    await this.containerd.stop();
    // dockerd makes its data root a private bind mount of itself and does not undo it.
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(`${this.dir}/`))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) {
      await run('umount', ['-l', m]).catch((err: unknown) => problems.push(`umount ${m}: ${String(err)}`));
    }
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch (err: unknown) {
      problems.push(`remove ${this.dir}: ${String(err)}`);
    }
    if (problems.length > 0) throw new Error(`dockerd teardown: ${problems.join('; ')}`);
  }
}
