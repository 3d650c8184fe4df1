/**
 * The Docker source against a real dockerd 20.10 (test/daemons/dockerd.ts): containers made by
 * the docker CLI in every form that hands out GPUs, read back through the Engine API; then the
 * agent's collection cycle over them (a shared GPU, bad tenant labels, dockerd stopped and
 * started under live, restarted and dead containers) and its dry run.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock.js';
import { silentLogger, type Logger } from '../../../common/logger.js';
import type { IUsageSegment } from '../../../common/proto.js';
import { CollectionCycle } from '../../../agent/collection-cycle.js';
import { NvidiaSmiInventory } from '../../../agent/inventory/nvidia-smi-inventory.js';
import { emptySegmentState, type SegmentState } from '../../../agent/segments/segment-state.js';
import type { CollectContext, GpuRef, SourceAllocation } from '../../../agent/sources/allocation.js';
import type { DockerContainerInspect } from '../../../agent/sources/docker-client.js';
import { DockerSource } from '../../../agent/sources/docker-source.js';
import { Dockerd } from '../../daemons/dockerd.js';
import { runAgent } from '../agent-process.js';
import { a100MigUuids, fakeNvidiaSmi, smiEnv } from '../fixtures.js';

const ctx = (): CollectContext => ({ signal: new AbortController().signal, nowMs: Date.now() });
const gpuUuid = a100MigUuids[1] ?? '';

let d: Dockerd;
beforeAll(async () => {
  d = await Dockerd.start();
}, 60_000);
afterAll(async () => {
  await d?.teardown();
}, 60_000);

/** Removes every container, so each test sees only its own. */
async function removeAll(): Promise<void> {
  const ids = (await d.docker(['ps', '-aq'])).split('\n').filter((s) => s !== '');
  if (ids.length > 0) await d.docker(['rm', '-f', ...ids]);
}

/** What dockerd says of a container (the source reads no Pid; the test kills by it). */
type Inspected = DockerContainerInspect & { readonly State?: { readonly Pid?: number } };
const inspect = (id: string): Promise<Inspected> => d.api<Inspected>(`/containers/${id}/json`);

function byName(allocations: readonly SourceAllocation[]): Map<string, SourceAllocation> {
  return new Map(allocations.map((a) => [a.labels.docker_container ?? '', a]));
}

describe('DockerSource against a real dockerd', () => {
  it('reads every form of GPU container as the docker CLI makes it', async () => {
    await removeAll();
    const acme = ['--label', 'gpuwatch.tenant=acme'];
    const forms: [string, string[], GpuRef[]][] = [
      ['gpus-all', [...acme, '--gpus', 'all'], [{ all: true }]],
      ['gpus-count', [...acme, '--gpus', '2'], [{ index: 0 }, { index: 1 }]],
      ['gpus-driver', [...acme, '--gpus', 'driver=nvidia,count=2'], [{ index: 0 }, { index: 1 }]],
      ['gpus-devices', [...acme, '--gpus', '"device=0,2"'], [{ index: 0 }, { index: 2 }]],
      ['gpus-uuid', [...acme, '--gpus', `device=${gpuUuid}`], [{ uuid: gpuUuid }]],
      ['gpus-mig', [...acme, '--gpus', '"device=1:0,3"'], [{ index: 1, migIndex: 0 }, { index: 3 }]],
      ['gpus-caps', [...acme, '--gpus', 'all,"capabilities=compute,utility"'], [{ all: true }]],
      [
        'env-indexes',
        [...acme, '--runtime', 'nvidia', '-e', 'NVIDIA_VISIBLE_DEVICES=1,3'],
        [{ index: 1 }, { index: 3 }],
      ],
      [
        'env-uuid',
        [...acme, '--runtime', 'nvidia', '-e', `NVIDIA_VISIBLE_DEVICES=${gpuUuid}`],
        [{ uuid: gpuUuid }],
      ],
      ['env-all', [...acme, '--runtime', 'nvidia', '-e', 'NVIDIA_VISIBLE_DEVICES=all'], [{ all: true }]],
      [
        'env-spaces',
        [...acme, '--runtime', 'nvidia', '-e', 'NVIDIA_VISIBLE_DEVICES= 2 , 0:1 ,'],
        [{ index: 2 }, { index: 0, migIndex: 1 }],
      ],
      ['env-none', [...acme, '--runtime', 'nvidia', '-e', 'NVIDIA_VISIBLE_DEVICES=none'], []],
      ['env-void', [...acme, '--runtime', 'nvidia', '-e', 'NVIDIA_VISIBLE_DEVICES=void'], []],
      ['env-runc', [...acme, '-e', 'NVIDIA_VISIBLE_DEVICES=all'], []],
      ['no-gpu', [...acme], []],
      [
        'gpus-over-env',
        [...acme, '--runtime', 'nvidia', '-e', 'NVIDIA_VISIBLE_DEVICES=all', '--gpus', '"device=3"'],
        [{ index: 3 }],
      ],
      ['paused', [...acme, '--gpus', '"device=1"'], [{ index: 1 }]],
      ['other-label', ['--label', 'example.com/customer=initech', '--gpus', '1'], [{ index: 0 }]],
      ['k8s-pod', [...acme, '--label', 'io.kubernetes.pod.uid=0c5d', '--gpus', 'all'], []],
    ];
    const ids = new Map<string, string>();
    for (const [name, args] of forms) ids.set(name, await d.run(['--name', name, ...args]));
    await d.docker(['pause', 'paused']);

    const result = await new DockerSource({ socketPath: d.socketPath }).collect(ctx());
    const found = byName(result.allocations);
    const holding = forms.filter(([name, , gpus]) => gpus.length > 0 && name !== 'other-label');
    expect([...found.keys()].sort()).toEqual(holding.map(([name]) => name).sort());
    for (const [name, , gpus] of holding) {
      const truth = await inspect(ids.get(name) ?? '');
      expect(found.get(name), name).toEqual({
        tenant_id: 'acme',
        allocation_id: truth.Id,
        gpus,
        source: 'docker',
        workload_fingerprint: truth.Image,
        labels: {
          docker_container: name,
          docker_image: 'local/busybox:1',
          docker_state: name === 'paused' ? 'paused' : 'running',
        },
        since_unix_ms: Date.parse(truth.State?.StartedAt ?? ''),
      });
    }
    // Without the tenant label: said, and its GPU time counted as no_tenant.
    expect(result.warnings).toEqual([
      'container other-label holds GPUs but has no "gpuwatch.tenant" label; skipped (its GPU time is counted as unattributed, reason no_tenant)',
    ]);
    expect(result.unattributed?.map((u) => [u.allocation_id, u.gpus])).toEqual([
      [ids.get('other-label'), [{ index: 0 }]],
    ]);
    // A configured label reads it.
    const other = await new DockerSource({
      socketPath: d.socketPath,
      tenantLabel: 'example.com/customer',
    }).collect(ctx());
    expect(other.allocations.map((a) => [a.labels.docker_container, a.tenant_id])).toEqual([
      ['other-label', 'initech'],
    ]);
    // Unpaused: the same allocation and start, running again.
    await d.docker(['unpause', 'paused']);
    const again = byName((await new DockerSource({ socketPath: d.socketPath }).collect(ctx())).allocations);
    expect(again.get('paused')?.labels.docker_state).toBe('running');
    expect(again.get('paused')?.since_unix_ms).toBe(found.get('paused')?.since_unix_ms);
  });

  it('splits one GPU between four containers: GPU-seconds × share add up to exactly its wall time', async () => {
    await removeAll();
    for (const n of [1, 2, 3, 4]) {
      await d.run(['--name', `share-${n}`, '--label', `gpuwatch.tenant=team-${n}`, '--gpus', '"device=2"']);
    }
    await d.run(['--name', 'solo', '--label', 'gpuwatch.tenant=acme', '--gpus', '"device=3"']);
    const run = agentCycle();
    const first = await run.next(0);
    // From each container's start to the first collection: they started one after another.
    const starts = first.segments.map((s) => Number(s.start_unix_ms));
    expect(gpuSeconds(first.segments).get(a100MigUuids[2] ?? '')).toBeLessThanOrEqual(
      (run.clock.nowMs() - Math.min(...starts)) / 1000,
    );
    const later = [...(await run.next(600_000)).segments, ...(await run.next(3_000_000)).segments];
    expect(gpuSeconds(later)).toEqual(
      new Map([
        [a100MigUuids[2], 3600],
        [gpuUuidAt(3), 3600],
      ]),
    );
    const shared = later.filter((s) => s.labels?.docker_container?.startsWith('share-'));
    expect(new Set(shared.map((s) => s.tenant_id))).toEqual(
      new Set(['team-1', 'team-2', 'team-3', 'team-4']),
    );
    for (const s of shared) expect(s.gpu_shares).toEqual([0.25]);
    for (const s of later.filter((x) => x.tenant_id === 'acme')) expect(s.gpu_shares).toBeUndefined();
    await run.cycle.close();
  });

  it('refuses a bad tenant label before sending, logs it once naming the container, counts its GPU time', async () => {
    await removeAll();
    const long = 't'.repeat(300);
    await d.run(['--name', 'evil', '--label', 'gpuwatch.tenant={evil}', '--gpus', '"device=0"']);
    await d.run(['--name', 'long', '--label', `gpuwatch.tenant=${long}`, '--gpus', '"device=1"']);
    await d.run(['--name', 'good', '--label', 'gpuwatch.tenant=acme', '--gpus', '"device=3"']);
    // The source passes the labels on as they are; the agent's checks judge them.
    const answer = byName((await new DockerSource({ socketPath: d.socketPath }).collect(ctx())).allocations);
    expect(answer.get('evil')?.tenant_id).toBe('{evil}');
    expect(answer.get('long')?.tenant_id).toBe(long);

    const run = agentCycle();
    const segments: IUsageSegment[] = [];
    for (const step of [0, 600_000, 600_000]) segments.push(...(await run.next(step)).segments);
    expect(new Set(segments.map((s) => s.tenant_id))).toEqual(new Set(['acme']));
    const refusals = run.warnings.filter((w) => w.msg === 'allocation not attributed').map((w) => w.detail);
    expect(refusals).toHaveLength(2);
    expect(refusals.find((r) => r.includes('"evil"'))).toMatch(
      /^docker allocation "[0-9a-f]{64}" \(docker_container "evil"\) holds 1 GPU\(s\) but its tenant_id "\{evil\}" is refused by the collector's rules: expected no "\{" or "\}", got "\{evil\}"/,
    );
    expect(refusals.find((r) => r.includes('"long"'))).toMatch(
      /^docker allocation "[0-9a-f]{64}" \(docker_container "long"\) holds 1 GPU\(s\) but its tenant_id "t{79}…\(302 chars\) is refused by the collector's rules: expected at most 256 characters, got 300/,
    );
    // Two GPUs for the 1 200 s between the first collection and the last.
    expect(await run.unattributed('invalid_id')).toBe(2 * 1200);
    await run.cycle.close();
  });

  it('fails naming the socket while dockerd is down; a live container keeps its start, a restarted one does not', async () => {
    await removeAll();
    const acme = ['--label', 'gpuwatch.tenant=acme'];
    const live = await d.run(['--name', 'live', ...acme, '--gpus', '"device=0"']);
    const restarted = await d.run([
      '--name',
      'restarted',
      '--restart',
      'always',
      ...acme,
      '--gpus',
      '"device=1"',
    ]);
    const died = await d.run(['--name', 'died', ...acme, '--gpus', '"device=3"']);
    const source = new DockerSource({ socketPath: d.socketPath });
    const before = byName((await source.collect(ctx())).allocations);
    // since_unix_ms is State.StartedAt, the same at every poll.
    expect(byName((await source.collect(ctx())).allocations)).toEqual(before);
    for (const [name, id] of [
      ['live', live],
      ['restarted', restarted],
      ['died', died],
    ] as const) {
      const truth = await inspect(id);
      expect(before.get(name)?.since_unix_ms, name).toBe(Date.parse(truth.State?.StartedAt ?? ''));
    }
    const pid = async (id: string): Promise<number> => (await inspect(id)).State?.Pid ?? 0;
    const [livePid, restartedPid, diedPid] = [await pid(live), await pid(restarted), await pid(died)];

    await d.stop();
    await expect(source.collect(ctx())).rejects.toThrow(
      `Docker daemon not reachable at "${d.socketPath}" (ENOENT)`,
    );
    // live-restore: the containers run on without their daemon; two of them die meanwhile.
    expect(() => process.kill(livePid, 0)).not.toThrow();
    process.kill(restartedPid, 'SIGKILL');
    process.kill(diedPid, 'SIGKILL');
    await d.startDaemon();
    // dockerd restarts "restarted" by its policy when it finds it dead.
    await waitFor(
      async () => (await inspect(restarted)).State?.Pid !== restartedPid,
      'dockerd restarting "restarted"',
    );

    const after = byName((await source.collect(ctx())).allocations);
    expect([...after.keys()].sort()).toEqual(['live', 'restarted']);
    expect(after.get('live')).toEqual(before.get('live'));
    expect(after.get('restarted')?.allocation_id).toBe(restarted);
    expect(after.get('restarted')?.since_unix_ms).toBeGreaterThan(
      before.get('restarted')?.since_unix_ms ?? Infinity,
    );
    expect((await inspect(died)).State?.Status).toBe('exited');
  });

  it('writes no usage while dockerd is down, fills the gap only for a container that ran through', async () => {
    await removeAll();
    const acme = ['--label', 'gpuwatch.tenant=acme'];
    const live = await d.run(['--name', 'live', ...acme, '--gpus', '"device=0"']);
    const restarted = await d.run([
      '--name',
      'restarted',
      '--restart',
      'always',
      ...acme,
      '--gpus',
      '"device=1"',
    ]);
    const died = await d.run(['--name', 'died', ...acme, '--gpus', '"device=3"']);
    const pids = new Map<string, number>();
    for (const id of [live, restarted, died]) pids.set(id, (await inspect(id)).State?.Pid ?? 0);
    // Real time throughout: the containers' starts are dockerd's clock.
    const run = agentCycle();
    const now = async () => {
      await new Promise((r) => setTimeout(r, 20));
      return run.next(Date.now() - run.clock.nowMs());
    };
    await now();
    const lastGood = await now();
    expect(new Set(lastGood.segments.map((s) => s.allocation_id))).toEqual(new Set([live, restarted, died]));

    await d.stop();
    for (const down of [await now(), await now()]) {
      expect(down.segments).toEqual([]);
      expect(down.errors.map((e) => e.message)).toEqual([
        `Docker daemon not reachable at "${d.socketPath}" (ENOENT)`,
      ]);
      expect(down.down.map((o) => [o.source, o.held_allocations, o.last_good_unix_ms])).toEqual([
        ['docker', 3, lastGood.nowMs],
      ]);
    }
    // One line when the outage starts, not one per cycle.
    expect(run.warnings.filter((w) => w.msg.startsWith('source outage started'))).toHaveLength(1);
    expect(await run.metric('gpuwatch_agent_source_down', { source: 'docker' })).toBe(1);
    process.kill(pids.get(restarted) ?? 0, 'SIGKILL');
    process.kill(pids.get(died) ?? 0, 'SIGKILL');
    await d.startDaemon();
    await waitFor(
      async () => (await inspect(restarted)).State?.Pid !== pids.get(restarted),
      'dockerd restarting "restarted"',
    );
    const newStart = Date.parse((await inspect(restarted)).State?.StartedAt ?? '');

    const back = await now();
    expect(back.down).toEqual([]);
    expect(await run.metric('gpuwatch_agent_source_down', { source: 'docker' })).toBe(0);
    // Two containers did not run through: the outage ends with time left unattributed.
    expect(run.warnings.map((w) => w.msg)).toContain(
      'source outage ended; part of its time stays unattributed',
    );
    const of = (id: string) => back.segments.filter((s) => s.allocation_id === id);
    // Ran through (same container, same StartedAt): filled from its last segment to now.
    expect(of(live).map((s) => [Number(s.start_unix_ms), Number(s.end_unix_ms)])).toEqual([
      [lastGood.nowMs, back.nowMs],
    ]);
    expect(back.filled.map((f) => f.allocation_id)).toEqual([live]);
    // Restarted: a new run from its new start; the outage before it is not filled.
    expect(of(restarted).map((s) => [Number(s.start_unix_ms), Number(s.end_unix_ms)])).toEqual([
      [newStart, back.nowMs],
    ]);
    expect(newStart).toBeGreaterThan(lastGood.nowMs);
    // Died: nothing after its last segment.
    expect(of(died)).toEqual([]);
    expect(
      back.unattributed.map((u) => [u.allocation_id, u.why, u.from_unix_ms, u.to_unix_ms]).sort(),
    ).toEqual(
      [
        [died, 'gone', lastGood.nowMs, back.nowMs],
        [restarted, 'restarted', lastGood.nowMs, newStart],
      ].sort(),
    );
    await run.cycle.close();
  });

  it('gpuwatch agent --once --dry-run attributes what docker inspect says each container holds', async () => {
    await removeAll();
    const two = await d.run(['--name', 'two', '--label', 'gpuwatch.tenant=acme', '--gpus', '"device=0,3"']);
    const mig = await d.run([
      '--name',
      'mig',
      '--label',
      'gpuwatch.tenant=globex',
      '--runtime',
      'nvidia',
      '-e',
      'NVIDIA_VISIBLE_DEVICES=1:0',
    ]);
    const { code, stdout, stderr } = await runAgent(
      ['--once', '--dry-run', '--docker-socket', d.socketPath],
      'a100Mig',
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      collected_at: string;
      allocations: { tenant_id: string; allocation_id: string; gpu_uuids: string[]; gpu_shares?: number[] }[];
      segments: { allocation_id: string; tenant_id: string; start_unix_ms: number; end_unix_ms: number }[];
      errors: unknown[];
    };
    expect(report.errors).toEqual([]);
    const migUuid = 'MIG-10a1b2c3-0d4e-5f60-7182-93a4b5c6d7e0'; // GPU 1, MIG device 0 of the capture
    expect(
      report.allocations.map((a) => [a.allocation_id, a.tenant_id, a.gpu_uuids, a.gpu_shares]).sort(),
    ).toEqual(
      [
        [two, 'acme', [gpuUuidAt(0), gpuUuidAt(3)], undefined],
        [mig, 'globex', [migUuid], undefined],
      ].sort(),
    );
    for (const id of [two, mig]) {
      const started = Date.parse((await inspect(id)).State?.StartedAt ?? '');
      expect(
        report.segments.filter((s) => s.allocation_id === id).map((s) => [s.start_unix_ms, s.end_unix_ms]),
      ).toEqual([[started, Date.parse(report.collected_at)]]);
    }
  });
});

/** Polls `check` every 100 ms until it holds; fails after 20 s. */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const gpuUuidAt = (i: number): string => a100MigUuids[i] ?? a100Uuid3;
// The constructed A100 capture's fourth GPU (a100MigUuids lists three).
const a100Uuid3 = 'GPU-513536b6-7d19-9063-b049-1e69664bb29b';

/** GPU-seconds per GPU, shares applied. */
function gpuSeconds(segments: readonly IUsageSegment[]): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const s of segments) {
    const duration = (Number(s.end_unix_ms) - Number(s.start_unix_ms)) / 1000;
    (s.gpu_uuids ?? []).forEach((u, i) => {
      seconds.set(u, (seconds.get(u) ?? 0) + duration * (s.gpu_shares?.[i] ?? 1));
    });
  }
  return seconds;
}

/**
 * The agent's collection cycle over this dockerd and the constructed four-A100 capture (fake
 * nvidia-smi), on a manual clock that starts now (the containers' starts are real times).
 */
function agentCycle() {
  const clock = new ManualClock(Date.now());
  const registry = new Registry();
  const warnings: { msg: string; detail: string }[] = [];
  const logger: Logger = {
    ...silentLogger,
    warn: (msg, fields) => warnings.push({ msg, detail: String(fields?.detail) }),
  };
  const cycle = new CollectionCycle({
    inventory: new NvidiaSmiInventory({ path: fakeNvidiaSmi, env: smiEnv('a100Mig') }),
    sources: [new DockerSource({ socketPath: d.socketPath })],
    clock,
    logger,
    registry,
  });
  let state: SegmentState = emptySegmentState;
  return {
    clock,
    cycle,
    warnings,
    /** Advances the clock by `ms` and collects; keeps the state as the runner would. */
    async next(ms: number) {
      clock.advance(ms);
      const result = await cycle.collectOnce(state);
      state = result.state;
      return result;
    },
    async unattributed(reason: string): Promise<number> {
      return this.metric('gpuwatch_agent_unattributed_gpu_seconds_total', { reason });
    },
    /** The value of one series of a metric; NaN when absent. */
    async metric(name: string, labels: Record<string, string>): Promise<number> {
      const metric = await registry.getSingleMetric(name)?.get();
      const match = metric?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
      return match?.value ?? NaN;
    },
  };
}
