/**
 * The collection half of `gpuwatch agent`'s configuration (docs/design.md §9): option specs for
 * common/config.ts, to spread into the agent command's specs, and the composition that turns
 * the resolved config into a CollectionCycle with its inventory and sources wired together
 * (one nvidia-smi runner, one pod directory, one Docker client shared by the sources that need
 * them). A source is on when its option is set: `--kubelet-socket`, `--slurm`,
 * `--docker-socket`, `--lease-file`, `--process-attribution`.
 */
import type { Registry } from 'prom-client';
import type { Clock } from '../common/clock.js';
import { type ConfigOf, type OptionSpecs } from '../common/config.js';
import { ConfigError, quote, type Problem } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import {
  defaultPrecedence,
  sourceNames,
  type AllocationSource,
  type SourceName,
} from './sources/allocation.js';
import { CollectionCycle, collectionCycleDefaults } from './collection-cycle.js';
import { DockerClient, defaultDockerSocket } from './sources/docker-client.js';
import { FallbackInventory } from './inventory/inventory.js';
import { NvidiaSmiInventory } from './inventory/nvidia-smi-inventory.js';
import { NvmlInventory, nvmlInventoryDefaults } from './inventory/nvml-inventory.js';
import { NvidiaSmi, nvidiaSmiDefaults } from './inventory/nvidia-smi.js';
import { PodDirectory, defaultPodLogDir } from './sources/pod-directory.js';
import { defaultKubeletSocket } from './sources/podresources.js';
import { DockerSource, defaultTenantLabel } from './sources/docker-source.js';
import { KubernetesSource } from './sources/kubernetes-source.js';
import { LeaseFileSource } from './sources/lease-file-source.js';
import { ProcessSource, processSourceDefaults } from './sources/process-source.js';
import { SlurmSource, slurmSourceDefaults } from './sources/slurm-source.js';
import { segmentBuilderDefaults } from './segments/segment-builder.js';
import { TenantMapping } from './sources/tenant-mapping.js';

const checkPrecedence = (value: readonly string[]): string | undefined => {
  const unknown = value.filter((v) => !sourceNames.includes(v as SourceName));
  if (unknown.length > 0) {
    return `expected source names among ${sourceNames.join(', ')}, got ${quote(unknown.join(','))}`;
  }
  return new Set(value).size === value.length
    ? undefined
    : `a source is listed twice, got ${quote(value.join(','))}`;
};

/** The agent's collection options, as common/config.ts specs (flag, env, file, default). */
export const collectionOptionSpecs = {
  nvidiaSmi: {
    type: 'string',
    default: nvidiaSmiDefaults.path,
    description: 'nvidia-smi executable (inventory fallback, process attribution)',
  },
  nvidiaSmiTimeout: {
    type: 'duration',
    default: nvidiaSmiDefaults.timeoutMs,
    description: 'deadline of one nvidia-smi run; a hung one is killed',
  },
  nvmlLibrary: {
    type: 'string',
    default: nvmlInventoryDefaults.libraryPath,
    description: 'NVML library tried before nvidia-smi',
  },
  kubeletSocket: {
    type: 'string',
    description: `kubelet PodResources socket; turns the Kubernetes source on (usually ${defaultKubeletSocket})`,
  },
  kubernetesTenantRegex: { type: 'string', description: 'regex with one capture group: namespace → tenant' },
  kubernetesTenantMap: { type: 'string', description: 'JSON file {"namespace": "tenant"}' },
  podLogDir: {
    type: 'string',
    default: defaultPodLogDir,
    description: 'kubelet pod log directory (pod UIDs)',
  },
  slurm: { type: 'boolean', default: false, description: 'turn the Slurm source on (squeue, scontrol)' },
  slurmNode: { type: 'string', description: "this node's Slurm NodeName (default: short host name)" },
  slurmTenantFrom: {
    type: 'string',
    default: slurmSourceDefaults.tenantFrom,
    description: 'job field naming the tenant: account or user',
    check: (v: string) =>
      v === 'account' || v === 'user' ? undefined : `expected account or user, got ${quote(v)}`,
  },
  slurmTenantMap: { type: 'string', description: 'JSON file {"account or user": "tenant"}' },
  squeue: { type: 'string', default: slurmSourceDefaults.squeuePath, description: 'squeue executable' },
  scontrol: { type: 'string', default: slurmSourceDefaults.scontrolPath, description: 'scontrol executable' },
  dockerSocket: {
    type: 'string',
    description: `Docker Engine socket; turns the Docker source on (usually ${defaultDockerSocket})`,
  },
  dockerTenantLabel: {
    type: 'string',
    default: defaultTenantLabel,
    description: 'container label holding the tenant',
  },
  leaseFile: {
    type: 'string',
    description: 'provider lease file (JSON array); turns the lease-file source on',
  },
  processAttribution: {
    type: 'boolean',
    default: false,
    description: 'attribute shared GPUs by process (nvidia-smi, /proc cgroups)',
  },
  procRoot: {
    type: 'string',
    default: processSourceDefaults.procRoot,
    description: 'proc file system root (process attribution)',
  },
  sourcePrecedence: {
    type: 'strings',
    default: defaultPrecedence,
    description: 'who wins a contested GPU, strongest first',
    check: checkPrecedence,
  },
  sourceTimeout: {
    type: 'duration',
    default: collectionCycleDefaults.sourceTimeoutMs,
    description: 'deadline of one source read',
  },
  maxGapFill: {
    type: 'duration',
    default: segmentBuilderDefaults.maxGapFillMs,
    description:
      'longest span filled for a present allocation (agent downtime, clock jump, a source outage it provably ran through)',
  },
} as const satisfies OptionSpecs;

/** The resolved collection options. */
export type CollectionConfig = ConfigOf<typeof collectionOptionSpecs>;

/** What the collection needs besides its config. */
export interface CollectionDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Metrics registry; default none. */
  readonly registry?: Registry;
  /** Extra environment for the node tools (tests point fakes at fixtures). Default none. */
  readonly toolEnv?: Readonly<Record<string, string>>;
}

/**
 * Builds the CollectionCycle. Throws one ConfigError listing every problem (a tenant regex
 * without a group, an unreadable tenant map, …).
 */
export function createCollection(config: CollectionConfig, deps: CollectionDeps): CollectionCycle {
  const problems: Problem[] = [];
  const mapping = (regex: string | undefined, mapFile: string | undefined, flag: string): TenantMapping => {
    try {
      return new TenantMapping(
        { ...(regex !== undefined ? { regex } : {}), ...(mapFile !== undefined ? { mapFile } : {}) },
        { regex: `--${flag}-tenant-regex`, mapFile: `--${flag}-tenant-map` },
      );
    } catch (err: unknown) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return new TenantMapping({}, { regex: '', mapFile: '' });
    }
  };

  const smi = new NvidiaSmi({
    path: config.nvidiaSmi,
    timeoutMs: config.nvidiaSmiTimeout,
    ...(deps.toolEnv !== undefined ? { env: deps.toolEnv } : {}),
  });
  const inventory = new FallbackInventory({
    primary: new NvmlInventory({ libraryPath: config.nvmlLibrary }),
    fallback: new NvidiaSmiInventory({ nvidiaSmi: smi }),
    logger: deps.logger.child({ component: 'inventory' }),
  });

  const k8sTenants =
    config.kubeletSocket !== undefined || config.processAttribution
      ? mapping(config.kubernetesTenantRegex, config.kubernetesTenantMap, 'kubernetes')
      : undefined;
  const pods = new PodDirectory(config.podLogDir);
  const docker =
    config.dockerSocket !== undefined ? new DockerClient({ socketPath: config.dockerSocket }) : undefined;
  const slurmTenants = config.slurm ? mapping(undefined, config.slurmTenantMap, 'slurm') : undefined;
  if (problems.length > 0) throw new ConfigError(problems);

  const sources: AllocationSource[] = [];
  if (config.leaseFile !== undefined) {
    sources.push(new LeaseFileSource({ path: config.leaseFile, logger: deps.logger }));
  }
  if (config.kubeletSocket !== undefined && k8sTenants !== undefined) {
    sources.push(
      new KubernetesSource({ socketPath: config.kubeletSocket, tenants: k8sTenants, podDirectory: pods }),
    );
  }
  if (slurmTenants !== undefined) {
    sources.push(
      new SlurmSource({
        squeuePath: config.squeue,
        scontrolPath: config.scontrol,
        tenants: slurmTenants,
        tenantFrom: config.slurmTenantFrom === 'user' ? 'user' : 'account',
        ...(config.slurmNode !== undefined ? { nodeName: config.slurmNode } : {}),
        ...(deps.toolEnv !== undefined ? { env: deps.toolEnv } : {}),
      }),
    );
  }
  if (docker !== undefined) {
    sources.push(new DockerSource({ client: docker, tenantLabel: config.dockerTenantLabel }));
  }
  if (config.processAttribution) {
    sources.push(
      new ProcessSource({
        nvidiaSmi: smi,
        procRoot: config.procRoot,
        ...(k8sTenants !== undefined ? { kubernetes: { pods, tenants: k8sTenants } } : {}),
        ...(docker !== undefined
          ? { docker: { client: docker, tenantLabel: config.dockerTenantLabel } }
          : {}),
      }),
    );
  }

  return new CollectionCycle({
    inventory,
    sources,
    precedence: config.sourcePrecedence as readonly SourceName[],
    clock: deps.clock,
    logger: deps.logger.child({ component: 'collection' }),
    ...(deps.registry !== undefined ? { registry: deps.registry } : {}),
    sourceTimeoutMs: config.sourceTimeout,
    segments: { maxGapFillMs: config.maxGapFill },
  });
}
