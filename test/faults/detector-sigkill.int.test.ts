/**
 * A detector SIGKILLed mid-evaluation (docs/design.md §4, §6 "workers are idempotent"): the same fleet —
 * tenant profiles and 91 days of hourly usage streamed through the collector, which queues an
 * evaluation per tenant — is judged twice, each on a key prefix of its own. Once by one
 * `gpuwatch detector` left alone; once by a detector that is SIGKILLed while it holds an
 * evaluation job, after which a second detector takes over the waiting jobs and, through
 * BullMQ's stalled-job recovery (the dead worker's lock expires: `--job-lock-duration 5s` here,
 * 30 s by default), the one that was in flight. Both runs must end with the same alerts.
 *
 * The kill must land inside a job, every time. The test used to kill once the evaluation counter
 * read 2 and trust that a job was still in flight when the signal landed; nothing checked it, and
 * a victim that got ahead of the test (a loaded machine can leave the test process unscheduled
 * for a while) may have finished every job by then. Now the test freezes the victim (SIGSTOP) and
 * kills it only if, frozen, it holds an active job with its lock set; otherwise it lets it run on
 * (SIGCONT) and looks again a few milliseconds later.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { queueNames } from '../../common/redis-keys.js';
import type { IHello, ITenant, IUsageSegment } from '../../common/proto.js';
import { AdminClient, deliver, h100Gpus, hello, hourlySegments } from '../helpers/agent-client.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';
import { startDetector, type Detector } from '../detector/detector-process.js';
import { sweepJobName } from '../../detector/evaluation-worker.js';

const hourMs = 3_600_000;
const days = 91;
const endMs = Math.floor(Date.now() / hourMs) * hourMs;
const adminToken = 'admin-token-0123456789abcdef';
const agentId = 'node-fault';
const tenantCount = 12;
const gpusPerTenant = 8;

const agentHello: IHello = hello(agentId, {
  cluster: 'fault',
  site: 'fault',
  gpus: h100Gpus(agentId, tenantCount * gpusPerTenant),
});

/**
 * Tenants of three kinds: long-term CN holders (alerts), KYC-verified NL customers (informational
 * records), and a pair of CN accounts sharing a payment card whose combined usage crosses what
 * neither does alone (linked: one cluster).
 */
function fleet(): { tenants: ITenant[]; segments: IUsageSegment[] } {
  const tenants: ITenant[] = [];
  const segments: IUsageSegment[] = [];
  for (let t = 0; t < tenantCount; t++) {
    const id = `tenant-${String(t).padStart(2, '0')}`;
    const kind = t % 3;
    tenants.push({
      tenant_id: id,
      legal_name: `${id} Holdings`,
      country: kind === 1 ? 'NL' : 'CN',
      kyc_verified: kind === 1,
      account_created_unix_ms: endMs - 400 * 86_400_000,
      registration_number: `reg-${id}`,
      payment_fingerprint: kind === 2 ? `card-shared-${t - (t % 6)}` : `card-${id}`,
      email: `ops@${id}.example`,
    });
    const gpus = kind === 2 ? 5 : gpusPerTenant;
    segments.push(
      ...hourlySegments({
        agentId,
        tenantId: id,
        first: t * gpusPerTenant,
        count: gpus,
        hours: days * 24,
        endMs,
      }),
    );
  }
  return { tenants, segments };
}

interface Run {
  readonly tr: TestRedis;
  readonly collector: TestCollector;
  readonly detectors: Detector[];
}
const runs: Run[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    for (const d of run.detectors) {
      d.signal('SIGKILL');
      await d.exited;
    }
    await run.collector.stop();
    await run.tr.cleanup();
  }
});

/** A fresh prefix with the fleet streamed in: one evaluation queued per tenant, no detector yet. */
async function ingested(): Promise<Run> {
  const tr = await openTestRedis();
  const collector = await startTestCollector({
    redis: tr.redis,
    keys: tr.keys,
    auth: { adminTokenFile: tempFile('admin-token', `${adminToken}\n`) },
  });
  const run: Run = { tr, collector, detectors: [] };
  runs.push(run);
  const { tenants, segments } = fleet();
  const admin = new AdminClient({ address: collector.address, token: adminToken });
  try {
    await admin.upsertTenants({ tenants });
  } finally {
    admin.close();
  }
  const batches = [];
  for (let i = 0; i < segments.length; i += 2000) {
    batches.push({ seq: batches.length + 1, segments: segments.slice(i, i + 2000) });
  }
  await deliver({ address: () => collector.address, hello: agentHello, batches });
  return run;
}

async function evaluationsOk(d: Detector): Promise<number> {
  const text = await (await fetch(d.metricsUrl)).text();
  return Number(/gpuwatch_detector_evaluations_total\{result="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
}

/**
 * Waits until no evaluation waits, runs or is delayed (a retry) on the run's queue; the sweep
 * scheduler's next run is always there, delayed, and does not count.
 */
async function drained(run: Run, timeoutMs: number): Promise<void> {
  const queue = new Queue(queueNames.evaluate, {
    connection: run.tr.newClient(),
    prefix: run.tr.keys.queuePrefix,
  });
  const pending = async (): Promise<number> => {
    const delayed = await queue.getJobs(['delayed']);
    return (
      (await queue.getJobCountByTypes('wait', 'prioritized', 'active')) +
      delayed.filter((j) => j.name !== sweepJobName).length
    );
  };
  try {
    await expect.poll(pending, { timeout: timeoutMs, interval: 250 }).toBe(0);
  } finally {
    await queue.close();
  }
}

/** An active job whose lock is held (id and lock token), or undefined when none is. */
async function lockedActiveJob(queue: Queue): Promise<{ id: string; lock: string } | undefined> {
  const client = await queue.client;
  for (const job of await queue.getActive()) {
    if (job.id === undefined) continue;
    const lock = await client.get(`${queue.toKey(job.id)}:lock`);
    if (lock !== null) return { id: job.id, lock };
  }
  return undefined;
}

/** The pid of the `gpuwatch detector` child on `prefix` (each run has a prefix of its own). */
function detectorPid(prefix: string): number {
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        return args.includes('detector') && args.includes(prefix);
      } catch {
        return false; // exited meanwhile
      }
    });
  expect(pids).toHaveLength(1);
  return Number(pids[0]);
}

/** The process state letter of /proc/<pid>/stat: R, S, D, T (stopped), … */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** The alerts as comparable facts: ids and wall-clock stamps differ between runs, nothing else may. */
async function alertFacts(run: Run): Promise<unknown[]> {
  const store = new RedisAlertStore({ redis: run.tr.redis, keys: run.tr.keys, clock: systemClock });
  const all: StoredAlert[] = await store.list({});
  return all
    .map((a) => ({
      rule: a.rule,
      severity: a.severity,
      score: a.score,
      tenantIds: a.tenantIds,
      anchor: a.anchorTenantId,
      state: a.state,
      informational: a.informational,
      firstSeenMs: a.firstSeenMs,
      lastSeenMs: a.lastSeenMs,
      policyVersion: a.policyVersion,
      evidence: a.evidence,
    }))
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe('detector SIGKILL mid-evaluation', () => {
  it(
    'another detector recovers the killed one’s jobs, and the alerts equal those of an undisturbed run',
    { timeout: 150_000 },
    async () => {
      // Undisturbed.
      const calm = await ingested();
      const alone = await startDetector(testRedisUrl, calm.tr.prefix, [
        '--concurrency',
        '1',
        '--job-lock-duration',
        '5s',
      ]);
      calm.detectors.push(alone);
      await expect
        .poll(() => evaluationsOk(alone), { timeout: 30_000, interval: 100 })
        .toBeGreaterThanOrEqual(tenantCount - 2);
      await drained(calm, 30_000);
      const expected = await alertFacts(calm);
      expect(expected.length).toBeGreaterThanOrEqual(tenantCount / 2);

      // Killed while it holds a job, then a second detector.
      const rough = await ingested();
      const victim = await startDetector(testRedisUrl, rough.tr.prefix, [
        '--concurrency',
        '1',
        '--job-lock-duration',
        '5s',
      ]);
      rough.detectors.push(victim);
      const victimPid = detectorPid(rough.tr.prefix);
      const queueConnection = rough.tr.newClient();
      const queue = new Queue(queueNames.evaluate, {
        connection: queueConnection,
        prefix: rough.tr.keys.queuePrefix,
      });
      let victimOk = 0;
      let held: { id: string; lock: string } | undefined;
      let activeAtKill: number;
      let activeIds: (string | undefined)[];
      try {
        // Once it has done two evaluations, freeze it and look: the victim is the only worker on
        // this prefix, so a locked active job is its own. Between jobs: let it run on, look again.
        await expect
          .poll(
            async () => {
              victimOk = await evaluationsOk(victim);
              if (victimOk < 2) return undefined;
              victim.signal('SIGSTOP');
              await expect.poll(() => processState(victimPid), { timeout: 5000, interval: 1 }).toBe('T');
              // One round trip first: whatever the victim sent before it stopped is applied by then.
              await queueConnection.ping();
              held = await lockedActiveJob(queue);
              if (held === undefined) victim.signal('SIGCONT');
              return held;
            },
            {
              timeout: 30_000,
              interval: 5,
              message: 'the victim never held a job when stopped after two evaluations',
            },
          )
          .toBeDefined();
        victim.signal('SIGKILL');
        expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
        activeAtKill = await queue.getJobCountByTypes('active');
        activeIds = (await queue.getActive()).map((j) => j.id);
      } finally {
        await queue.close();
      }
      // The kill landed inside an evaluation: its job is left active, locked by a dead worker.
      expect(activeAtKill).toBe(1);
      expect(activeIds).toEqual([held?.id]);

      const heir = await startDetector(testRedisUrl, rough.tr.prefix, [
        '--concurrency',
        '1',
        '--job-lock-duration',
        '5s',
      ]);
      rough.detectors.push(heir);
      await drained(rough, 100_000);
      // Nothing is left active: the job in flight when the victim died was recovered (drained()
      // counts active jobs). The heir did the rest; the victim may have finished one more
      // evaluation between the reading and the stop.
      expect(await evaluationsOk(heir)).toBeGreaterThanOrEqual(tenantCount - victimOk - 1);
      expect(await alertFacts(rough)).toEqual(expected);
    },
  );
});
