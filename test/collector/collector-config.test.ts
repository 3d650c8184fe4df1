import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors.js';
import { loadCollectorConfig } from '../../collector/main.js';
import { defaultValidationLimits } from '../../collector/ingest/segment-validation.js';
import { collectorDefaults } from '../../collector/collector-config.js';
import { redisUsageStoreDefaults } from '../../collector/storage/redis-usage-store-config.js';
import { tempFile } from '../helpers/collector.js';

function problems(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadCollectorConfig(args, env);
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.field}: ${p.reason}`);
    throw err;
  }
  return [];
}

describe('collector configuration', () => {
  it('defaults to loopback, the limits of docs/design.md and no credentials', () => {
    const { config, checked } = loadCollectorConfig([], {});
    expect(config).toMatchObject({
      listen: '127.0.0.1:4317',
      metricsListen: '127.0.0.1:9464',
      helloTimeoutMs: 30_000,
      storeTimeoutMs: 10_000,
      shutdownTimeoutMs: 10_000,
    });
    expect(config.limits).toEqual(defaultValidationLimits);
    expect(checked.devKey).toBe(true);
    expect(checked.auth.agentsAnonymous).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes its defaults from the classes that use them', () => {
    const { options, config } = loadCollectorConfig([], {});
    expect(config).toEqual(collectorDefaults);
    expect(options).toMatchObject({
      auditRetention: redisUsageStoreDefaults.auditRetentionMs,
      archive: redisUsageStoreDefaults.archiveEnabled,
      durability: redisUsageStoreDefaults.durability,
    });
  });

  it('refuses, as flags, what the usage store would refuse', () => {
    expect(problems(['--audit-retention', '500ms', '--durability', 'sometimes'])).toEqual([
      '--audit-retention: expected an integer number of ms ≥ 1000, got 500',
      '--durability: expected "auto", "waitaof" or "none", got "sometimes"',
    ]);
  });

  it('takes limits from flags and env', () => {
    const { config } = loadCollectorConfig(['--max-segment-length', '15m', '--max-batch-bytes', '1MiB'], {
      GPUWATCH_MAX_CLOCK_SKEW: '30s',
    });
    expect(config.limits).toMatchObject({
      maxSegmentMs: 900_000,
      maxBatchBytes: 1024 ** 2,
      maxClockSkewMs: 30_000,
    });
  });

  it('needs every credential on a non-loopback address, and takes them all', () => {
    expect(problems(['--listen', '[::]:4317'])).toHaveLength(4);
    const ok = loadCollectorConfig(
      [
        '--listen',
        '0.0.0.0:4317',
        '--allow-plaintext',
        '--agent-tokens-file',
        tempFile('agents', 'node-1 token-node-1-0123456789\n'),
        '--admin-token-file',
        tempFile('admin', 'admin-token-0123456789abcdef\n'),
        '--hmac-key-file',
        tempFile('hmac', 'hmac-key-0123456789abcdef0123456789abcdef\n'),
      ],
      {},
    );
    expect(ok.checked).toMatchObject({ devKey: false, hmacKey: 'hmac-key-0123456789abcdef0123456789abcdef' });
  });

  it('refuses a short HMAC key and two sources of it', () => {
    expect(problems([], { GPUWATCH_HMAC_KEY: 'short' })).toEqual([
      'GPUWATCH_HMAC_KEY: expected a key of at least 32 characters, got 5',
    ]);
    expect(
      problems(['--hmac-key-file', tempFile('k', 'x'.repeat(40))], { GPUWATCH_HMAC_KEY: 'y'.repeat(40) }),
    ).toEqual(['--hmac-key-file: set either GPUWATCH_HMAC_KEY or --hmac-key-file, not both']);
  });

  it('wants TLS files in pairs and mTLS on top of TLS', () => {
    expect(problems(['--tls-client-ca', tempFile('ca.pem', '-----BEGIN CERTIFICATE-----\n')])).toEqual([
      '--tls-client-ca: mTLS needs TLS: set --tls-cert and --tls-key too',
    ]);
    expect(problems(['--tls-cert', tempFile('c.pem', 'x'), '--tls-key', tempFile('k.pem', 'y')])).toEqual([
      expect.stringMatching(/^--tls-cert: expected a PEM file, got ".*c\.pem" without a "-----BEGIN" line$/),
      expect.stringMatching(/^--tls-key: expected a PEM file/),
    ]);
  });
});
