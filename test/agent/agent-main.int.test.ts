/**
 * `gpuwatch agent` as an operator runs it: the built CLI as a child process, the fake nvidia-smi
 * replaying real captures, a lease file as the tenant source.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../common/free-port.js';
import { AgentProcess, runAgent } from './agent-process.js';
import { tempDir } from './fixtures.js';
import { FakeDocker } from './sources/fake-docker.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function workDir(): string {
  const dir = tempDir('agent-main');
  cleanups.push(dir.remove);
  return dir.path;
}

const H100 = 'GPU-00000000-0000-0000-0000-000000000000';
/** A whole second, so the lease's `since` is exact. */
const secondsAgo = (s: number): string =>
  new Date(Math.floor(Date.now() / 1000) * 1000 - s * 1000).toISOString();

function leaseFile(dir: string, leases: unknown[]): string {
  const path = join(dir, 'leases.json');
  writeFileSync(path, JSON.stringify(leases));
  return path;
}

interface DryRun {
  agent_id: string;
  collected_at: string;
  inventory: {
    via: string;
    gpus: { uuid: string; name: string; classification: { model: string; control_class: string } }[];
  } | null;
  allocations: { tenant_id: string; allocation_id: string; gpu_uuids: string[]; via: string }[];
  conflicts: unknown[];
  segments: {
    tenant_id: string;
    allocation_id: string;
    gpu_uuids: string[];
    start_unix_ms: number;
    end_unix_ms: number;
  }[];
  errors: { source: string; message: string }[];
  down: { source: string; error: string }[];
  warnings: string[];
}

describe('gpuwatch agent --once --dry-run', () => {
  it('prints one JSON document: the H100 classified, the lease, its segment; writes nothing', async () => {
    const dir = workDir();
    const since = secondsAgo(90);
    const leases = leaseFile(dir, [{ tenant_id: 'initech', allocation_id: 'L1', gpu_uuids: 'all', since }]);
    const spoolDir = join(dir, 'spool');
    const { code, stdout, stderr } = await runAgent(
      ['--once', '--dry-run', '--agent-id', 'gpu-node-07', '--lease-file', leases, '--spool-dir', spoolDir],
      'h100',
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as DryRun; // the whole of stdout is the one document
    expect(report.agent_id).toBe('gpu-node-07');
    expect(report.inventory?.via).toBe('nvidia-smi');
    expect(report.inventory?.gpus).toEqual([
      expect.objectContaining({
        uuid: H100,
        name: 'NVIDIA H100 80GB HBM3',
        pci_device_id: '0x233010DE',
        classification: expect.objectContaining({
          model: 'H100 SXM',
          control_class: '3A090.a',
          h100e: 1,
        }) as unknown,
      }),
    ]);
    expect(report.allocations).toEqual([
      expect.objectContaining({
        tenant_id: 'initech',
        allocation_id: 'L1',
        gpu_uuids: [H100],
        via: 'lease-file',
      }),
    ]);
    expect(report.conflicts).toEqual([]);
    // The lease's time so far, from its `since` to the moment of collection.
    expect(report.segments).toEqual([
      expect.objectContaining({
        tenant_id: 'initech',
        allocation_id: 'L1',
        gpu_uuids: [H100],
        start_unix_ms: Date.parse(since),
        end_unix_ms: Date.parse(report.collected_at),
        source: 'lease-file',
      }),
    ]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(existsSync(spoolDir)).toBe(false);
  });

  it('still prints the document, with the failure in errors, and exits 69 when nvidia-smi is missing', async () => {
    const dir = workDir();
    const leases = leaseFile(dir, [
      { tenant_id: 'initech', allocation_id: 'L1', gpu_uuids: [H100], since: secondsAgo(60) },
    ]);
    const { code, stdout } = await runAgent(
      ['--once', '--dry-run', '--lease-file', leases, '--nvidia-smi', join(dir, 'no-such-nvidia-smi')],
      'h100',
    );
    expect(code).toBe(69);
    const report = JSON.parse(stdout) as DryRun;
    expect(report.agent_id).not.toBe(''); // the host name when --agent-id is not given
    expect(report.inventory).toBeNull();
    expect(report.errors).toEqual([
      expect.objectContaining({
        source: 'inventory',
        message: expect.stringContaining('no-such-nvidia-smi') as unknown,
      }),
    ]);
    // No inventory lists the lease's GPU: nothing is attributed (docs/design.md §2).
    expect(report.segments).toEqual([]);
  });
});

describe('gpuwatch agent --once --dry-run when sources fail', () => {
  it('exits 69 when every configured tenant source failed, still printing the report and saying why', async () => {
    const dir = workDir();
    const { code, stdout, stderr } = await runAgent(
      ['--once', '--dry-run', '--docker-socket', join(dir, 'no-dockerd.sock')],
      'h100',
    );
    expect(code, stderr).toBe(69);
    const report = JSON.parse(stdout) as DryRun;
    expect(report.errors.map((e) => e.source)).toEqual(['docker']);
    expect(report.down).toEqual([
      expect.objectContaining({
        source: 'docker',
        error: expect.stringContaining('no-dockerd.sock') as unknown,
      }),
    ]);
    expect(stderr).toMatch(/dry run failed: every configured tenant source failed \(docker\)/);
  });

  it('exits 0 when another source still answers, with the failed one in errors and down', async () => {
    const dir = workDir();
    const leases = leaseFile(dir, [
      { tenant_id: 'initech', allocation_id: 'L1', gpu_uuids: [H100], since: secondsAgo(60) },
    ]);
    const { code, stdout, stderr } = await runAgent(
      ['--once', '--dry-run', '--lease-file', leases, '--docker-socket', join(dir, 'no-dockerd.sock')],
      'h100',
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as DryRun;
    expect(report.down.map((d) => d.source)).toEqual(['docker']);
    expect(report.segments.map((s) => s.allocation_id)).toEqual(['L1']);
  });
});

describe('gpuwatch agent configuration', () => {
  it('lists every problem at once and exits 78', async () => {
    const dir = workDir();
    const configFile = join(dir, 'agent.yaml');
    writeFileSync(configFile, 'interval: 90s\nspool-fsync: sometimes\ncolour: blue\n');
    const { code, stdout, stderr } = await runAgent(
      [
        '--config',
        configFile,
        '--interval',
        'soon',
        '--bogus',
        '--tls-key',
        join(dir, 'client-key.pem'),
        '--token-file',
        join(dir, 'missing-token'),
        '--collector',
        'collector.example:4317',
      ],
      'h100',
      { GPUWATCH_METRICS_LISTEN: 'everywhere' },
    );
    expect(code).toBe(78);
    expect(stdout).toBe('');
    const problems = [
      '--bogus: unknown option',
      `${configFile}: colour: unknown option`,
      '--interval: expected a duration such as 500ms, 60s, 5m, 1h or 400d, got "soon"',
      'GPUWATCH_METRICS_LISTEN: expected host:port, got "everywhere"',
      `${configFile}: spool-fsync: expected always, interval or never, got "sometimes"`,
      '--agent-id: required',
      '--spool-dir: required',
      '--tls-key: mTLS needs both --tls-cert and --tls-key',
      `--tls-key: cannot read "${join(dir, 'client-key.pem')}"`,
      `--token-file: cannot read "${join(dir, 'missing-token')}"`,
      '--collector: plaintext to the non-loopback collector "collector.example:4317"',
    ];
    for (const p of problems) expect(stderr).toContain(p);
    expect(stderr).toContain(`invalid configuration (${problems.length} problems)`);
  });

  it('refuses a token on the command line: secrets come from files', async () => {
    const { code, stderr } = await runAgent(['--once', '--dry-run', '--token', 'abc'], 'h100');
    expect(code).toBe(78);
    expect(stderr).toContain('--token: unknown option');
    expect(stderr).not.toContain('abc');
  });
});

describe('gpuwatch agent --once', () => {
  it('exits 75 when the collector does not acknowledge in time, keeping the batch spooled', async () => {
    const dir = workDir();
    const leases = leaseFile(dir, [
      { tenant_id: 'initech', allocation_id: 'L1', gpu_uuids: 'all', since: secondsAgo(30) },
    ]);
    const spoolDir = join(dir, 'spool');
    const { code, stderr } = await runAgent(
      [
        '--once',
        '--collector',
        `127.0.0.1:${await freePort()}`,
        '--agent-id',
        'gpu-node-07',
        '--spool-dir',
        spoolDir,
        '--lease-file',
        leases,
        '--once-timeout',
        '1s',
      ],
      'h100',
    );
    expect(code, stderr).toBe(75);
    expect(stderr).toContain('the batches stay in the spool for the next run');
    expect(readdirSync(spoolDir).filter((f) => f.endsWith('.spool'))).toHaveLength(1);
    expect(existsSync(join(spoolDir, 'state-segments.json'))).toBe(true);
  });
});

describe('gpuwatch agent (daemon)', () => {
  it('serves /metrics and /healthz, and on SIGTERM with the collector away gives up at the deadline and exits 0', async () => {
    const dir = workDir();
    const leases = leaseFile(dir, [
      { tenant_id: 'initech', allocation_id: 'L1', gpu_uuids: 'all', since: secondsAgo(30) },
    ]);
    const agent = AgentProcess.start(
      [
        '--collector',
        `127.0.0.1:${await freePort()}`, // nobody listens there
        '--agent-id',
        'gpu-node-07',
        '--spool-dir',
        join(dir, 'spool'),
        '--interval',
        '1s',
        '--lease-file',
        leases,
        '--metrics-listen',
        '127.0.0.1:0',
        '--shutdown-timeout',
        '1s',
      ],
      'h100',
    );
    cleanups.push(() => agent.kill());
    const running = await agent.waitForLog((l) => l.msg === 'agent running', 'the agent to run');
    await agent.waitForLog((l) => l.msg === 'first collection spooled', 'the first cycle');
    await agent.waitForLog(
      (l) => l.msg.startsWith('transport: stream to the collector failed'),
      'a failed send',
    );
    const base = `http://${String(running.http)}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ healthy: true, connected: false, cycles: { failed: 0 } });

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    for (const line of [
      /^gpuwatch_agent_segments_produced_total [1-9]/m,
      /^gpuwatch_agent_spool_depth_batches [1-9]/m,
      /^gpuwatch_agent_spool_bytes \d+/m,
      /^gpuwatch_agent_dropped_segments_total 0$/m,
      /^gpuwatch_agent_send_errors_total\{reason="unavailable"\} [1-9]/m,
      /^gpuwatch_agent_last_ack_age_seconds \d/m,
      /^gpuwatch_agent_collection_errors_total\{source="inventory"\} 0$/m,
      /^gpuwatch_agent_collection_errors_total\{source="lease-file"\} 0$/m,
      /^gpuwatch_agent_cycles_total\{result="ok"\} [1-9]/m,
      /^gpuwatch_agent_cycle_duration_seconds_count [1-9]/m,
      /^gpuwatch_agent_connected 0$/m,
      /^process_resident_memory_bytes \d+/m,
    ])
      expect(text).toMatch(line);
    // No unbounded labels: no tenant, allocation or GPU in any series.
    expect(text).not.toMatch(/initech|L1|GPU-0000/);

    expect((await fetch(`${base}/nothing`)).status).toBe(404);

    const stopAsked = performance.now();
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - stopAsked).toBeLessThan(8_000);
    const stopped = await agent.waitForLog((l) => l.msg === 'agent stopped', 'the stop');
    expect(stopped.delivered).toBe(false);
    expect(agent.lines.some((l) => l.msg.includes('they stay in the spool'))).toBe(true);
  });
});

describe('gpuwatch agent (daemon) with a source down', () => {
  it('reports itself degraded on /healthz (200) and not ready on /readyz (503) until dockerd answers', async () => {
    const dir = workDir();
    const socket = join(dir, 'docker.sock');
    const leases = leaseFile(dir, [
      { tenant_id: 'initech', allocation_id: 'L1', gpu_uuids: 'all', since: secondsAgo(30) },
    ]);
    const agent = AgentProcess.start(
      [
        '--collector',
        `127.0.0.1:${await freePort()}`,
        '--agent-id',
        'gpu-node-07',
        '--spool-dir',
        join(dir, 'spool'),
        '--interval',
        '1s',
        '--lease-file',
        leases,
        '--docker-socket',
        socket, // dockerd is not there yet
        '--metrics-listen',
        '127.0.0.1:0',
        '--shutdown-timeout',
        '1s',
      ],
      'h100',
    );
    cleanups.push(() => agent.kill());
    const running = await agent.waitForLog((l) => l.msg === 'agent running', 'the agent to run');
    const started = await agent.waitForLog(
      (l) => l.msg.startsWith('source outage started'),
      'the outage to start',
    );
    expect(started).toMatchObject({ level: 'warn', source: 'docker', heldAllocations: 0 });
    await agent.waitForLog((l) => l.msg === 'first collection spooled', 'the first cycle');
    const base = `http://${String(running.http)}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const down = [expect.objectContaining({ source: 'docker', since: expect.any(String) as unknown })];
    expect(await health.json()).toMatchObject({ healthy: true, ready: false, status: 'degraded', down });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'degraded', down });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^gpuwatch_agent_source_down\{source="docker"\} 1$/m);
    expect(metrics).toMatch(/^gpuwatch_agent_source_down\{source="lease-file"\} 0$/m);
    expect(metrics).toMatch(
      /^gpuwatch_agent_unattributed_gpu_seconds_total\{reason="source_unavailable"\} 0$/m,
    );

    const docker = new FakeDocker();
    await docker.start(socket);
    cleanups.push(() => docker.stop());
    await agent.waitForLog((l) => l.msg.startsWith('source outage ended'), 'the outage to end');
    // Not one line per cycle: one start, one end.
    expect(agent.lines.filter((l) => l.msg.startsWith('source outage')).map((l) => l.msg)).toEqual([
      started.msg,
      'source outage ended',
    ]);
    let after = await fetch(`${base}/readyz`);
    for (let i = 0; i < 50 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await fetch(`${base}/readyz`);
    }
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ healthy: true, ready: true, status: 'ok', down: [] });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
