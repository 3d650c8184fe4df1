/**
 * A minimal Docker Engine API client over the daemon's unix socket (node:http): the two reads
 * the agent needs, `GET /containers/json` and `GET /containers/{id}/json`. Unversioned paths:
 * the daemon answers with its own API version, and the fields read here are stable across them.
 */
import { request } from 'node:http';
import { AppError, quote } from '../../common/errors.js';

/** The Docker daemon's socket. */
export const defaultDockerSocket = '/var/run/docker.sock';

/** `GET /containers/json` entries (the fields the agent reads). */
export interface DockerContainerSummary {
  readonly Id: string;
  readonly Names?: readonly string[];
  readonly Image?: string;
  readonly ImageID?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly State?: string;
}

/** A GPU request of `docker run --gpus` or a compose `deploy.resources.reservations.devices`. */
export interface DockerDeviceRequest {
  readonly Driver?: string;
  readonly Count?: number;
  readonly DeviceIDs?: readonly string[] | null;
  readonly Capabilities?: readonly (readonly string[])[] | null;
}

/** `GET /containers/{id}/json` (the fields the agent reads). */
export interface DockerContainerInspect {
  readonly Id: string;
  readonly Name?: string;
  /** Image id, "sha256:…". */
  readonly Image?: string;
  readonly State?: {
    /** "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead". */
    readonly Status?: string;
    /** True for paused containers too: they keep their devices. */
    readonly Running?: boolean;
    readonly Paused?: boolean;
    /** Between two runs of a restart policy (Running stays true, nothing runs). */
    readonly Restarting?: boolean;
    /** RFC 3339 with nanoseconds; "0001-01-01T00:00:00Z" before the first start. New on every restart. */
    readonly StartedAt?: string;
  };
  readonly Config?: {
    readonly Image?: string;
    readonly Env?: readonly string[] | null;
    readonly Labels?: Readonly<Record<string, string>> | null;
  };
  readonly HostConfig?: {
    readonly Runtime?: string;
    readonly DeviceRequests?: readonly DockerDeviceRequest[] | null;
  };
}

/** The Docker daemon could not be asked, or answered with an error. */
export class DockerError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

/** Where the daemon's socket is and how long a request may take. */
export interface DockerClientOptions {
  /** The daemon's socket. Default /var/run/docker.sock. */
  readonly socketPath?: string;
  /** Deadline per request, in ms. Default 5 000. */
  readonly timeoutMs?: number;
  /** Largest response accepted, in bytes. Default 32 MiB. */
  readonly maxResponseBytes?: number;
}

/** Reads containers from the Docker Engine API. */
export class DockerClient {
  readonly socketPath: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: DockerClientOptions = {}) {
    this.socketPath = options.socketPath ?? defaultDockerSocket;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
  }

  /** Running containers. */
  listContainers(signal?: AbortSignal): Promise<DockerContainerSummary[]> {
    return this.get<DockerContainerSummary[]>('/containers/json', signal);
  }

  /** One container's details; undefined when it no longer exists. */
  async inspect(id: string, signal?: AbortSignal): Promise<DockerContainerInspect | undefined> {
    if (!/^[0-9a-zA-Z_.-]+$/.test(id))
      throw new DockerError(`container id ${quote(id)} is not a container id`);
    try {
      return await this.get<DockerContainerInspect>(`/containers/${id}/json`, signal);
    } catch (err: unknown) {
      if (err instanceof DockerError && / 404:/.test(err.message)) return undefined;
      throw err;
    }
  }

  private get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, path, method: 'GET', headers: { host: 'docker' }, signal },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          let tooLarge = false;
          res.on('data', (chunk: Buffer) => {
            if (tooLarge) return;
            bytes += chunk.length;
            if (bytes > this.maxResponseBytes) {
              // Rejected here, once; destroying the socket must not also end the body as if whole.
              tooLarge = true;
              reject(new DockerError(`Docker ${path}: response larger than ${this.maxResponseBytes} bytes`));
              req.destroy();
            } else chunks.push(chunk);
          });
          res.on('error', (err) => reject(new DockerError(`Docker ${path}: ${err.message}`)));
          res.on('end', () => {
            if (tooLarge) return;
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              let message = body.slice(0, 200);
              try {
                const parsed = (JSON.parse(body) as { message?: unknown }).message;
                if (typeof parsed === 'string') message = parsed;
              } catch {
                /* not JSON: keep the raw text */
              }
              reject(
                new DockerError(
                  `Docker ${path} on ${this.socketPath}: HTTP ${res.statusCode ?? '?'}: ${message}`,
                ),
              );
              return;
            }
            try {
              resolve(JSON.parse(body) as T);
            } catch (err: unknown) {
              reject(new DockerError(`Docker ${path}: response is not JSON: ${(err as Error).message}`));
            }
          });
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(
          new DockerError(`Docker ${path} on ${this.socketPath}: no answer within ${this.timeoutMs} ms`),
        ),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof DockerError) reject(err);
        else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') {
          reject(new DockerError(`Docker daemon not reachable at ${quote(this.socketPath)} (${err.code})`));
        } else reject(new DockerError(`Docker ${path} on ${this.socketPath}: ${err.message}`));
      });
      req.end();
    });
  }
}
