/**
 * A Python client (Debian's python3-grpcio) against a real `gpuwatch collector` process: the
 * stubs are generated now, with Debian's protoc and grpc_python_plugin, by the recipe of
 * proto/README.md; the client (python/gpuwatch_client_check.py) checks health, upserts tenants,
 * streams batches that keep and that break the contract, and queries usage, expecting for every
 * segment it sends either exact totals or an explicit rejection with a reason. A missing tool
 * fails the test, naming the Debian package.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempFile } from '../helpers/collector.js';
import { CollectorProcess } from '../helpers/collector-process.js';
import { openTestRedis, testRedisUrl, type TestRedis } from '../helpers/redis.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const clientScript = fileURLToPath(new URL('./python/gpuwatch_client_check.py', import.meta.url));
const python = '/usr/bin/python3';
const grpcPythonPlugin = '/usr/bin/grpc_python_plugin';
const protos = [
  'gpuwatch/v1/telemetry.proto',
  'gpuwatch/v1/tenants.proto',
  'gpuwatch/v1/query.proto',
  'grpc/health/v1/health.proto',
];

/** Throws naming the Debian package of each tool that is missing. */
async function requireTools(): Promise<void> {
  const missing: string[] = [];
  const works = async (file: string, args: string[]): Promise<boolean> => {
    try {
      await run(file, args);
      return true;
    } catch {
      return false;
    }
  };
  if (!(await works('protoc', ['--version']))) missing.push('protoc (Debian package protobuf-compiler)');
  if (!existsSync(grpcPythonPlugin)) {
    missing.push(`${grpcPythonPlugin} (Debian package protobuf-compiler-grpc)`);
  }
  if (!(await works(python, ['-c', 'import grpc, google.protobuf']))) {
    missing.push(
      `${python} with grpc and google.protobuf (Debian packages python3-grpcio, python3-protobuf)`,
    );
  }
  if (missing.length > 0) throw new Error(`the Python client test needs: ${missing.join('; ')}`);
}

let redis: TestRedis;
let collector: CollectorProcess | undefined;
let stubs: string;

beforeEach(async () => {
  redis = await openTestRedis();
  stubs = mkdtempSync(join(tmpdir(), 'gpuwatch-python-stubs-'));
});

afterEach(async () => {
  await collector?.kill();
  collector = undefined;
  rmSync(stubs, { recursive: true, force: true });
  await redis.cleanup();
});

describe('a Python gRPC client', () => {
  it('gets exact totals or an explicit rejection for every segment it sends', async () => {
    await requireTools();
    // The recipe of proto/README.md.
    await run(
      'protoc',
      [
        '-I',
        join(root, 'proto'),
        `--python_out=${stubs}`,
        `--grpc_out=${stubs}`,
        `--plugin=protoc-gen-grpc=${grpcPythonPlugin}`,
        ...protos.map((p) => join(root, 'proto', p)),
      ],
      { cwd: root },
    );

    const agentToken = 'python-agent-token-0123456789';
    const adminToken = 'python-admin-token-0123456789';
    const runId = redis.prefix.replace(/[^a-zA-Z0-9]/g, '').slice(-12);
    collector = await CollectorProcess.start(
      [
        '--redis',
        testRedisUrl,
        '--key-prefix',
        redis.prefix,
        '--agent-tokens-file',
        tempFile('agents', `py-node-${runId} ${agentToken}\n`),
        '--admin-token-file',
        tempFile('admin', `${adminToken}\n`),
      ],
      { GPUWATCH_HMAC_KEY: 'python-client-test-hmac-key-0123456789abcdef' },
    );

    let stdout: string;
    try {
      ({ stdout } = await run(python, [clientScript, collector.grpcAddress, agentToken, adminToken, runId], {
        env: { PATH: process.env.PATH, PYTHONPATH: stubs },
        timeout: 60_000,
      }));
    } catch (err: unknown) {
      const e = err as { stderr?: string; stdout?: string };
      throw new Error(
        `the Python client failed:\n${e.stderr ?? ''}${e.stdout ?? ''}\ncollector log:\n${collector.stderr()}`,
        { cause: err },
      );
    }
    const report = JSON.parse(stdout) as {
      upserted: number;
      totals: Record<string, number>;
      batches: {
        name: string;
        accepted: number;
        segments: { outcome: string; field?: string; reason?: string }[];
      }[];
    };
    expect(report.upserted).toBe(3);
    expect(report.totals).toEqual({
      [`py-a-${runId}`]: 1800,
      [`py-b-${runId}`]: 600,
      [`py-c-${runId}`]: 4500,
    });
    // Every segment sent has an outcome; every rejection names a field and says why.
    const outcomes = report.batches.flatMap((b) => b.segments.map((s) => `${b.name}: ${s.outcome}`));
    expect(outcomes).toEqual([
      'two GPUs in one segment: stored',
      'out-of-order segments: stored',
      'out-of-order segments: rejected',
      'one segment per GPU: stored',
      'one segment per GPU: rejected',
      'shared GPU: stored',
      'shared GPU: stored',
      'shared GPU: stored',
      'shared GPU: stored',
      'shared GPU: rejected',
      'shared GPU: rejected',
      'exact replay of seq 1: duplicate',
      'lower seq with new content: rejected',
      'replays with new content: duplicate',
      'replays with new content: duplicate',
      'replays with new content: duplicate',
      'replays with new content: duplicate',
      'replays with new content: stored',
    ]);
    for (const s of report.batches.flatMap((b) => b.segments)) {
      if (s.outcome === 'rejected') expect(s.reason).toMatch(/^expected .+, got .+$/);
    }
  }, 120_000);
});
