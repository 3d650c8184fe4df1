/**
 * Process attribution, for GPUs shared by time-slicing or MPS, or handed out outside any
 * scheduler: who is running code on each GPU right now.
 *
 * `nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory` lists the processes with a CUDA
 * context; each process's `/proc/<pid>/cgroup` says which pod (kubepods …pod<UID>…, cgroup v1
 * and v2, cgroupfs and systemd drivers) or Docker container (docker-<id>.scope, /docker/<id>)
 * it runs in; the pod's namespace (pod log directory) or the container's tenant label gives the
 * tenant. Processes outside any pod or container are not attributed (a warning says so).
 *
 * One allocation per tenant and node, id `process:<tenant>`, holding every GPU that tenant's
 * processes use. A GPU used by several tenants therefore yields one allocation per tenant, and
 * each of them holds the GPU for the whole interval: GPU-time is counted in full for every
 * tenant that had the chip at its disposal, not split by share (export-control evidence is
 * about access to the chip, and there is no per-tenant counter to split by). The sum over
 * tenants can thus exceed the GPU's wall time; that is intended and documented.
 *
 * nvidia-smi reports a process on a MIG instance under its parent GPU, so on a MIG-enabled
 * GPU this source can only say "the parent"; a stronger source's MIG-level claim wins over it
 * (allocation-resolver.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quote } from '../../common/errors.js';
import type { AllocationSource, CollectContext, SourceAllocation, SourceResult } from './allocation.js';
import type { DockerClient } from './docker-client.js';
import { parseSmiCsv, text, type NvidiaSmi } from '../inventory/nvidia-smi.js';
import type { PodDirectory } from './pod-directory.js';
import { defaultTenantLabel } from './docker-source.js';
import type { TenantMapping } from './tenant-mapping.js';

/** Options of process attribution: nvidia-smi, /proc, and how pods and containers map to tenants. */
export interface ProcessSourceOptions {
  /** The nvidia-smi runner (shared with the inventory: same path and timeout). */
  readonly nvidiaSmi: NvidiaSmi;
  /** Root of the proc file system. Default "/proc". */
  readonly procRoot?: string;
  /** Pods by UID, with the namespace → tenant mapping. Omit on nodes without Kubernetes. */
  readonly kubernetes?: { readonly pods: PodDirectory; readonly tenants: TenantMapping };
  /** Docker containers by id, with the label holding the tenant. Omit without Docker. */
  readonly docker?: { readonly client: DockerClient; readonly tenantLabel?: string };
}

/** What a process's cgroup says about where it runs. */
export type Workload = { readonly podUid: string } | { readonly containerId: string } | undefined;

const uidPattern = '[0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12}';

/**
 * Reads `/proc/<pid>/cgroup` content (v1: one line per hierarchy; v2: `0::<path>`). Examples:
 * `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_with_underscores>.slice/cri-containerd-<id>.scope`,
 * `11:devices:/kubepods/besteffort/pod<uid>/<id>`, `0::/system.slice/docker-<id>.scope`,
 * `4:memory:/docker/<id>`.
 */
export function parseCgroup(content: string): Workload {
  const paths = content
    .split('\n')
    .map((l) => l.split(':').slice(2).join(':'))
    .filter((p) => p !== '');
  for (const path of paths) {
    if (!path.includes('kubepods')) continue;
    const m = new RegExp(`pod(${uidPattern})`).exec(path);
    if (m?.[1] !== undefined) return { podUid: m[1].replace(/_/g, '-').toLowerCase() };
  }
  for (const path of paths) {
    const m = /(?:^|\/)docker[-/]([0-9a-f]{64})(?:\.scope)?(?:\/|$)/.exec(path);
    if (m?.[1] !== undefined) return { containerId: m[1] };
  }
  return undefined;
}

/** The defaults of ProcessSourceOptions. */
export const processSourceDefaults = Object.freeze({ procRoot: '/proc' });

/** The process-attribution tenant source. */
export class ProcessSource implements AllocationSource {
  readonly name = 'process' as const;
  private readonly smi: NvidiaSmi;
  private readonly procRoot: string;
  private readonly kubernetes: ProcessSourceOptions['kubernetes'];
  private readonly docker: ProcessSourceOptions['docker'];

  constructor(options: ProcessSourceOptions) {
    this.smi = options.nvidiaSmi;
    this.procRoot = options.procRoot ?? processSourceDefaults.procRoot;
    this.kubernetes = options.kubernetes;
    this.docker = options.docker;
  }

  async collect(context: CollectContext): Promise<SourceResult> {
    const warnings: string[] = [];
    const fields = ['pid', 'gpu_uuid', 'used_memory'];
    const csv = await this.smi.run(
      [`--query-compute-apps=${fields.join(',')}`, '--format=csv,noheader,nounits'],
      context.signal,
    );
    const rows = parseSmiCsv(csv, fields).rows;
    if (this.kubernetes !== undefined) {
      const problem = this.kubernetes.pods.scan();
      if (problem !== undefined) warnings.push(problem);
      const mapProblem = this.kubernetes.tenants.refresh();
      if (mapProblem !== undefined) warnings.push(`${mapProblem}; the previous map stays in force`);
    }

    const byTenant = new Map<string, { gpus: Set<string>; workloads: Set<string> }>();
    const containerTenants = new Map<string, { tenant: string | undefined; name: string }>();
    for (const cells of rows) {
      const pid = text(cells[0]);
      const gpu = text(cells[1]);
      if (pid === undefined || !/^\d+$/.test(pid) || gpu === undefined) {
        warnings.push(
          `nvidia-smi --query-compute-apps row ${quote(cells.join(', '))}: expected a pid and a GPU UUID`,
        );
        continue;
      }
      let cgroup: string;
      try {
        cgroup = await readFile(join(this.procRoot, pid, 'cgroup'), 'utf8');
      } catch {
        continue; // the process ended since nvidia-smi listed it
      }
      const workload = parseCgroup(cgroup);
      let tenant: string | undefined;
      let name: string;
      if (workload !== undefined && 'podUid' in workload) {
        const pod = this.kubernetes?.pods.pod(workload.podUid);
        name = pod === undefined ? `pod ${workload.podUid}` : `pod ${pod.namespace}/${pod.name}`;
        if (pod === undefined) {
          warnings.push(
            `process ${pid} on ${gpu} runs in ${name}, which the pod log directory does not list; not attributed`,
          );
          continue;
        }
        tenant = this.kubernetes?.tenants.tenantFor(pod.namespace);
      } else if (workload !== undefined && 'containerId' in workload) {
        let known = containerTenants.get(workload.containerId);
        if (known === undefined) {
          const inspect = await this.docker?.client.inspect(workload.containerId, context.signal);
          const label = this.docker?.tenantLabel ?? defaultTenantLabel;
          known = {
            tenant: inspect?.Config?.Labels?.[label]?.trim() || undefined,
            name: `container ${(inspect?.Name ?? workload.containerId.slice(0, 12)).replace(/^\//, '')}`,
          };
          containerTenants.set(workload.containerId, known);
        }
        tenant = known.tenant;
        name = known.name;
      } else {
        warnings.push(`process ${pid} on ${gpu} runs outside any pod or container; not attributed`);
        continue;
      }
      if (tenant === undefined) {
        warnings.push(`process ${pid} on ${gpu} runs in ${name}, which maps to no tenant; not attributed`);
        continue;
      }
      const entry = byTenant.get(tenant) ?? { gpus: new Set<string>(), workloads: new Set<string>() };
      entry.gpus.add(gpu);
      entry.workloads.add(name);
      byTenant.set(tenant, entry);
    }

    const allocations: SourceAllocation[] = [...byTenant]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tenant, { gpus, workloads }]) => {
        const list = [...workloads].sort();
        return {
          tenant_id: tenant,
          allocation_id: `process:${tenant}`,
          gpus: [...gpus].sort().map((uuid) => ({ uuid })),
          // Weaker evidence than a scheduler's assignment, and the wire says so.
          source: 'process',
          workload_fingerprint: '',
          labels: {
            workloads:
              list.slice(0, 10).join(', ') + (list.length > 10 ? ` (+${list.length - 10} more)` : ''),
          },
        };
      });
    return { allocations, warnings };
  }
}
