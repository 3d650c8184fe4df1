/**
 * The Slurm source against a real Slurm 22.05 cluster (test/daemons/slurm-cluster.ts): jobs of
 * every form are submitted as other Unix users, and what the source (and the CLI's dry-run)
 * reports is compared with what `scontrol show job -d` says each job holds.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectContext, GpuRef, SourceResult } from '../../../agent/sources/allocation.js';
import { SlurmSource } from '../../../agent/sources/slurm-source.js';
import { TenantMapping } from '../../../agent/sources/tenant-mapping.js';
import { ensureUser, freePort, startSlurmCluster, type SlurmCluster } from '../../daemons/slurm-cluster.js';
import { ManualClock } from '../../../common/clock.js';
import { loadConfig } from '../../../common/config.js';
import { JsonLogger } from '../../../common/logger.js';
import { collectionOptionSpecs, createCollection } from '../../../agent/collection-config.js';
import type { CollectionResult } from '../../../agent/collection-cycle.js';
import { emptySegmentState } from '../../../agent/segments/segment-state.js';
import { AgentProcess, fakeGpuArgs } from '../agent-process.js';
import { captures, fakeNvidiaSmi, fixturesDir, tempDir } from '../fixtures.js';

const users = ['gwalice', 'gwbob', 'gwcarol'] as const;
const ctx = (): CollectContext => ({ signal: new AbortController().signal, nowMs: Date.now() });
const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

let cluster: SlurmCluster;
const scratch = tempDir('slurm-int');
const capture = eightGpuCapture(scratch.path);

beforeAll(async () => {
  for (const u of users) await ensureUser(u);
  cluster = await startSlurmCluster();
}, 60_000);

afterAll(async () => {
  scratch.remove();
  await cluster?.stop();
}, 60_000);

function source(tenantFrom: 'account' | 'user' = 'account'): SlurmSource {
  return new SlurmSource({
    nodeName: cluster.nodeName,
    tenants: new TenantMapping({}, { regex: 'regex', mapFile: 'map' }),
    tenantFrom,
    env: cluster.env,
  });
}

/** "0-1,4" → [0, 1, 4], written apart from the source's own parser. */
function indexList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Array.from({ length: (to ?? 0) - (from ?? 0) + 1 }, (_, i) => (from ?? 0) + i);
  });
}

/**
 * The truth: for each job squeue lists as holding resources on the node, the GPU indexes (and
 * shard counts) in its own record of `scontrol show job -d`.
 */
async function scontrolTruth(): Promise<Map<string, { gpus: number[]; shards: Map<number, number> }>> {
  const listed = await cluster.client('squeue', ['--noheader', '--states=RUNNING,SUSPENDED', '--format=%A']);
  const truth = new Map<string, { gpus: number[]; shards: Map<number, number> }>();
  for (const id of listed.split('\n').filter((l) => l !== '')) {
    const text = await cluster.client('scontrol', ['show', 'job', '-d', id]);
    const record = text.split(/\n(?=JobId=)/).find((r) => r.startsWith(`JobId=${id} `)) ?? '';
    const gpus = [...record.matchAll(/GRES=\S*?gpu:h100:\d+\(IDX:([^)]*)\)/g)].flatMap((m) =>
      indexList(m[1] ?? ''),
    );
    const shards = new Map<number, number>();
    for (const m of record.matchAll(/shard:(\d+)\(IDX:(\d+)\)/g)) shards.set(Number(m[2]), Number(m[1]));
    if (gpus.length > 0 || shards.size > 0) truth.set(id, { gpus, shards });
  }
  return truth;
}

const indexes = (gpus: readonly GpuRef[]): number[] => gpus.map((g) => ('index' in g ? g.index : -1));

/** Job id → GPU indexes, from the source's allocations and its unattributed holdings. */
function claims(result: SourceResult): Map<string, number[]> {
  return new Map(
    [...result.allocations, ...(result.unattributed ?? [])].map((a) => [a.allocation_id, indexes(a.gpus)]),
  );
}

interface DryRun {
  inventory: { gpus: { uuid: string; index: number }[] } | null;
  allocations: {
    allocation_id: string;
    tenant_id: string;
    gpu_uuids: string[];
    gpu_shares?: number[];
    via: string;
  }[];
  warnings: string[];
  errors: unknown[];
}

/**
 * An 8-GPU H100 node for the agent's inventory: the one-GPU H100 capture with its GPU rows
 * (`-L` and the query-gpu sections) repeated for indexes 0-7, each with its own UUID and bus id.
 */
function eightGpuCapture(dir: string): string {
  const source = join(fixturesDir, 'nvidia-smi', captures.h100);
  const out: string[] = [];
  let section = '';
  let columns: string[] = [];
  for (const line of readFileSync(source, 'utf8').split('\n')) {
    if (line.startsWith('# ') && line.includes(' :: ')) section = line;
    const uuid = 'GPU-00000000-0000-0000-0000-000000000000';
    if (section.includes('list (-L)') && line.startsWith('GPU 0:')) {
      for (let i = 0; i < 8; i++)
        out.push(line.replace('GPU 0:', `GPU ${i}:`).replace(uuid, uuid.slice(0, -1) + i));
    } else if (section.includes(':: query-gpu (csv') && line.startsWith('timestamp,')) {
      columns = line.split(', ');
      out.push(line);
    } else if (section.includes(':: query-gpu (csv') && line.includes(uuid)) {
      for (let i = 0; i < 8; i++) {
        const cells = line.split(', ');
        cells.forEach((cell, c) => {
          if (columns[c] === 'index') cells[c] = String(i);
          else if (cell === uuid) cells[c] = uuid.slice(0, -1) + i;
          else if (columns[c] === 'pci.bus_id') cells[c] = `00000000:00:${String(9 + i).padStart(2, '0')}.0`;
        });
        out.push(cells.join(', '));
      }
    } else out.push(line);
  }
  const path = join(dir, 'h100x8.txt');
  writeFileSync(path, out.join('\n'));
  return path;
}

/** `gpuwatch agent --once --dry-run --slurm` on this node, with an 8-GPU H100 inventory. */
function dryRun(extra: readonly string[] = []): Promise<DryRun> {
  return new Promise((resolve, reject) => {
    const args = [
      cli,
      'agent',
      '--once',
      '--dry-run',
      '--slurm',
      `--slurm-node=${cluster.nodeName}`,
      `--nvidia-smi=${fakeNvidiaSmi}`,
      '--nvml-library=/nonexistent/libnvidia-ml.so.1',
      ...extra,
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...cluster.env, FAKE_NVIDIA_SMI_CAPTURE: capture },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(stdout) as DryRun);
      } catch {
        reject(
          new Error(`dry-run exited ${code} without JSON: ${stdout.slice(0, 500)} ${stderr.slice(-1000)}`),
        );
      }
    });
  });
}

/** Job id → GPU indexes from a dry-run document (UUIDs mapped back through its inventory). */
function dryRunClaims(report: DryRun): Map<string, number[]> {
  const index = new Map((report.inventory?.gpus ?? []).map((g) => [g.uuid, g.index]));
  return new Map(
    report.allocations
      .filter((a) => a.via === 'slurm')
      .map((a) => [a.allocation_id, a.gpu_uuids.map((u) => index.get(u) ?? -1).sort((x, y) => x - y)]),
  );
}

/** Whole-GPU claims never exceed the node's 8 GPUs, and no GPU is held whole twice. */
function expectNoOverclaim(byJob: Map<string, number[]>): void {
  const all = [...byJob.values()].flat();
  expect(all.length).toBeLessThanOrEqual(8);
  expect(new Set(all).size).toBe(all.length);
}

describe('SlurmSource against real Slurm 22.05', () => {
  it('attributes plain, --gres, --gpus, --gpus-per-node, non-contiguous, suspended and account-less jobs as scontrol says', async () => {
    const plain = await cluster.submit('gwbob', ['-A', 'globex']);
    const gres = await cluster.submit('gwalice', ['-A', 'acme', '--gres=gpu:h100:2']);
    const gpus = await cluster.submit('gwbob', ['-A', 'globex', '--gpus=1']);
    const perNode = await cluster.submit('gwcarol', ['-A', 'initech', '--gpus-per-node=1']);
    const filler = await cluster.submit('gwcarol', ['-A', 'initech', '--gpus=1']);
    const toSuspend = await cluster.submit('gwbob', ['-A', 'globex', '--gpus=1']);
    const noAccount = await cluster.submit('gwalice', ['--gpus=1']);
    await cluster.waitForState([plain, gres, gpus, perNode, filler, toSuspend, noAccount], 'RUNNING');
    // Two holes in the index space, then a 2-GPU job that must take both.
    await cluster.client('scancel', [gpus, filler]);
    await cluster.waitForState([gpus, filler], 'CANCELLED').catch(() => undefined);
    const split = await cluster.submit('gwalice', ['-A', 'acme', '--gpus=2']);
    await cluster.waitForState([split], 'RUNNING');

    const before = await source().collect(ctx());
    await cluster.client('scontrol', ['suspend', toSuspend]);
    await cluster.waitForState([toSuspend], 'SUSPENDED');

    const truth = await scontrolTruth();
    const result = await source().collect(ctx());
    expect(claims(result)).toEqual(new Map([...truth].map(([id, t]) => [id, t.gpus])));
    expect(truth.get(split)?.gpus).toHaveLength(2);
    const [a, b] = truth.get(split)?.gpus ?? [];
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThan(1);
    expectNoOverclaim(claims(result));

    const byId = new Map(result.allocations.map((x) => [x.allocation_id, x]));
    expect(byId.has(plain)).toBe(false);
    expect(byId.get(gres)?.tenant_id).toBe('acme');
    expect(byId.get(perNode)?.tenant_id).toBe('initech');
    expect(byId.get(toSuspend)?.labels.slurm_state).toBe('SUSPENDED');
    // The start time is the job's, unchanged by the suspension.
    const startBefore = before.allocations.find((x) => x.allocation_id === toSuspend)?.since_unix_ms;
    expect(startBefore).toBeGreaterThan(0);
    expect(byId.get(toSuspend)?.since_unix_ms).toBe(startBefore);
    expect(byId.has(noAccount)).toBe(false);
    expect(result.unattributed?.map((u) => u.allocation_id)).toEqual([noAccount]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Slurm job ${noAccount} \\(user "gwalice"\\) holds GPUs \\d but has no account .*--slurm-tenant-from user`,
        ),
      ),
    ]);

    const byUser = await source('user').collect(ctx());
    expect(byUser.allocations.find((x) => x.allocation_id === noAccount)?.tenant_id).toBe('gwalice');

    const report = await dryRun();
    expect(report.errors).toEqual([]);
    const expected = new Map([...truth].filter(([id]) => id !== noAccount).map(([id, t]) => [id, t.gpus]));
    expect(dryRunClaims(report)).toEqual(expected);
    expect(report.warnings.some((w) => w.includes(`Slurm job ${noAccount} `))).toBe(true);
    await cluster.cancelAll();
  });

  it('attributes an 8-task, 1-GPU array once per task: 8 claims for 8 GPUs', async () => {
    const array = await cluster.submit('gwalice', ['-A', 'acme', '--array=0-7', '--gpus=1']);
    // The pending array is one row until its tasks start, each under its own id.
    let tasks: string[] = [];
    for (let i = 0; i < 100 && tasks.length < 8; i++) {
      const listed = await cluster.client('squeue', [
        '--noheader',
        '--states=RUNNING',
        `--jobs=${array}`,
        '--format=%A',
      ]);
      tasks = listed.split('\n').filter((l) => l !== '');
      if (tasks.length < 8) await new Promise((r) => setTimeout(r, 200));
    }
    expect(tasks).toHaveLength(8);
    // What the old reading merged: scontrol for the base id prints all 8 tasks.
    const base = await cluster.client('scontrol', ['show', 'job', '-d', array]);
    expect(base.match(/^JobId=/gm)).toHaveLength(8);

    const truth = await scontrolTruth();
    expect(truth.size).toBe(8);
    const result = await source().collect(ctx());
    expect(claims(result)).toEqual(new Map([...truth].map(([id, t]) => [id, t.gpus])));
    expect(claims(result).get(array)).toHaveLength(1);
    expectNoOverclaim(claims(result));
    expect(new Set(result.allocations.map((a) => a.labels.slurm_array_job_id))).toEqual(new Set([array]));
    const starts = new Map(result.allocations.map((a) => [a.allocation_id, a.since_unix_ms]));

    expectNoOverclaim(dryRunClaims(await dryRun()));
    expect(dryRunClaims(await dryRun())).toEqual(claims(result));

    // The start times are stable from one poll to the next.
    const again = await source().collect(ctx());
    expect(new Map(again.allocations.map((a) => [a.allocation_id, a.since_unix_ms]))).toEqual(starts);
    await cluster.cancelAll();
  });

  it('weights four jobs sharing one GPU through shards so that their shares sum to one', async () => {
    const jobs: string[] = [];
    for (let i = 0; i < 4; i++)
      jobs.push(await cluster.submit('gwcarol', ['-A', 'initech', '--gres=shard:1']));
    await cluster.waitForState(jobs, 'RUNNING');
    const truth = await scontrolTruth();
    const [gpu] = [...(truth.get(jobs[0] ?? '')?.shards.keys() ?? [])];
    for (const id of jobs) expect(truth.get(id)?.shards).toEqual(new Map([[gpu, 1]]));

    const result = await source().collect(ctx());
    expect(result.allocations.map((a) => [a.allocation_id, a.gpus])).toEqual(
      jobs.map((id) => [id, [{ index: gpu, weight: 1 }]]),
    );

    const report = await dryRun();
    const shares = report.allocations.filter((a) => a.via === 'slurm').map((a) => a.gpu_shares ?? [1]);
    expect(shares).toEqual([[0.25], [0.25], [0.25], [0.25]]);
    await cluster.cancelAll();
  });

  it('fails with a clear error while slurmctld is down, and reports the same jobs and starts when it is back', async () => {
    const jobs = [
      await cluster.submit('gwalice', ['-A', 'acme', '--gpus=2']),
      await cluster.submit('gwbob', ['-A', 'globex', '--gpus=1']),
    ];
    await cluster.waitForState(jobs, 'RUNNING');
    const before = await source().collect(ctx());
    expect(before.allocations.map((a) => a.allocation_id)).toEqual(jobs);

    await cluster.stopController();
    try {
      // squeue against a dead controller gives up after ~9 s, within the source's 10 s deadline.
      await expect(source().collect(ctx())).rejects.toThrow(
        /^squeue --noheader --states=RUNNING,SUSPENDED .* failed \(exit 1\): slurm_load_\w+ error: Unable to contact slurm controller/,
      );
    } finally {
      await cluster.startController();
    }
    const after = await source().collect(ctx());
    expect(after.allocations.map((a) => [a.allocation_id, a.since_unix_ms, a.gpus])).toEqual(
      before.allocations.map((a) => [a.allocation_id, a.since_unix_ms, a.gpus]),
    );
    await cluster.cancelAll();
  }, 60_000);
});

describe('the agent through a real slurmctld outage', () => {
  it('holds the jobs while the controller is down and fills the gap when it is back: GPU-seconds conserved', async () => {
    const jobs = [
      await cluster.submit('gwalice', ['-A', 'acme', '--gpus=2']),
      await cluster.submit('gwbob', ['-A', 'globex', '--gpus=1']),
    ];
    await cluster.waitForState(jobs, 'RUNNING');
    const logLines: { level: string; msg: string; source?: unknown }[] = [];
    const logger = new JsonLogger({
      level: 'debug',
      write: (line) => logLines.push(JSON.parse(line) as { level: string; msg: string }),
    });
    const { config } = loadConfig(
      collectionOptionSpecs,
      [...fakeGpuArgs(), '--slurm', '--slurm-node', cluster.nodeName],
      {},
    );
    const clock = new ManualClock(Date.now());
    const cycle = createCollection(config, {
      clock,
      logger,
      toolEnv: { ...cluster.env, FAKE_NVIDIA_SMI_CAPTURE: capture },
    });
    try {
      const results: CollectionResult[] = [];
      const collect = async (): Promise<CollectionResult> => {
        const result = await cycle.collectOnce(results.at(-1)?.state ?? emptySegmentState);
        results.push(result);
        return result;
      };
      expect((await collect()).down).toEqual([]);
      clock.advance(60_000);
      await collect();

      await cluster.stopController();
      try {
        clock.advance(60_000);
        const during = await collect();
        expect(during.down).toEqual([
          expect.objectContaining({ source: 'slurm', held_allocations: 2, held_gpus: 3 }),
        ]);
        expect(during.segments).toEqual([]);
        expect(during.errors.map((e) => e.source)).toEqual(['slurm']);
      } finally {
        await cluster.startController();
      }
      clock.advance(60_000);
      const after = await collect();
      expect(after.down).toEqual([]);
      expect(after.filled.map((f) => f.allocation_id).sort()).toEqual([...jobs].sort());
      expect(after.unattributed).toEqual([]);
      expect(logLines.filter((l) => l.msg.startsWith('source outage')).map((l) => [l.msg, l.source])).toEqual(
        [
          [expect.stringMatching(/^source outage started/), 'slurm'],
          ['source outage ended', 'slurm'],
        ],
      );

      // Every job's segments tile its time from its start to the last cycle: nothing lost,
      // nothing counted twice.
      const endMs = clock.nowMs();
      const starts = new Map(results[0]?.allocations.map((a) => [a.allocation_id, a.since_unix_ms ?? 0]));
      for (const id of jobs) {
        const segments = results
          .flatMap((r) => r.segments)
          .filter((s) => s.allocation_id === id)
          .sort((a, b) => Number(a.start_unix_ms) - Number(b.start_unix_ms));
        expect(Number(segments[0]?.start_unix_ms)).toBe(starts.get(id));
        for (let i = 1; i < segments.length; i++) {
          expect(Number(segments[i]?.start_unix_ms)).toBe(Number(segments[i - 1]?.end_unix_ms));
        }
        expect(Number(segments.at(-1)?.end_unix_ms)).toBe(endMs);
        const gpus = id === jobs[0] ? 2 : 1;
        const gpuSeconds = segments.reduce(
          (t, s) =>
            t + ((Number(s.end_unix_ms) - Number(s.start_unix_ms)) / 1000) * (s.gpu_uuids ?? []).length,
          0,
        );
        expect(gpuSeconds).toBeCloseTo(((endMs - (starts.get(id) ?? 0)) / 1000) * gpus, 6);
      }
    } finally {
      await cycle.close();
      await cluster.cancelAll();
    }
  }, 60_000);

  it('the agent daemon reports itself degraded while slurmctld is down and fills the gap after', async () => {
    const jobs = [await cluster.submit('gwcarol', ['-A', 'initech', '--gpus=1'])];
    await cluster.waitForState(jobs, 'RUNNING');
    const dir = tempDir('slurm-agent');
    const agent = AgentProcess.start(
      [
        '--collector',
        `127.0.0.1:${await freePort()}`,
        '--agent-id',
        'slurm-node',
        '--spool-dir',
        join(dir.path, 'spool'),
        '--interval',
        '1s',
        '--slurm',
        '--slurm-node',
        cluster.nodeName,
        '--metrics-listen',
        '127.0.0.1:0',
        '--shutdown-timeout',
        '1s',
      ],
      'h100',
      { ...cluster.env, FAKE_NVIDIA_SMI_CAPTURE: capture },
    );
    try {
      const running = await agent.waitForLog((l) => l.msg === 'agent running', 'the agent to run');
      await agent.waitForLog((l) => l.msg === 'first collection spooled', 'the first cycle');
      const base = `http://${String(running.http)}`;
      await cluster.stopController();
      try {
        const started = await agent.waitForLog(
          (l) => l.msg.startsWith('source outage started'),
          'the outage to start',
          30_000,
        );
        expect(started).toMatchObject({ level: 'warn', source: 'slurm', heldAllocations: 1, heldGpus: 1 });
        const health = await fetch(`${base}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({
          healthy: true,
          ready: false,
          status: 'degraded',
          down: [expect.objectContaining({ source: 'slurm' })],
        });
        expect((await fetch(`${base}/readyz`)).status).toBe(503);
      } finally {
        await cluster.startController();
      }
      const ended = await agent.waitForLog(
        (l) => l.msg.startsWith('source outage ended'),
        'the outage to end',
        30_000,
      );
      expect(ended).toMatchObject({ msg: 'source outage ended', source: 'slurm', filledAllocations: 1 });
      expect(ended.unattributedGpuSeconds).toBe(0);
    } finally {
      await agent.kill();
      dir.remove();
      await cluster.cancelAll();
    }
  }, 90_000);
});
