/**
 * `gpuwatch demo` end to end as a child process of the built CLI, on the shared test Redis (its
 * own key prefix): every scenario streamed through a real collector, judged by a real detector,
 * scored against the ground truth. The table must show every expected finding and no false alarm,
 * webhooks must have arrived signed, and the demo must leave no key behind.
 */
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/collector-process.js';
import { testRedisUrl } from '../helpers/redis.js';

interface DemoJson {
  rules: { rule: string; expected: number; found: number; missed: number; falseAlarms: number }[];
  missed: unknown[];
  falseAlarms: unknown[];
  webhooks: Record<string, number> | null;
  keyPrefix: string;
  privateRedis: boolean;
}

describe('gpuwatch demo', () => {
  it('finds every expected finding of every scenario with no false alarm, delivers signed webhooks and cleans up', async () => {
    const result = await runCli(['demo', '--redis', testRedisUrl, '--seed', '3', '--json'], {}, 85_000);
    expect(result.stderr).toContain('demo [6/6]');
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const report = JSON.parse(result.stdout) as DemoJson;
    expect(report.missed).toEqual([]);
    expect(report.falseAlarms).toEqual([]);
    expect(report.rules.map((r) => r.rule).sort()).toEqual([
      'effective_ownership',
      'frontier_compute',
      'new_account_burst',
      'screening_match',
      'shell_ring',
      'structuring',
      'succession',
    ]);
    for (const r of report.rules) {
      expect(r.expected, r.rule).toBeGreaterThan(0);
      expect(r.found, r.rule).toBe(r.expected);
      expect(r.falseAlarms, r.rule).toBe(0);
    }
    expect(report.webhooks?.['alert.opened'] ?? 0).toBeGreaterThan(0);
    expect(report.privateRedis).toBe(false);
    const redis = new Redis(testRedisUrl);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `${report.keyPrefix}:*`, 'COUNT', 10_000);
      expect(keys).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 90_000);

  it('stops what it started when interrupted mid-run: exit 130, no child left, no key left', async () => {
    const child = spawn(process.execPath, [cliPath, 'demo', '--redis', testRedisUrl, '--seed', '4'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const simulating = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('demo [4/6]')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await simulating;
    const prefix = /keys under (gwdemo-[0-9a-f]+):/.exec(stderr)?.[1];
    const pids = [...stderr.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(prefix).toBeDefined();
    expect(pids).toHaveLength(2);
    child.kill('SIGINT');
    expect(await exited, stderr.slice(-2000)).toBe(130);
    expect(stderr).toContain('interrupted');
    // The collector and the detector are gone.
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    const redis = new Redis(testRedisUrl);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `${prefix ?? 'none'}:*`, 'COUNT', 100_000);
      expect(keys).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});
