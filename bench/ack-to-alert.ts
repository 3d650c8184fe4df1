/**
 * `npm run build && node dist/bench/ack-to-alert.js [--tenants 50] [--rule new_account_burst|effective_ownership]`:
 * latency from the ack of the batch whose segment crosses a threshold to the stored alert
 * (issue 4 goal: p95 ≤ 2 s).
 *
 * A private Redis (deploy/redis/redis.conf), `gpuwatch collector` and `gpuwatch detector` run as
 * child processes. For each tenant in turn:
 * - new_account_burst (the cheapest crossing): its profile is upserted (an account opened a day
 *   ago), then one batch arrives holding a single hour of 64 H100s, which crosses the threshold
 *   (≥ 64 controlled GPUs in the first 7 days);
 * - effective_ownership (the most expensive: the evaluation reads and judges 90 days): a CN
 *   account opened a year ago has held 8 H100s for 90 days less one hour (2 159 hourly segments,
 *   tenure just under the threshold, no alert); then the batch with the last hour arrives and
 *   makes the tenure 90 days.
 * The clock starts when the collector's ack of the crossing batch arrives and stops when the
 * alert store holds the tenant's alert.
 */
import { Client, credentials, Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { RedisAlertStore } from '../common/alerts/alert-store.js';
import { systemClock } from '../common/clock.js';
import {
  pb,
  tenantsDefinition,
  type IAgentMessage,
  type ICollectorMessage,
  type IUsageSegment,
} from '../common/proto.js';
import { RedisKeys } from '../common/redis-keys.js';
import { freePort, startProcess, startRedis, waitForPort } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../cli/main.js');
const argIndex = process.argv.indexOf('--tenants');
const tenants = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : 50;
const ruleIndex = process.argv.indexOf('--rule');
const rule = ruleIndex >= 0 ? (process.argv[ruleIndex + 1] ?? '') : 'new_account_burst';
if (rule !== 'new_account_burst' && rule !== 'effective_ownership') {
  throw new Error(`--rule: expected new_account_burst or effective_ownership, got "${rule}"`);
}
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const gpus = 64;
/** GPUs the effective-ownership holder uses: the threshold's mean of 8. */
const holderGpus = 8;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const redisServer = await startRedis();
  const port = await freePort();
  const prefix = `bench${Date.now()}`;
  const collector = startProcess(process.execPath, [
    cli,
    'collector',
    '--listen',
    `127.0.0.1:${port}`,
    '--metrics-listen',
    `127.0.0.1:${await freePort()}`,
    '--redis',
    redisServer.url,
    '--key-prefix',
    prefix,
    '--log-level',
    'warn',
  ]);
  const detector = startProcess(process.execPath, [
    cli,
    'detector',
    '--redis',
    redisServer.url,
    '--key-prefix',
    prefix,
    '--metrics-listen',
    `127.0.0.1:${await freePort()}`,
    '--policy',
    join(here, '../../deploy/policy.yaml'),
    '--log-level',
    'warn',
  ]);
  const redis = new Redis(redisServer.url);
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    await waitForPort(port);
    const store = new RedisAlertStore({ redis, keys: new RedisKeys(prefix), clock: systemClock });
    const agentId = `bench-node-${Date.now()}`;
    const call = client.makeBidiStreamRequest(
      '/gpuwatch.v1.Telemetry/Report',
      (m: IAgentMessage) => Buffer.from(pb.AgentMessage.encode(m).finish()),
      (b: Buffer) => pb.CollectorMessage.decode(b),
      new Metadata(),
    ) as ClientDuplexStream<IAgentMessage, ICollectorMessage>;
    const acks: ((seq: number) => void)[] = [];
    call.on('data', (m: ICollectorMessage) => {
      const seq = Number(m.ack?.seq ?? 0);
      acks.shift()?.(seq);
    });
    call.on('error', (err: Error) => console.error(`report stream: ${err.message}`));
    call.write({
      hello: {
        agent_id: agentId,
        spool_id: 'spool-1',
        cluster: 'bench',
        site: 'lab',
        agent_version: 'bench',
        gpus: Array.from({ length: gpus }, (_, i) => ({
          uuid: `GPU-${agentId}-${i}`,
          index: i,
          name: 'NVIDIA H100 80GB HBM3',
          pci_device_id: '0x233010DE',
          memory_total_bytes: 81_559 * 1024 * 1024,
        })),
      },
    });

    const upsert = (tenantId: string, createdMs: number, country: string): Promise<void> =>
      new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          tenantsDefinition.upsert.path,
          tenantsDefinition.upsert.requestSerialize,
          tenantsDefinition.upsert.responseDeserialize,
          {
            tenants: [
              {
                tenant_id: tenantId,
                legal_name: `${tenantId} Ltd`,
                country,
                account_created_unix_ms: createdMs,
                kyc_verified: false,
              },
            ],
          },
          (err) => (err ? reject(err) : resolve()),
        );
      });

    const latenciesMs: number[] = [];
    const endMs = Math.floor(Date.now() / hourMs) * hourMs;
    let seq = 0;
    const send = async (segments: IUsageSegment[]): Promise<void> => {
      const acked = new Promise<number>((resolve) => acks.push(resolve));
      call.write({ batch: { seq: ++seq, segments } });
      await acked;
    };
    const hour = (tenantId: string, startMs: number, count: number): IUsageSegment => ({
      tenant_id: tenantId,
      allocation_id: `alloc-${tenantId}`,
      gpu_uuids: Array.from({ length: count }, (_, g) => `GPU-${agentId}-${g}`),
      start_unix_ms: startMs,
      end_unix_ms: startMs + hourMs,
      source: 'lease-file',
    });
    for (let i = 0; i < tenants; i++) {
      const tenantId = `${rule === 'new_account_burst' ? 'burst' : 'holder'}-${i}`;
      if (rule === 'new_account_burst') {
        await upsert(tenantId, endMs - dayMs, 'SG');
      } else {
        await upsert(tenantId, endMs - 365 * dayMs, 'CN');
        // 90 days less the last hour: tenure just under the threshold.
        const history = Array.from({ length: 90 * 24 - 1 }, (_, h) =>
          hour(tenantId, endMs - 90 * dayMs + h * hourMs, holderGpus),
        );
        await send(history);
      }
      // Let the evaluation of what came before pass, so the batch below is what crosses the threshold.
      await new Promise((r) => setTimeout(r, rule === 'new_account_burst' ? 150 : 500));
      await send([hour(tenantId, endMs - hourMs, rule === 'new_account_burst' ? gpus : holderGpus)]);
      const ackAt = performance.now();
      for (;;) {
        const alerts = await store.list({ rule, limit: 1000 });
        if (alerts.some((a) => a.tenantIds.includes(tenantId))) break;
        if (performance.now() - ackAt > 30_000) throw new Error(`no alert for ${tenantId} within 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      latenciesMs.push(performance.now() - ackAt);
    }
    call.end();
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    const result = {
      bench: 'ack-to-alert',
      rule,
      tenants,
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p95Ms: Number(percentile(sorted, 95).toFixed(1)),
      maxMs: Number((sorted.at(-1) ?? NaN).toFixed(1)),
    };
    console.log(
      `ack → stored ${rule} alert over ${tenants} threshold crossings: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (poll every 5 ms)`,
    );
    console.log(JSON.stringify(result));
  } finally {
    client.close();
    redis.disconnect();
    await detector.stop();
    await collector.stop();
    await redisServer.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
