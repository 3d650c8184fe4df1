/**
 * `--max-connection-age`: behind an L4 load balancer a Report stream would stay on its collector
 * forever; the collector ages connections out so agents reconnect and spread over the collectors
 * there are now. (In-process collector; the option's parsing is checked against the real CLI.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { loadCollectorConfig } from '../../collector/main.js';
import { hello, ReportStreamClient, segment } from '../helpers/agent-client.js';
import { startTestCollector, type TestCollector } from '../helpers/collector.js';

let c: TestCollector | undefined;

afterEach(async () => {
  await c?.stop();
  c = undefined;
});

describe('max connection age', () => {
  it('ends a long-lived Report stream once its connection is older than the age plus the grace', async () => {
    c = await startTestCollector({ config: { maxConnectionAgeMs: 300, maxConnectionAgeGraceMs: 300 } });
    const stream = ReportStreamClient.open({ address: c.address });
    stream.sendHello(hello('node-1'));
    const base = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    stream.sendBatch(1, [segment('node-1', 'acme', base, base + 60_000)]);
    await stream.waitForAck(1);
    const started = Date.now();
    const final = await stream.status;
    // Cut by the server (not OK, not our doing), within age + jitter + grace and some slack.
    expect(final.code).not.toBe(status.OK);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps streams open without the option', async () => {
    c = await startTestCollector();
    const stream = ReportStreamClient.open({ address: c.address });
    stream.sendHello(hello('node-1'));
    const ended = await Promise.race([
      stream.status.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 1_000)),
    ]);
    expect(ended).toBe(false);
    stream.end();
    await stream.status;
  });

  it.each([
    [[], 30 * 60_000, 30_000],
    [['--max-connection-age', '10m', '--max-connection-age-grace', '1m'], 600_000, 60_000],
    [['--max-connection-age', '0'], 0, 30_000],
  ])('parses %j', (args, ageMs, graceMs) => {
    const { config } = loadCollectorConfig(args, {});
    expect([config.maxConnectionAgeMs, config.maxConnectionAgeGraceMs]).toEqual([ageMs, graceMs]);
  });
});
