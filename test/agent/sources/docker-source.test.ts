import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectContext, GpuRef } from '../../../agent/sources/allocation.js';
import {
  DockerClient,
  type DockerContainerInspect,
  type DockerContainerSummary,
} from '../../../agent/sources/docker-client.js';
import {
  DockerSource,
  containerGpus,
  dockerDeviceRef,
  visibleDevicesEnv,
} from '../../../agent/sources/docker-source.js';
import { fixturesDir } from '../fixtures.js';
import { attributedGpuSeconds, inventoryOf } from './conservation.js';

/**
 * What a real dockerd 20.10 answered (test/fixtures/docker/): one container per Docker form,
 * made by the CLI the way users make them (`--gpus`, `--runtime nvidia -e …`, `docker pause`).
 */
interface Capture {
  readonly list: DockerContainerSummary[];
  readonly inspect: Record<string, DockerContainerInspect>;
}
const capture = JSON.parse(
  readFileSync(join(fixturesDir, 'docker/dockerd-20.10.24-containers.json'), 'utf8'),
) as Capture;

function captured(name: string): DockerContainerInspect {
  const c = capture.inspect[name];
  if (c === undefined) throw new Error(`no captured container ${name}`);
  return c;
}

/** Answers from the capture instead of a socket. */
class CapturedDockerClient extends DockerClient {
  override listContainers(): Promise<DockerContainerSummary[]> {
    return Promise.resolve(capture.list);
  }
  override inspect(id: string): Promise<DockerContainerInspect | undefined> {
    return Promise.resolve(Object.values(capture.inspect).find((c) => c.Id === id));
  }
}

const ctx: CollectContext = { signal: new AbortController().signal, nowMs: 0 };
const migUuid = 'MIG-4f7a1b2c-0d1e-5f2a-9b3c-4d5e6f708192';
const gpuUuid = 'GPU-5d2f0e4a-1b2c-3d4e-5f60-718293a4b5c6';

describe('GPUs of containers captured from a real dockerd', () => {
  it.each<[string, string, GpuRef[]]>([
    ['gpus-all', '--gpus all: DeviceRequests Count -1', [{ all: true }]],
    ['gpus-all-caps', '--gpus all,"capabilities=compute,utility"', [{ all: true }]],
    ['gpus-count-2', '--gpus 2: the first two indexes', [{ index: 0 }, { index: 1 }]],
    ['gpus-device-ids', '--gpus "device=0,2"', [{ index: 0 }, { index: 2 }]],
    ['gpus-mig-uuid', '--gpus "device=1:0,GPU-…"', [{ index: 1, migIndex: 0 }, { uuid: gpuUuid }]],
    ['paused-gpus', '--gpus 1, then docker pause', [{ index: 0 }]],
    ['gpus-driver-nvidia', '--gpus driver=nvidia,count=2', [{ index: 0 }, { index: 1 }]],
    ['env-all', '--runtime nvidia NVIDIA_VISIBLE_DEVICES=all', [{ all: true }]],
    ['env-indexes', '--runtime nvidia NVIDIA_VISIBLE_DEVICES=1,3', [{ index: 1 }, { index: 3 }]],
    [
      'env-spaces-mig',
      '--runtime nvidia NVIDIA_VISIBLE_DEVICES=" 0 , 1:2 ,MIG-…,"',
      [{ index: 0 }, { index: 1, migIndex: 2 }, { uuid: migUuid }],
    ],
    ['env-none', '--runtime nvidia NVIDIA_VISIBLE_DEVICES=none', []],
    ['env-void', '--runtime nvidia NVIDIA_VISIBLE_DEVICES=void', []],
    ['env-runc', 'runc with NVIDIA_VISIBLE_DEVICES=all: no hook, no GPU', []],
  ])('%s (%s)', (name, _form, gpus) => {
    expect(containerGpus(captured(name), ['nvidia'])).toEqual({ gpus, problems: [] });
  });

  it('reports every GPU container with its tenant, start, image and paused state', async () => {
    const result = await new DockerSource({ client: new CapturedDockerClient() }).collect(ctx);
    expect(result.warnings).toEqual([
      'container no-tenant holds GPUs but has no "gpuwatch.tenant" label; skipped (its GPU time is counted as unattributed, reason no_tenant)',
    ]);
    const noTenant = captured('no-tenant');
    expect(result.unattributed).toEqual([
      {
        allocation_id: noTenant.Id,
        gpus: [{ index: 0 }],
        since_unix_ms: Date.parse('2026-12-08T03:39:52.667Z'),
      },
    ]);
    const byName = new Map(result.allocations.map((a) => [a.labels.docker_container, a]));
    expect([...byName.keys()].sort()).toEqual([
      'env-all',
      'env-indexes',
      'env-spaces-mig',
      'evil-tenant',
      'gpus-all',
      'gpus-all-caps',
      'gpus-count-2',
      'gpus-device-ids',
      'gpus-driver-nvidia',
      'gpus-mig-uuid',
      'paused-gpus',
    ]);
    const gpusAll = captured('gpus-all');
    expect(byName.get('gpus-all')).toEqual({
      tenant_id: 'acme',
      allocation_id: gpusAll.Id,
      gpus: [{ all: true }],
      source: 'docker',
      workload_fingerprint: gpusAll.Image,
      labels: { docker_container: 'gpus-all', docker_image: 'local/busybox:1', docker_state: 'running' },
      since_unix_ms: Date.parse('2026-12-08T03:39:49.654Z'),
    });
    // dockerd trims trailing zeros of the nanoseconds: 8 digits still parse.
    expect(captured('env-indexes').State?.StartedAt).toBe('2026-12-08T03:39:51.17191944Z');
    expect(byName.get('env-indexes')?.since_unix_ms).toBe(Date.parse('2026-12-08T03:39:51.171Z'));
    expect(byName.get('paused-gpus')?.labels).toEqual({
      docker_container: 'paused-gpus',
      docker_image: 'local/busybox:1',
      docker_state: 'paused',
    });
    // Between two runs of its restart policy: dockerd says Running, but nothing runs.
    expect(captured('flapping').State).toMatchObject({
      Status: 'restarting',
      Running: true,
      Restarting: true,
      Pid: 0,
    });
    expect(byName.has('flapping')).toBe(false);
    // The source passes the label on as it is; the agent's id checks judge it.
    expect(byName.get('evil-tenant')?.tenant_id).toBe('{evil}');
  });
});

describe('container GPU requests', () => {
  it.each<[string, string, unknown]>([
    ['a UUID', 'GPU-5d2f', { uuid: 'GPU-5d2f' }],
    ['a MIG UUID', 'MIG-77aa', { uuid: 'MIG-77aa' }],
    ['an old-style MIG UUID', 'MIG-GPU-5d2f/1/0', { uuid: 'MIG-GPU-5d2f/1/0' }],
    ['an index', '2', { index: 2 }],
    ['an index with spaces', ' 2 ', { index: 2 }],
    ['a MIG device', '1:0', { index: 1, migIndex: 0 }],
    ['anything else', 'nvidia0', undefined],
  ])('%s', (_name, value, ref) => {
    expect(dockerDeviceRef(value)).toEqual(ref);
  });

  const nvidia = (env: string[], extra: Partial<DockerContainerInspect['HostConfig']> = {}) =>
    containerGpus({ Id: 'x', HostConfig: { Runtime: 'nvidia', ...extra }, Config: { Env: env } }, ['nvidia']);

  it.each<[string, GpuRef[]]>([
    ['none', []],
    ['void', []],
    ['', []],
    [' all ', [{ all: true }]],
    ['0,,1,', [{ index: 0 }, { index: 1 }]],
    [' 0 , 1:2', [{ index: 0 }, { index: 1, migIndex: 2 }]],
  ])('NVIDIA_VISIBLE_DEVICES=%j', (value, gpus) => {
    expect(nvidia([`NVIDIA_VISIBLE_DEVICES=${value}`])).toEqual({ gpus, problems: [] });
  });

  it('reads the last definition of NVIDIA_VISIBLE_DEVICES', () => {
    expect(visibleDevicesEnv(['NVIDIA_VISIBLE_DEVICES=all', 'A=1', 'NVIDIA_VISIBLE_DEVICES=3'])).toBe('3');
    expect(visibleDevicesEnv(null)).toBeUndefined();
    expect(nvidia(['NVIDIA_VISIBLE_DEVICES=all', 'NVIDIA_VISIBLE_DEVICES=3']).gpus).toEqual([{ index: 3 }]);
  });

  it('holds a GPU named twice once', () => {
    expect(nvidia(['NVIDIA_VISIBLE_DEVICES=0,0, 0']).gpus).toEqual([{ index: 0 }]);
  });

  it('reports ids it cannot read, naming them', () => {
    expect(nvidia(['NVIDIA_VISIBLE_DEVICES=gpu0, 1']).problems).toEqual([
      'device id "gpu0" is not a GPU UUID, index or MIG device',
    ]);
  });

  it('lets a GPU request override the variable, since dockerd appends its own after it', () => {
    const request = { Driver: '', Count: 0, DeviceIDs: ['2'], Capabilities: [['gpu']] };
    expect(nvidia(['NVIDIA_VISIBLE_DEVICES=all'], { DeviceRequests: [request] }).gpus).toEqual([
      { index: 2 },
    ]);
    // Under runc too: the request alone installs the NVIDIA hook.
    expect(
      containerGpus(
        {
          Id: 'x',
          HostConfig: { Runtime: 'runc', DeviceRequests: [{ ...request, DeviceIDs: null }] },
          Config: { Env: ['NVIDIA_VISIBLE_DEVICES=1'] },
        },
        ['nvidia'],
      ).gpus,
    ).toEqual([{ index: 1 }]);
  });

  it('ignores device requests for other drivers', () => {
    const req = { Driver: 'amd', Count: -1, Capabilities: [['rocm']] };
    expect(containerGpus({ Id: 'x', HostConfig: { DeviceRequests: [req] } }, ['nvidia']).gpus).toEqual([]);
  });
});

describe('GPU time from the captured answer', () => {
  it('never attributes more than one GPU-hour per GPU in an hour', async () => {
    const result = await new DockerSource({ client: new CapturedDockerClient() }).collect(ctx);
    const uuids = ['GPU-0', 'GPU-1', 'GPU-2', 'GPU-3', gpuUuid];
    const seconds = attributedGpuSeconds([{ via: 'docker', result }], inventoryOf(uuids));
    // Every GPU is held by several containers (all, counts, device lists): shared, summing to one hour.
    expect([...seconds.keys()].sort()).toEqual([...uuids].sort());
    for (const [uuid, s] of seconds) expect([uuid, s]).toEqual([uuid, 3600]);
  });
});
