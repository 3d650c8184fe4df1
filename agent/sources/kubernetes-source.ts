/**
 * Kubernetes: who holds each GPU according to the kubelet's PodResources API (`List` over the
 * kubelet's unix socket).
 *
 * - Devices of resource `nvidia.com/gpu` and `nvidia.com/mig-<profile>` (plus any configured
 *   extra names) count. Their ids are GPU or MIG UUIDs; a time-sliced GPU is handed out as
 *   replicas `GPU-…::<n>`, and the suffix is stripped: every pod holding a replica holds the GPU,
 *   shared, weighted by the replicas it holds (the pods split the GPU's time in that proportion).
 *   Ids of the form `nvidia<N>` (GKE's device plugin) are GPU indices.
 * - Tenant: from the pod's namespace through the tenant mapping (tenant-mapping.ts); a pod whose
 *   namespace maps to no tenant is reported as unattributed (reason no_tenant), not sent.
 * - Allocation id: the pod UID, found in the kubelet's pod log directory (pod-directory.ts),
 *   since PodResources does not carry it; `<namespace>/<name>` when it cannot be found.
 * - Workload fingerprint: empty. PodResources carries no image; the container runtime would.
 * - Devices handed out through Dynamic Resource Allocation are named by driver, pool and
 *   device, not by UUID, and are reported as a warning rather than guessed at.
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
import { PodDirectory } from './pod-directory.js';
import { PodResourcesClient, type PodResourcesClientOptions } from './podresources.js';
import type { TenantMapping } from './tenant-mapping.js';

/** Options of the Kubernetes source: the kubelet client options plus tenancy. */
export interface KubernetesSourceOptions extends PodResourcesClientOptions {
  /** Namespace → tenant. */
  readonly tenants: TenantMapping;
  /** Pod UIDs by namespace/name. Default: /var/log/pods. */
  readonly podDirectory?: PodDirectory;
  /** Deadline for the kubelet call, in ms. Default 5 000. */
  readonly timeoutMs?: number;
  /** Resource names that are GPUs besides nvidia.com/gpu and nvidia.com/mig-*. Default none. */
  readonly extraResourceNames?: readonly string[];
}

/** A device id as a GPU reference: "GPU-…::3" → the GPU, "nvidia2" → index 2. */
export function deviceRef(id: string): { ref: GpuRef; shared: boolean } | undefined {
  const replica = /^(.*)::\d+$/.exec(id);
  const bare = replica?.[1] ?? id;
  if (/^(GPU|MIG)-\S+$/.test(bare)) return { ref: { uuid: bare }, shared: replica !== null };
  const gke = /^nvidia(\d+)$/.exec(bare);
  if (gke !== null) return { ref: { index: Number(gke[1]) }, shared: replica !== null };
  return undefined;
}

/** The Kubernetes tenant source. */
export class KubernetesSource implements AllocationSource {
  readonly name = 'kubernetes' as const;
  private readonly client: PodResourcesClient;
  private readonly tenants: TenantMapping;
  private readonly pods: PodDirectory;
  private readonly timeoutMs: number;
  private readonly extra: ReadonlySet<string>;

  constructor(options: KubernetesSourceOptions) {
    this.client = new PodResourcesClient(options);
    this.tenants = options.tenants;
    this.pods = options.podDirectory ?? new PodDirectory();
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.extra = new Set(options.extraResourceNames ?? []);
  }

  async collect(_context: CollectContext): Promise<SourceResult> {
    const warnings: string[] = [];
    const mapProblem = this.tenants.refresh();
    if (mapProblem !== undefined) warnings.push(`${mapProblem}; the previous map stays in force`);
    const response = await this.client.list(this.timeoutMs);
    const dirProblem = this.pods.scan();
    if (dirProblem !== undefined) warnings.push(dirProblem);

    const allocations: SourceAllocation[] = [];
    const unattributed: UnattributedHolding[] = [];
    for (const pod of response.pod_resources ?? []) {
      const namespace = pod.namespace ?? '';
      const name = pod.name ?? '';
      // A time-sliced GPU appears once per replica the pod holds: its weight among the sharers.
      const refs = new Map<string, { ref: GpuRef; replicas: Set<string> }>();
      let shared = false;
      let draClaims = 0;
      for (const container of pod.containers ?? []) {
        for (const devices of container.devices ?? []) {
          const resource = devices.resource_name ?? '';
          if (
            resource !== 'nvidia.com/gpu' &&
            !resource.startsWith('nvidia.com/mig-') &&
            !this.extra.has(resource)
          ) {
            continue;
          }
          for (const id of devices.device_ids ?? []) {
            const parsed = deviceRef(id);
            if (parsed === undefined) {
              warnings.push(
                `pod ${namespace}/${name}: device id ${quote(id)} of ${quote(resource)} is not a GPU or MIG UUID; ignored`,
              );
              continue;
            }
            shared ||= parsed.shared;
            const key = JSON.stringify(parsed.ref);
            const entry = refs.get(key) ?? { ref: parsed.ref, replicas: new Set<string>() };
            entry.replicas.add(id);
            refs.set(key, entry);
          }
        }
        draClaims += (container.dynamic_resources ?? []).length;
      }
      if (draClaims > 0) {
        warnings.push(
          `pod ${namespace}/${name} holds ${draClaims} dynamic resource claim(s); DRA devices are not attributed to GPUs`,
        );
      }
      if (refs.size === 0) continue;
      const gpus = [...refs.values()].map(({ ref, replicas }): GpuRef =>
        shared ? { ...ref, weight: replicas.size } : ref,
      );
      const tenant = this.tenants.tenantFor(namespace);
      if (tenant === undefined) {
        warnings.push(
          `pod ${namespace}/${name} holds GPUs but namespace ${quote(namespace)} maps to no tenant; skipped (its GPU time is counted as unattributed, reason no_tenant)`,
        );
        unattributed.push({ allocation_id: `${namespace}/${name}`, gpus });
        continue;
      }
      const uid = this.pods.uidOf(namespace, name);
      allocations.push({
        tenant_id: tenant,
        allocation_id: uid ?? `${namespace}/${name}`,
        gpus,
        source: 'kubernetes',
        workload_fingerprint: '',
        labels: {
          k8s_namespace: namespace,
          k8s_pod: name,
          ...(uid !== undefined ? { k8s_pod_uid: uid } : {}),
          ...(shared ? { gpu_sharing: 'time-slicing' } : {}),
        },
      });
    }
    return { allocations, warnings, unattributed };
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
