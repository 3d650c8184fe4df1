/**
 * `gpuwatch demo` in one function: a Redis (the one configured, the local default if it answers,
 * or a private redis-server), a collector and a detector as child processes, a webhook receiver,
 * the sample screening list, the simulated fleet streamed through the collector, a wait until the
 * detector has judged everything, and the alerts scored against the ground truth.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { alertRules } from '../../common/alerts/alert-model.js';
import { RedisAlertStore } from '../../common/alerts/alert-store.js';
import { systemClock } from '../../common/clock.js';
import { queueNames, RedisKeys } from '../../common/redis-keys.js';
import { deleteKeysWithPrefix } from '../../common/redis.js';
import { scoreFindings, type GroundTruth, type RaisedFinding, type Score } from '../ground-truth.js';
import { runSimulation, type SimulationReport } from '../run-simulation.js';
import { sampleScreeningList } from '../scenarios/screening.js';
import { repoRoot, runCli, startProgram, type ChildProgram } from './child-program.js';
import { redisReachable, startLocalRedis, type LocalRedis } from './local-redis.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export interface DemoOptions {
  /** A Redis to use; undefined: the default local one if it answers, else a private one. */
  readonly redis?: string;
  readonly seed: number;
  /** Default all. */
  readonly scenarios?: readonly string[];
  /** Simulated days; default 100. */
  readonly days?: number;
  /** Phase lines. */
  readonly log: (line: string) => void;
  /** How long to wait for the detector to drain, ms. Default 120 000. */
  readonly drainTimeoutMs?: number;
  /**
   * Ctrl-C: stops the run and everything it started (children, private Redis, temp files, the
   * demo's keys in a shared Redis); runDemo then rejects.
   */
  readonly signal?: AbortSignal;
}

export interface DemoStack {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly privateRedis: boolean;
  readonly collectorAddress: string;
  readonly collectorHttp: string;
  readonly detectorMetrics: string;
  readonly webhookUrl: string | undefined;
}

export interface DemoResult {
  readonly stack: DemoStack;
  readonly simulation: SimulationReport;
  readonly truth: GroundTruth;
  readonly raised: readonly RaisedFinding[];
  readonly score: Score;
  /** Webhook deliveries received by type; undefined when the detector has no webhook support. */
  readonly webhooks: ReadonlyMap<string, number> | undefined;
  readonly badWebhookSignatures: number;
  readonly elapsedMs: number;
  /** Stops everything the demo started and removes its data (keys under its prefix, temp dirs). */
  readonly cleanup: () => Promise<void>;
}

const defaultRedis = 'redis://127.0.0.1:6379';

async function waitUntilDrained(
  queues: readonly Queue[],
  log: (line: string) => void,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  let lastLog = 0;
  for (;;) {
    const counts = await Promise.all(
      queues.map((q) => q.getJobCountByTypes('wait', 'prioritized', 'active')),
    );
    const pending = counts.reduce((a, b) => a + b, 0);
    // Three empty looks in a row: an evaluation that just finished may enqueue a delivery.
    quiet = pending === 0 ? quiet + 1 : 0;
    if (quiet >= 3) return;
    if (Date.now() > deadline)
      throw new Error(`the detector still had ${pending} jobs pending after ${timeoutMs / 1000} s`);
    if (Date.now() - lastLog > 3000) {
      lastLog = Date.now();
      log(
        `demo: waiting for the detector: ${counts.join(' + ')} jobs pending (evaluate${queues.length > 1 ? ' + deliver' : ''})`,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { log } = options;
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleaned = false;
  const runStep = async (step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (err: unknown) {
      log(`demo: cleanup step failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const cleanup = async (): Promise<void> => {
    cleaned = true;
    for (const step of cleanups.splice(0).reverse()) await runStep(step);
  };
  /** Registers what undoes a step; after an interrupt's cleanup, undoes it at once. */
  const defer = (step: () => Promise<unknown>): void => {
    if (cleaned) void runStep(step);
    else cleanups.push(step);
  };
  const interrupted = new Promise<never>((_, reject) => {
    const signal = options.signal;
    if (signal === undefined) return;
    const onAbort = (): void => reject(new Error('interrupted: stopped what the demo had started'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(), interrupted]);
  } catch (err: unknown) {
    await cleanup();
    throw err;
  }

  async function run(): Promise<DemoResult> {
    // 1. Redis.
    let redisUrl = options.redis;
    let local: LocalRedis | undefined;
    if (redisUrl !== undefined) {
      if (!(await redisReachable(redisUrl, 2000)))
        throw new Error(`--redis ${redisUrl}: no Redis answers there`);
    } else if (await redisReachable(defaultRedis, 500)) {
      redisUrl = defaultRedis;
    } else {
      local = await startLocalRedis();
      redisUrl = local.url;
      defer(() => local?.stop() ?? Promise.resolve());
    }
    const keyPrefix = `gwdemo-${randomBytes(4).toString('hex')}`;
    const keys = new RedisKeys(keyPrefix);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    defer(async () => redis.quit());
    if (local === undefined) defer(() => deleteKeysWithPrefix(redis, keyPrefix));
    log(
      `demo [1/6] redis: ${local !== undefined ? `private redis-server at ${redisUrl}` : `${redisUrl}, keys under ${keyPrefix}:`}`,
    );

    // 2. Webhook receiver, screening list, collector, detector.
    const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-demo-'));
    defer(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const receiver: WebhookReceiver = await startWebhookReceiver();
    defer(() => receiver.close());
    const secretFile = join(dir, 'webhook-secret');
    writeFileSync(secretFile, `${receiver.secret}\n`, { mode: 0o600 });
    // Retries of the docs/design.md §7 schedule a thousand times faster: the demo lasts seconds.
    const webhookArgs = [
      '--webhook',
      receiver.url,
      '--webhook-secret-file',
      secretFile,
      '--webhook-retry-scale',
      '1000',
    ];
    const common = ['--redis', redisUrl, '--key-prefix', keyPrefix];
    await runCli(['screening', 'import', join(repoRoot, sampleScreeningList), ...common]);
    log(`demo [2/6] screening list imported: ${sampleScreeningList}`);

    const collector: ChildProgram = await startProgram(
      ['collector', '--listen', '127.0.0.1:0', '--metrics-listen', '127.0.0.1:0', ...common],
      /"msg":"collector listening".*?"grpc":"([^"]+)","http":"([^"]+)"/,
    );
    defer(() => collector.stop());
    const detector: ChildProgram = await startProgram(
      [
        'detector',
        '--metrics-listen',
        '127.0.0.1:0',
        '--policy',
        join(repoRoot, 'deploy/policy.yaml'),
        '--sweep-interval',
        '1h',
        ...common,
        ...webhookArgs,
      ],
      /"msg":"detector started".*?"metrics":"([^"]+)"/,
    );
    defer(() => detector.stop());
    const stack: DemoStack = {
      redisUrl,
      keyPrefix,
      privateRedis: local !== undefined,
      collectorAddress: collector.ready[0] ?? '',
      collectorHttp: `http://${collector.ready[1] ?? ''}`,
      detectorMetrics: `http://${detector.ready[0] ?? ''}/metrics`,
      webhookUrl: receiver.url,
    };
    log(
      `demo [3/6] collector on ${stack.collectorAddress} (pid ${collector.pid ?? '?'}), detector (pid ${detector.pid ?? '?'}), webhook receiver ${receiver.url}`,
    );

    // 3. The simulated fleet.
    log(
      `demo [4/6] simulating ${options.scenarios?.join(', ') ?? 'all scenarios'} (seed ${options.seed}) through the collector`,
    );
    const simulation = await runSimulation({
      collector: stack.collectorAddress,
      scenarios: options.scenarios ?? ['all'],
      seed: options.seed,
      ...(options.days !== undefined ? { days: options.days } : {}),
      log,
    });

    // 4. Wait for the detector.
    log('demo [5/6] waiting until the detector has evaluated every tenant');
    const queues = [queueNames.evaluate, queueNames.deliver].map(
      (name) => new Queue(name, { connection: redis.duplicate(), prefix: keys.queuePrefix }),
    );
    try {
      await waitUntilDrained(queues, log, options.drainTimeoutMs ?? 120_000);
    } finally {
      await Promise.all(
        queues.map(async (q) => {
          await q.close();
          await (await q.client).quit();
        }),
      );
    }

    // 5. Score.
    const store = new RedisAlertStore({ redis, keys, clock: systemClock });
    const all = await store.list({ limit: 1000 });
    const raised: RaisedFinding[] = all.map((a) => ({
      rule: a.rule,
      tenantIds: a.tenantIds,
      informational: a.informational,
      state: a.state,
      alertId: a.alertId,
    }));
    const score = scoreFindings(simulation.truth, raised, alertRules);
    log(
      `demo [6/6] ${raised.filter((r) => r.state !== 'resolved').length} alerts and records live, scored against the ground truth`,
    );
    return {
      stack,
      simulation,
      truth: simulation.truth,
      raised,
      score,
      webhooks: receiver.received,
      badWebhookSignatures: receiver.badSignatures(),
      elapsedMs: performance.now() - started,
      cleanup,
    };
  }
}
