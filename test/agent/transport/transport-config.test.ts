import { describe, expect, it } from 'vitest';
import { agentOptionSpecs } from '../../../agent/main.js';
import { resolveTransportConfig, transportDefaults } from '../../../agent/transport/transport-config.js';
import { loadConfig } from '../../../common/config.js';
import { ConfigError } from '../../../common/errors.js';

const base = {
  target: '127.0.0.1:4317',
  agentId: 'node-1',
  agentVersion: '0.1.0-test',
  inventory: () => [],
  spool: {
    spoolId: 'spool-1',
    pending: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: true as const, value: undefined }),
      }),
    }),
    ack: () => Promise.resolve(),
  },
};

describe('resolveTransportConfig', () => {
  it('fills in the defaults and freezes the result', () => {
    const config = resolveTransportConfig(base);
    const { drainTimeoutMs: _stop, ...defaults } = transportDefaults;
    expect(config).toEqual(defaults);
    expect(Object.isFrozen(config)).toBe(true);
    expect(resolveTransportConfig({ ...base, maxInFlightBatches: 4, site: 'fra1' })).toMatchObject({
      maxInFlightBatches: 4,
      site: 'fra1',
    });
  });

  it('lists every problem in one ConfigError', () => {
    let error: unknown;
    try {
      resolveTransportConfig({
        ...base,
        target: ' ',
        agentId: '',
        maxInFlightBatches: 0,
        backoffInitialMs: 1000,
        backoffMaxMs: 10,
        tls: { certFile: '/client.crt' },
      });
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { field: 'maxInFlightBatches', reason: 'expected a number > 0, got 0' },
      { field: 'backoffInitialMs', reason: 'expected 0 < backoffInitialMs ≤ backoffMaxMs, got 1000 and 10' },
      { field: 'target', reason: 'expected host:port, got ""' },
      { field: 'agentId', reason: 'expected a non-empty id, got ""' },
      { field: 'tls', reason: 'certFile and keyFile go together (mTLS), got only one' },
    ]);
  });

  it('gives gpuwatch agent its Hello defaults', () => {
    const { config } = loadConfig(agentOptionSpecs, [], {});
    expect([config.cluster, config.site]).toEqual([transportDefaults.cluster, transportDefaults.site]);
  });
});
