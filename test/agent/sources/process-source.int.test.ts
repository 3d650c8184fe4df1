import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../agent/sources/allocation.js';
import { DockerClient } from '../../../agent/sources/docker-client.js';
import { NvidiaSmi } from '../../../agent/inventory/nvidia-smi.js';
import { PodDirectory } from '../../../agent/sources/pod-directory.js';
import { ProcessSource, parseCgroup } from '../../../agent/sources/process-source.js';
import { TenantMapping } from '../../../agent/sources/tenant-mapping.js';
import { FakeDocker, containerId } from './fake-docker.js';
import { fakeNvidiaSmi, smiEnv, tempDir, type CaptureName } from '../fixtures.js';

const ctx: CollectContext = { signal: new AbortController().signal, nowMs: 0 };
const uidA = '1f0c3a52-8d7e-4b11-9c3e-5d2f1a7b9e01';
const uidB = '2a9d6e14-3c5b-4f07-8e21-6b4c0d8f2a13';
const zeroGpu = 'GPU-00000000-0000-0000-0000-000000000000';
const ctr = containerId(7);

const cgroups = {
  v2SystemdPod: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uidA.replace(/-/g, '_')}.slice/cri-containerd-${'c'.repeat(64)}.scope\n`,
  v1CgroupfsPod: [
    `12:pids:/kubepods/besteffort/pod${uidB}/${'d'.repeat(64)}`,
    `11:devices:/kubepods/besteffort/pod${uidB}/${'d'.repeat(64)}`,
    '1:name=systemd:/',
  ].join('\n'),
  v2Docker: `0::/system.slice/docker-${ctr}.scope\n`,
  v1Docker: `4:memory:/docker/${ctr}\n3:cpu,cpuacct:/docker/${ctr}\n`,
  host: '0::/user.slice/user-1000.slice/session-3.scope\n',
};

describe('parseCgroup', () => {
  it.each<[string, string, unknown]>([
    ['cgroup v2, systemd driver, pod', cgroups.v2SystemdPod, { podUid: uidA }],
    ['cgroup v1, cgroupfs driver, pod', cgroups.v1CgroupfsPod, { podUid: uidB }],
    ['cgroup v2, Docker', cgroups.v2Docker, { containerId: ctr }],
    ['cgroup v1, Docker', cgroups.v1Docker, { containerId: ctr }],
    ['a host process', cgroups.host, undefined],
  ])('%s', (_name, content, expected) => {
    expect(parseCgroup(content)).toEqual(expected);
  });
});

let dir: { path: string; remove: () => void };
let docker: FakeDocker;
let proc: string;
let pods: string;
let dockerSocket: string;

beforeEach(async () => {
  dir = tempDir('process');
  proc = join(dir.path, 'proc');
  pods = join(dir.path, 'pods');
  mkdirSync(pods);
  mkdirSync(join(pods, `tenant-acme_train-0_${uidA}`));
  mkdirSync(join(pods, `tenant-globex_infer-1_${uidB}`));
  dockerSocket = join(dir.path, 'docker.sock');
  docker = new FakeDocker();
  await docker.start(dockerSocket);
  docker.add(7, { labels: { 'gpuwatch.tenant': 'initech' } });
});
afterEach(async () => {
  await docker.stop();
  dir.remove();
});

function fakeProc(pid: number, cgroup: string): void {
  mkdirSync(join(proc, String(pid)), { recursive: true });
  writeFileSync(join(proc, String(pid), 'cgroup'), cgroup);
}

function processSource(capture: CaptureName): ProcessSource {
  return new ProcessSource({
    nvidiaSmi: new NvidiaSmi({ path: fakeNvidiaSmi, env: smiEnv(capture) }),
    procRoot: proc,
    kubernetes: {
      pods: new PodDirectory(pods),
      tenants: new TenantMapping({ regex: '^tenant-(.+)$' }, { regex: 'regex', mapFile: 'map' }),
    },
    docker: { client: new DockerClient({ socketPath: dockerSocket }) },
  });
}

import { attributedGpuSeconds, inventoryOf } from './conservation.js';

describe('ProcessSource with a fake nvidia-smi, /proc, pod directory and Docker', () => {
  it('gives each tenant using a shared GPU its own allocation holding that GPU', async () => {
    // The H100 capture under load: three processes on GPU 0 (pids 11327, 11328, 11345).
    fakeProc(11327, cgroups.v2SystemdPod);
    fakeProc(11328, cgroups.v1CgroupfsPod);
    fakeProc(11345, cgroups.v2Docker);
    const result = await processSource('h100').collect(ctx);
    expect(result.warnings).toEqual([]);
    expect(result.allocations).toEqual([
      {
        tenant_id: 'acme',
        allocation_id: 'process:acme',
        gpus: [{ uuid: zeroGpu }],
        source: 'process',
        workload_fingerprint: '',
        labels: { workloads: 'pod tenant-acme/train-0' },
      },
      {
        tenant_id: 'globex',
        allocation_id: 'process:globex',
        gpus: [{ uuid: zeroGpu }],
        source: 'process',
        workload_fingerprint: '',
        labels: { workloads: 'pod tenant-globex/infer-1' },
      },
      {
        tenant_id: 'initech',
        allocation_id: 'process:initech',
        gpus: [{ uuid: zeroGpu }],
        source: 'process',
        workload_fingerprint: '',
        labels: { workloads: 'container job-7' },
      },
    ]);
    expect(docker.requests.filter((r) => r.startsWith('GET /containers/'))).toHaveLength(1);
    // Conservation: three tenants on one GPU for an hour make one GPU-hour, a third each.
    expect(attributedGpuSeconds([{ via: 'process', result }], inventoryOf([zeroGpu]))).toEqual(
      new Map([[zeroGpu, 3600]]),
    );
  });

  it("merges one tenant's processes, skips ended ones and warns about host processes", async () => {
    // The RTX 4080 SUPER capture: kwin (2165), two ffmpeg (5022, 5021).
    fakeProc(2165, cgroups.host);
    fakeProc(5022, cgroups.v2SystemdPod);
    // 5021 has no /proc entry: it ended after nvidia-smi listed it.
    const result = await processSource('rtx4080Super').collect(ctx);
    expect(result.allocations.map((a) => [a.allocation_id, a.gpus])).toEqual([
      ['process:acme', [{ uuid: zeroGpu }]],
    ]);
    expect(result.warnings).toEqual([
      `process 2165 on ${zeroGpu} runs outside any pod or container; not attributed`,
    ]);
  });

  it('does not attribute a pod the pod directory does not know, and says so', async () => {
    fakeProc(
      11327,
      cgroups.v2SystemdPod.replace(uidA.replace(/-/g, '_'), '99999999_0000_0000_0000_000000000000'),
    );
    const result = await processSource('h100').collect(ctx);
    expect(result.allocations).toEqual([]);
    expect(result.warnings).toEqual([
      `process 11327 on ${zeroGpu} runs in pod 99999999-0000-0000-0000-000000000000, which the pod log directory does not list; not attributed`,
    ]);
  });

  it('finds nothing on an idle GPU', async () => {
    const source = new ProcessSource({
      nvidiaSmi: new NvidiaSmi({
        path: fakeNvidiaSmi,
        env: smiEnv('h100', { FAKE_NVIDIA_SMI_STATE: 'idle' }),
      }),
      procRoot: proc,
    });
    expect(await source.collect(ctx)).toEqual({ allocations: [], warnings: [] });
  });
});
