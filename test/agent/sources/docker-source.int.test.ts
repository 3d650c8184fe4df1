import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../agent/sources/allocation.js';
import { DockerSource, containerGpus, dockerDeviceRef } from '../../../agent/sources/docker-source.js';
import { FakeDocker } from './fake-docker.js';
import { tempDir } from '../fixtures.js';

const ctx: CollectContext = { signal: new AbortController().signal, nowMs: 0 };

let dir: { path: string; remove: () => void };
let docker: FakeDocker;
let socketPath: string;
beforeEach(async () => {
  dir = tempDir('docker');
  socketPath = join(dir.path, 'docker.sock');
  docker = new FakeDocker();
  await docker.start(socketPath);
});
afterEach(async () => {
  await docker.stop();
  dir.remove();
});

const tenant = { 'gpuwatch.tenant': 'acme' };

describe('DockerSource against a fake Engine API', () => {
  it('finds GPU containers by device request or NVIDIA runtime, with tenant label, image id and start', async () => {
    const gpusAll = docker.add(1, {
      labels: tenant,
      requests: [{ Driver: '', Count: -1, DeviceIDs: null, Capabilities: [['gpu']] }],
    });
    const byIds = docker.add(2, {
      labels: { 'gpuwatch.tenant': 'globex' },
      requests: [
        { Driver: 'nvidia', Count: 0, DeviceIDs: ['GPU-1111', '3'], Capabilities: [['gpu', 'utility']] },
      ],
    });
    const byEnv = docker.add(3, { labels: tenant, runtime: 'nvidia', env: ['NVIDIA_VISIBLE_DEVICES=0:1,2'] });
    docker.add(4, { labels: tenant, env: ['NVIDIA_VISIBLE_DEVICES=all'] }); // runc: the variable does nothing
    docker.add(5, { labels: tenant }); // no GPU
    docker.add(6, {
      labels: { ...tenant, 'io.kubernetes.pod.uid': 'x' },
      requests: [{ Driver: 'nvidia', Count: -1 }],
    });
    const byCount = docker.add(7, {
      labels: tenant,
      requests: [{ Driver: '', Count: 2, Capabilities: [['gpu']] }],
    });

    const result = await new DockerSource({ socketPath }).collect(ctx);
    expect(result.warnings).toEqual([]);
    const expected: [string, string, unknown][] = [
      [gpusAll, 'acme', [{ all: true }]],
      [byIds, 'globex', [{ uuid: 'GPU-1111' }, { index: 3 }]],
      [byEnv, 'acme', [{ index: 0, migIndex: 1 }, { index: 2 }]],
      [byCount, 'acme', [{ index: 0 }, { index: 1 }]],
    ];
    expect(result.allocations.map((a) => [a.allocation_id, a.tenant_id, a.gpus])).toEqual(
      expected.sort((a, b) => a[0].localeCompare(b[0])),
    );
    const first = result.allocations.find((a) => a.allocation_id === gpusAll);
    expect(first).toMatchObject({
      source: 'docker',
      workload_fingerprint: `sha256:${'1'.repeat(64)}`,
      labels: { docker_container: 'job-1', docker_image: 'registry.example/train:1.2' },
      since_unix_ms: Date.parse('2025-03-01T10:00:00.123Z'),
    });
  });

  it('skips a GPU container without the tenant label, saying which label is missing', async () => {
    docker.add(1, { requests: [{ Driver: 'nvidia', Count: -1 }] });
    const result = await new DockerSource({ socketPath }).collect(ctx);
    expect(result.allocations).toEqual([]);
    expect(result.warnings).toEqual([
      'container job-1 holds GPUs but has no "gpuwatch.tenant" label; skipped',
    ]);
  });

  it('reads the tenant from a configured label', async () => {
    docker.add(1, {
      labels: { 'example.com/customer': 'initech' },
      requests: [{ Driver: 'nvidia', Count: -1 }],
    });
    const result = await new DockerSource({ socketPath, tenantLabel: 'example.com/customer' }).collect(ctx);
    expect(result.allocations.map((a) => a.tenant_id)).toEqual(['initech']);
  });

  it('names the socket when the daemon is not there', async () => {
    const missing = join(dir.path, 'nope.sock');
    await expect(new DockerSource({ socketPath: missing }).collect(ctx)).rejects.toThrow(
      `Docker daemon not reachable at "${missing}" (ENOENT)`,
    );
  });

  it('gives up on a daemon that does not answer, within the deadline', async () => {
    docker.hang = true;
    await expect(new DockerSource({ socketPath, timeoutMs: 200 }).collect(ctx)).rejects.toThrow(
      `Docker /containers/json on ${socketPath}: no answer within 200 ms`,
    );
  });
});

describe('container GPU requests', () => {
  it.each<[string, string, unknown]>([
    ['a UUID', 'GPU-5d2f', { uuid: 'GPU-5d2f' }],
    ['a MIG UUID', 'MIG-77aa', { uuid: 'MIG-77aa' }],
    ['an index', '2', { index: 2 }],
    ['a MIG device', '1:0', { index: 1, migIndex: 0 }],
    ['anything else', 'nvidia0', undefined],
  ])('%s', (_name, value, ref) => {
    expect(dockerDeviceRef(value)).toEqual(ref);
  });

  it('ignores NVIDIA_VISIBLE_DEVICES=none and void, and reports ids it cannot read', () => {
    const base = { Id: 'x', HostConfig: { Runtime: 'nvidia' } };
    expect(
      containerGpus({ ...base, Config: { Env: ['NVIDIA_VISIBLE_DEVICES=none'] } }, ['nvidia']).gpus,
    ).toEqual([]);
    expect(
      containerGpus({ ...base, Config: { Env: ['NVIDIA_VISIBLE_DEVICES=void'] } }, ['nvidia']).gpus,
    ).toEqual([]);
    expect(
      containerGpus({ ...base, Config: { Env: ['NVIDIA_VISIBLE_DEVICES=gpu0'] } }, ['nvidia']).problems,
    ).toEqual(['device id "gpu0" is not a GPU UUID, index or MIG device']);
  });
});
