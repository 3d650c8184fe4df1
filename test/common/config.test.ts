import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseBytes, parseDurationMs, envName, type OptionSpecs } from '../../common/config.js';
import { ConfigError } from '../../common/errors.js';

const specs = {
  listen: { type: 'string', description: 'address', default: '127.0.0.1:4317' },
  interval: { type: 'duration', description: 'interval', default: 60_000 },
  maxBatchBytes: { type: 'bytes', description: 'size', default: 4 * 1024 * 1024 },
  once: { type: 'boolean', description: 'once', default: false },
  workers: {
    type: 'int',
    description: 'n',
    check: (v: number) => (v < 1 ? `expected ≥ 1, got ${v}` : undefined),
  },
  hmacKey: { type: 'string', description: 'key', secret: true },
  redis: { type: 'string', description: 'url', required: true },
} as const satisfies OptionSpecs;

describe('loadConfig', () => {
  it('takes flag over env over file over default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'listen: 0.0.0.0:1\ninterval: 5s\nredis: redis://file\nmax-batch-bytes: 1MiB\n');
    const { config, sources } = loadConfig(specs, ['--config', file, '--listen', '0.0.0.0:3'], {
      GPUWATCH_LISTEN: '0.0.0.0:2',
      GPUWATCH_INTERVAL: '10s',
    });
    expect(config.listen).toBe('0.0.0.0:3');
    expect(config.interval).toBe(10_000);
    expect(config.redis).toBe('redis://file');
    expect(config.maxBatchBytes).toBe(1024 * 1024);
    expect(config.once).toBe(false);
    expect(sources).toMatchObject({ listen: 'flag', interval: 'env', redis: 'file', once: 'default' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem at once, naming the flag and the value', () => {
    let error: unknown;
    try {
      loadConfig(specs, ['--interval', 'soon', '--workers=0', '--bogus', '1'], {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => `${p.field}: ${p.reason}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--bogus: unknown option/),
        expect.stringMatching(/^--interval: expected a duration .*got "soon"/),
        expect.stringMatching(/^--workers: expected ≥ 1, got 0/),
        expect.stringMatching(/^--redis: required/),
      ]),
    );
    expect(ConfigError.exitCode).toBe(78);
  });

  it('checks a range in the words of a policy field, before the extra check', () => {
    const ranged = {
      concurrency: { type: 'int', description: 'n', default: 2, range: { min: 1, max: 64 } },
      timeout: {
        type: 'duration',
        description: 't',
        default: '10s',
        range: { min: 0, above: true, max: 120_000 },
        check: (v: number) => (v > 60_000 ? 'the check is not reached out of range' : undefined),
      },
    } as const satisfies OptionSpecs;
    expect(loadConfig(ranged, ['--concurrency', '64', '--timeout', '1m'], {}).config).toEqual({
      concurrency: 64,
      timeout: 60_000,
    });
    let error: unknown;
    try {
      loadConfig(ranged, ['--concurrency', '0', '--timeout=3m'], {});
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems).toEqual([
      { field: '--concurrency', reason: 'expected an integer ≥ 1 and ≤ 64, got 0' },
      { field: '--timeout', reason: 'expected a duration > 0 and ≤ 2m, got 3m' },
    ]);
  });

  it('refuses secrets on the command line but takes them from env', () => {
    expect(() => loadConfig(specs, ['--hmac-key', 's3cret', '--redis', 'x'], {})).toThrow(
      /--hmac-key: secrets are not accepted on the command line; set GPUWATCH_HMAC_KEY/,
    );
    expect(loadConfig(specs, ['--redis', 'x'], { GPUWATCH_HMAC_KEY: 's3cret' }).config.hmacKey).toBe(
      's3cret',
    );
  });

  it('keeps positionals and understands --no-flag', () => {
    const { config, positionals } = loadConfig(specs, ['import', 'a.jsonl', '--no-once', '--redis=x'], {});
    expect(positionals).toEqual(['import', 'a.jsonl']);
    expect(config.once).toBe(false);
  });

  it('reports an unknown key in the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ redis: 'x', colour: 'blue' }));
    expect(() => loadConfig(specs, ['--config', file], {})).toThrow(/colour: unknown option/);
  });
});

describe('units', () => {
  it.each([
    ['500ms', 500],
    ['60s', 60_000],
    ['1h30m', 5_400_000],
    ['400d', 400 * 86_400_000],
    ['250', 250],
  ])('duration %s = %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));
  it.each(['', '5 parsecs', '1x', 's'])('duration %j is invalid', (text) =>
    expect(parseDurationMs(text)).toBeUndefined(),
  );
  it.each([
    ['4MiB', 4 * 1024 ** 2],
    ['1GiB', 1024 ** 3],
    ['100', 100],
  ])('size %s = %d bytes', (text, bytes) => expect(parseBytes(text)).toBe(bytes));
  it('names env vars GPUWATCH_<FLAG_IN_UPPER_SNAKE>', () =>
    expect(envName('metricsListen')).toBe('GPUWATCH_METRICS_LISTEN'));
});
