import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ServerCredentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../agent/sources/allocation.js';
import { PodDirectory } from '../../../agent/sources/pod-directory.js';
import protobuf from 'protobufjs/minimal.js';
import {
  PodResourcesClient,
  podResourcesListerDefinition,
  podResourcesPb,
  type IAllocatableResourcesResponse,
  type IListPodResourcesResponse,
} from '../../../agent/sources/podresources.js';
import { KubernetesSource, deviceRef } from '../../../agent/sources/kubernetes-source.js';
import { TenantMapping } from '../../../agent/sources/tenant-mapping.js';
import { tempDir } from '../fixtures.js';
import { attributedGpuSeconds, inventoryOf } from './conservation.js';

const ctx: CollectContext = { signal: new AbortController().signal, nowMs: 0 };
const tenants = (regex?: string): TenantMapping =>
  new TenantMapping(regex === undefined ? {} : { regex }, { regex: 'regex', mapFile: 'map' });

const uidA = '1f0c3a52-8d7e-4b11-9c3e-5d2f1a7b9e01';
const uidB = '2a9d6e14-3c5b-4f07-8e21-6b4c0d8f2a13';
const uidOld = '3b1e7f25-4d6c-4a18-9f32-7c5d1e9a3b24';
const gpu0 = 'GPU-8f2c6a1e-1111-2222-3333-444455556666';
const gpu1 = 'GPU-9a3d7b2f-1111-2222-3333-444455556666';
const mig = 'MIG-4c7e9f10-aaaa-bbbb-cccc-ddddeeeeffff';

/** A fake kubelet: a real gRPC server for v1.PodResourcesLister on a unix socket. */
class FakeKubelet {
  readonly server = new Server();
  response: IListPodResourcesResponse = { pod_resources: [] };
  failWith: ServiceError | undefined;
  hang = false;
  calls = 0;

  async start(socketPath: string): Promise<void> {
    this.server.addService(podResourcesListerDefinition, {
      list: (
        _call: unknown,
        callback: (err: ServiceError | null, res?: IListPodResourcesResponse) => void,
      ) => {
        this.calls++;
        if (this.hang) return;
        if (this.failWith !== undefined) callback(this.failWith);
        else callback(null, this.response);
      },
      getAllocatableResources: (
        _call: unknown,
        callback: (err: ServiceError | null, res?: IAllocatableResourcesResponse) => void,
      ) => callback(null, { devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [gpu0, gpu1] }] }),
      get: (_call: unknown, callback: (err: ServiceError | null) => void) =>
        callback({
          code: status.UNIMPLEMENTED,
          details: 'not served',
          metadata: undefined as never,
          name: '',
          message: '',
        }),
    });
    await new Promise<void>((resolve, reject) =>
      this.server.bindAsync(`unix://${socketPath}`, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

let dir: { path: string; remove: () => void };
let kubelet: FakeKubelet;
let socketPath: string;
let podLogs: string;
let source: KubernetesSource | undefined;

beforeEach(async () => {
  dir = tempDir('kubelet');
  socketPath = join(dir.path, 'kubelet.sock');
  podLogs = join(dir.path, 'pods');
  mkdirSync(podLogs);
  kubelet = new FakeKubelet();
  await kubelet.start(socketPath);
});
afterEach(async () => {
  await source?.close();
  source = undefined;
  kubelet.server.forceShutdown();
  dir.remove();
});

function makeSource(regex?: string, timeoutMs = 2_000): KubernetesSource {
  source = new KubernetesSource({
    socketPath,
    tenants: tenants(regex),
    podDirectory: new PodDirectory(podLogs),
    timeoutMs,
  });
  return source;
}

describe('KubernetesSource against a fake kubelet', () => {
  it('turns pods with GPUs into allocations: UUID from the pod log directory, tenant from the namespace', async () => {
    mkdirSync(join(podLogs, `tenant-acme_train-0_${uidA}`));
    mkdirSync(join(podLogs, `tenant-globex_infer-7_${uidB}`));
    kubelet.response = {
      pod_resources: [
        {
          name: 'train-0',
          namespace: 'tenant-acme',
          containers: [
            {
              name: 'main',
              devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [gpu1, gpu0] }],
              cpu_ids: [2, 3],
            },
            { name: 'sidecar', devices: [{ resource_name: 'example.com/nic', device_ids: ['nic0'] }] },
          ],
        },
        {
          name: 'infer-7',
          namespace: 'tenant-globex',
          containers: [
            { name: 'srv', devices: [{ resource_name: 'nvidia.com/mig-1g.10gb', device_ids: [mig] }] },
          ],
        },
        { name: 'web', namespace: 'tenant-acme', containers: [{ name: 'nginx', devices: [] }] },
      ],
    };
    const result = await makeSource('^tenant-(.+)$').collect(ctx);
    expect(result.warnings).toEqual([]);
    expect(result.allocations).toEqual([
      {
        tenant_id: 'acme',
        allocation_id: uidA,
        gpus: [{ uuid: gpu1 }, { uuid: gpu0 }],
        source: 'kubernetes',
        workload_fingerprint: '',
        labels: { k8s_namespace: 'tenant-acme', k8s_pod: 'train-0', k8s_pod_uid: uidA },
      },
      {
        tenant_id: 'globex',
        allocation_id: uidB,
        gpus: [{ uuid: mig }],
        source: 'kubernetes',
        workload_fingerprint: '',
        labels: { k8s_namespace: 'tenant-globex', k8s_pod: 'infer-7', k8s_pod_uid: uidB },
      },
    ]);
  });

  it('strips time-slicing replica suffixes: pods holding replicas share the GPU by replica count', async () => {
    kubelet.response = {
      pod_resources: [
        {
          name: 'a',
          namespace: 'team-a',
          containers: [
            {
              name: 'c',
              devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [`${gpu0}::0`, `${gpu0}::3`] }],
            },
          ],
        },
        {
          name: 'b',
          namespace: 'team-b',
          containers: [
            { name: 'c', devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [`${gpu0}::1`] }] },
          ],
        },
      ],
    };
    const result = await makeSource().collect(ctx);
    expect(
      result.allocations.map((a) => [a.tenant_id, a.allocation_id, a.gpus, a.labels.gpu_sharing]),
    ).toEqual([
      ['team-a', 'team-a/a', [{ uuid: gpu0, weight: 2 }], 'time-slicing'],
      ['team-b', 'team-b/b', [{ uuid: gpu0, weight: 1 }], 'time-slicing'],
    ]);
    // Conservation: an hour of both pods is one GPU-hour, two thirds to team-a.
    const inventory = inventoryOf([gpu0]);
    expect(attributedGpuSeconds([{ via: 'kubernetes', result }], inventory)).toEqual(new Map([[gpu0, 3600]]));
  });

  it('makes four pods on four replicas of one GPU one GPU-hour per hour', async () => {
    kubelet.response = {
      pod_resources: [0, 1, 2, 3].map((n) => ({
        name: `p${n}`,
        namespace: `team-${n}`,
        containers: [
          { name: 'c', devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [`${gpu0}::${n}`] }] },
        ],
      })),
    };
    const result = await makeSource().collect(ctx);
    const inventory = inventoryOf([gpu0]);
    expect(attributedGpuSeconds([{ via: 'kubernetes', result }], inventory)).toEqual(new Map([[gpu0, 3600]]));
  });

  it('picks the newest pod directory when a pod was recreated under the same name', async () => {
    mkdirSync(join(podLogs, `ml_worker-0_${uidOld}`));
    utimesSync(join(podLogs, `ml_worker-0_${uidOld}`), new Date(1_000_000), new Date(1_000_000));
    mkdirSync(join(podLogs, `ml_worker-0_${uidA}`));
    kubelet.response = {
      pod_resources: [
        {
          name: 'worker-0',
          namespace: 'ml',
          containers: [{ name: 'c', devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [gpu0] }] }],
        },
      ],
    };
    expect((await makeSource().collect(ctx)).allocations[0]?.allocation_id).toBe(uidA);
  });

  it('skips, with a warning, pods whose namespace maps to no tenant and device ids that are no GPU', async () => {
    kubelet.response = {
      pod_resources: [
        {
          name: 'dcgm',
          namespace: 'kube-system',
          containers: [{ name: 'c', devices: [{ resource_name: 'nvidia.com/gpu', device_ids: [gpu0] }] }],
        },
        {
          name: 'odd',
          namespace: 'tenant-x',
          containers: [
            { name: 'c', devices: [{ resource_name: 'nvidia.com/gpu', device_ids: ['weird-id'] }] },
          ],
        },
      ],
    };
    const result = await makeSource('^tenant-(.+)$').collect(ctx);
    expect(result.allocations).toEqual([]);
    expect(result.unattributed).toEqual([{ allocation_id: 'kube-system/dcgm', gpus: [{ uuid: gpu0 }] }]);
    expect(result.warnings).toEqual([
      'pod kube-system/dcgm holds GPUs but namespace "kube-system" maps to no tenant; skipped (its GPU time is counted as unattributed, reason no_tenant)',
      'pod tenant-x/odd: device id "weird-id" of "nvidia.com/gpu" is not a GPU or MIG UUID; ignored',
    ]);
  });

  it('says which socket failed and why when the kubelet errs', async () => {
    kubelet.failWith = {
      code: status.INTERNAL,
      details: 'device manager not ready',
      metadata: undefined as never,
      name: '',
      message: '',
    };
    await expect(makeSource().collect(ctx)).rejects.toThrow(
      `kubelet PodResources List on ${socketPath}: device manager not ready`,
    );
  });

  it('gives up on a kubelet that does not answer, within the deadline', async () => {
    kubelet.hang = true;
    const started = Date.now();
    await expect(makeSource(undefined, 300).collect(ctx)).rejects.toThrow(
      /List on .*: no answer within 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a kubelet that is not there', async () => {
    await kubelet.stop();
    await expect(makeSource().collect(ctx)).rejects.toThrow(
      /kubelet PodResources List on .*kubelet\.sock: kubelet unavailable/,
    );
  });

  it('speaks GetAllocatableResources too (wire compatibility of the other method)', async () => {
    const client = new PodResourcesClient({ socketPath });
    try {
      const res = await client.getAllocatableResources(2_000);
      expect(res.devices?.[0]?.device_ids).toEqual([gpu0, gpu1]);
    } finally {
      client.close();
    }
  });
});

describe('deviceRef', () => {
  it.each<[string, unknown]>([
    [gpu0, { ref: { uuid: gpu0 }, shared: false }],
    [`${gpu0}::12`, { ref: { uuid: gpu0 }, shared: true }],
    [mig, { ref: { uuid: mig }, shared: false }],
    ['nvidia3', { ref: { index: 3 }, shared: false }],
    ['something', undefined],
  ])('%s', (id, expected) => {
    expect(deviceRef(id)).toEqual(expected);
  });
});

describe('wire compatibility with the kubelet', () => {
  it('decodes bytes laid out with the upstream field numbers (k8s.io/kubelet podresources/v1)', () => {
    // ContainerDevices{resource_name=1, device_ids=2}
    const devices = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .string('nvidia.com/gpu')
      .uint32((2 << 3) | 2)
      .string(gpu0)
      .finish();
    // ContainerResources{name=1, devices=2}
    const container = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .string('main')
      .uint32((2 << 3) | 2)
      .bytes(devices)
      .finish();
    // PodResources{name=1, namespace=2, containers=3}
    const pod = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .string('train-0')
      .uint32((2 << 3) | 2)
      .string('team-a')
      .uint32((3 << 3) | 2)
      .bytes(container)
      .finish();
    // ListPodResourcesResponse{pod_resources=1}
    const bytes = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(pod)
      .finish();
    const decoded = podResourcesPb.ListPodResourcesResponse.decode(bytes);
    expect(decoded.pod_resources[0]?.name).toBe('train-0');
    expect(decoded.pod_resources[0]?.namespace).toBe('team-a');
    expect(decoded.pod_resources[0]?.containers?.[0]?.devices?.[0]).toMatchObject({
      resource_name: 'nvidia.com/gpu',
      device_ids: [gpu0],
    });
  });
});
