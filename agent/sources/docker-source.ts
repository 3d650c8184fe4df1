/**
 * Docker: running containers given GPUs, from the Engine API on the daemon's unix socket.
 *
 * A container holds GPUs when
 * - `HostConfig.DeviceRequests` has a GPU request: driver "nvidia", or capability "gpu" (what
 *   `docker run --gpus` writes, with an empty driver). `Count: -1` (`--gpus all`) is all GPUs;
 *   `DeviceIDs` (`--gpus '"device=0,2"'`) are UUIDs, indices or `<gpu>:<mig>` MIG devices; a
 *   bare count N (`--gpus 2`) is the first N GPUs, which is how dockerd's NVIDIA driver picks
 *   them. dockerd hands these to the NVIDIA hook by appending NVIDIA_VISIBLE_DEVICES after the
 *   container's own, so they override the variable;
 * - or it runs under an NVIDIA runtime (`HostConfig.Runtime`, default "nvidia"), or has a GPU
 *   request that names no devices (`Count: 0`), with `NVIDIA_VISIBLE_DEVICES` set: "all", a
 *   comma-separated list (spaces around ids and empty entries are ignored; the last definition
 *   in `Config.Env` counts), or "none"/"void"/"" for no GPU. The variable is ignored for other
 *   runtimes: CUDA base images set it to "all" whether or not the container gets a GPU.
 * A paused container keeps its GPUs (its memory stays on them): every container carries its state
 * in the label `docker_state` ("running" or "paused", as Slurm jobs carry `slurm_state`). A restarting one (between two runs of its restart policy) holds
 * nothing: no process runs.
 * Tenant: the container label `gpuwatch.tenant` (configurable); a GPU container without it is
 * skipped with a warning and reported as unattributed (its time counts as `no_tenant`). The
 * label's value is passed on as it is: the agent's id checks refuse one the collector would
 * (allocation-checks.ts). Containers of Kubernetes pods (label io.kubernetes.pod.uid) are left
 * to the Kubernetes source. Allocation id: the container id. Start (`since_unix_ms`):
 * `State.StartedAt`, which a restart renews, so a restarted container is a new run. Several
 * containers on one GPU are each reported whole; the resolver splits the GPU between them.
 * Fingerprint: the image id.
 */
import { quote } from '../../common/errors.js';
import type {
  AllocationSource,
  CollectContext,
  GpuRef,
  SourceAllocation,
  SourceResult,
  UnattributedHolding,
} from './allocation.js';
import {
  DockerClient,
  type DockerClientOptions,
  type DockerContainerInspect,
  type DockerDeviceRequest,
} from './docker-client.js';

/** Options of the Docker source: the client options plus how tenants and GPUs are read. */
export interface DockerSourceOptions extends DockerClientOptions {
  /** A shared client (process attribution uses the same). Default: one built from the options. */
  readonly client?: DockerClient;
  /** Container label holding the tenant id. Default "gpuwatch.tenant". */
  readonly tenantLabel?: string;
  /** Runtimes under which NVIDIA_VISIBLE_DEVICES hands out GPUs. Default ["nvidia"]. */
  readonly nvidiaRuntimes?: readonly string[];
  /** Container inspections at once. Default 4. */
  readonly concurrency?: number;
}

/** The container label that names the tenant unless configured otherwise. */
export const defaultTenantLabel = 'gpuwatch.tenant';

/** A device id of DeviceIDs or NVIDIA_VISIBLE_DEVICES as a GPU reference. */
export function dockerDeviceRef(id: string): GpuRef | undefined {
  const t = id.trim();
  if (/^(GPU|MIG)-\S+$/.test(t)) return { uuid: t };
  if (/^\d+$/.test(t)) return { index: Number(t) };
  const mig = /^(\d+):(\d+)$/.exec(t);
  if (mig !== null) return { index: Number(mig[1]), migIndex: Number(mig[2]) };
  return undefined;
}

/** The NVIDIA_VISIBLE_DEVICES of a container's environment: its last definition, or undefined. */
export function visibleDevicesEnv(env: readonly string[] | null | undefined): string | undefined {
  const prefix = 'NVIDIA_VISIBLE_DEVICES=';
  const last = [...(env ?? [])].reverse().find((e) => e.startsWith(prefix));
  return last?.slice(prefix.length);
}

/** True for a device request that dockerd hands to its NVIDIA driver. */
function isGpuRequest(req: DockerDeviceRequest): boolean {
  return req.Driver === 'nvidia' || (req.Capabilities ?? []).some((caps) => caps.includes('gpu'));
}

/** The GPUs a container holds, with problems for ids that are not GPUs. */
export function containerGpus(
  inspect: DockerContainerInspect,
  nvidiaRuntimes: readonly string[],
): { gpus: GpuRef[]; problems: string[] } {
  const gpus: GpuRef[] = [];
  const problems: string[] = [];
  // "0,0" is one GPU held once: a repeated id must not weigh twice in a shared GPU's split.
  const seen = new Set<string>();
  const push = (ref: GpuRef): void => {
    const key = JSON.stringify(ref);
    if (!seen.has(key)) gpus.push(ref);
    seen.add(key);
  };
  const add = (ids: readonly string[]): void => {
    for (const raw of ids) {
      const id = raw.trim();
      if (id === '') continue; // "0,1," or "0, ,1": the NVIDIA hook skips empty entries too
      const ref = dockerDeviceRef(id);
      if (ref === undefined) problems.push(`device id ${quote(id)} is not a GPU UUID, index or MIG device`);
      else push(ref);
    }
  };
  const requests = (inspect.HostConfig?.DeviceRequests ?? []).filter(isGpuRequest);
  for (const req of requests) {
    if (req.Count !== undefined && req.Count < 0) push({ all: true });
    else if ((req.DeviceIDs ?? []).length > 0) add(req.DeviceIDs ?? []);
    else for (let i = 0; i < (req.Count ?? 0); i++) push({ index: i });
  }
  // A request that named GPUs overrides the variable; one that did not still installs the hook.
  const hooked = requests.length > 0 || nvidiaRuntimes.includes(inspect.HostConfig?.Runtime ?? '');
  if (hooked && gpus.length === 0 && problems.length === 0) {
    const value = visibleDevicesEnv(inspect.Config?.Env)?.trim();
    if (value === 'all') push({ all: true });
    else if (value !== undefined && value !== 'none' && value !== 'void') add(value.split(','));
  }
  return { gpus, problems };
}

/** The Docker tenant source. */
export class DockerSource implements AllocationSource {
  readonly name = 'docker' as const;
  readonly client: DockerClient;
  private readonly tenantLabel: string;
  private readonly nvidiaRuntimes: readonly string[];
  private readonly concurrency: number;

  constructor(options: DockerSourceOptions = {}) {
    this.client = options.client ?? new DockerClient(options);
    this.tenantLabel = options.tenantLabel ?? defaultTenantLabel;
    this.nvidiaRuntimes = options.nvidiaRuntimes ?? ['nvidia'];
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  async collect(context: CollectContext): Promise<SourceResult> {
    const warnings: string[] = [];
    const containers = (await this.client.listContainers(context.signal)).filter(
      (c) => c.Labels?.['io.kubernetes.pod.uid'] === undefined,
    );
    const allocations: SourceAllocation[] = [];
    const unattributed: UnattributedHolding[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < containers.length) {
        const summary = containers[next++];
        if (summary === undefined) break;
        const inspect = await this.client.inspect(summary.Id, context.signal);
        if (inspect === undefined || inspect.State?.Running === false) continue; // gone meanwhile
        // Between two runs of a restart policy nothing runs (Running is still true, Pid 0); its
        // next run is a new one, with a new StartedAt.
        if (inspect.State?.Restarting === true) continue;
        const { gpus, problems } = containerGpus(inspect, this.nvidiaRuntimes);
        const name = (inspect.Name ?? summary.Names?.[0] ?? summary.Id).replace(/^\//, '');
        warnings.push(...problems.map((p) => `container ${name}: ${p}`));
        if (gpus.length === 0) continue;
        const started = Date.parse(inspect.State?.StartedAt ?? '');
        const since = Number.isFinite(started) && started > 0 ? { since_unix_ms: started } : {};
        const tenant = inspect.Config?.Labels?.[this.tenantLabel];
        if (tenant === undefined || tenant.trim() === '') {
          warnings.push(
            `container ${name} holds GPUs but has no ${quote(this.tenantLabel)} label; skipped (its GPU time is counted as unattributed, reason no_tenant)`,
          );
          unattributed.push({ allocation_id: inspect.Id, gpus, ...since });
          continue;
        }
        const state =
          inspect.State?.Paused === true ? 'paused' : (inspect.State?.Status ?? summary.State ?? '');
        allocations.push({
          tenant_id: tenant.trim(),
          allocation_id: inspect.Id,
          gpus,
          source: 'docker',
          workload_fingerprint: inspect.Image ?? summary.ImageID ?? '',
          labels: {
            docker_container: name,
            ...(inspect.Config?.Image !== undefined ? { docker_image: inspect.Config.Image } : {}),
            ...(state !== '' ? { docker_state: state } : {}),
          },
          ...since,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, containers.length) }, worker));
    allocations.sort((a, b) => a.allocation_id.localeCompare(b.allocation_id));
    unattributed.sort((a, b) => a.allocation_id.localeCompare(b.allocation_id));
    return { allocations, unattributed, warnings };
  }
}
