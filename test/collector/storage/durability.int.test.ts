import { afterEach, describe, expect, it } from 'vitest';
import {
  checkWaitAofReply,
  decideDurability,
  DurabilityBarrier,
  type DurabilityMode,
  type ServerPersistence,
} from '../../../collector/storage/durability.js';
import { ConfigError } from '../../../common/errors.js';
import { PrivateRedisServer } from '../../helpers/redis.js';

const server = (fields: Partial<ServerPersistence>): ServerPersistence => ({
  version: '7.0.15',
  waitAofSupported: false,
  appendonly: 'yes',
  appendfsync: 'always',
  configError: undefined,
  ...fields,
});

describe('decideDurability', () => {
  it.each<[DurabilityMode, Partial<ServerPersistence>, string, boolean, RegExp]>([
    [
      'auto',
      { version: '7.2.4', waitAofSupported: true, appendfsync: 'everysec' },
      'waitaof',
      true,
      /WAITAOF/,
    ],
    [
      'auto',
      { waitAofSupported: true, appendonly: undefined, configError: 'ERR unknown command' },
      'waitaof',
      true,
      /CONFIG GET failed/,
    ],
    ['auto', { waitAofSupported: true, appendonly: 'no' }, 'none', false, /appendonly no/],
    ['auto', {}, 'appendfsync-always', true, /fsyncs every write/],
    ['auto', { appendfsync: 'everysec' }, 'none', false, /appendfsync "everysec".*set appendfsync always/],
    ['auto', { appendonly: 'no', appendfsync: 'everysec' }, 'none', false, /appendonly no.*Redis ≥ 7.2/],
    [
      'auto',
      { appendonly: undefined, appendfsync: undefined, configError: 'NOPERM' },
      'none',
      false,
      /cannot verify.*NOPERM/,
    ],
    ['waitaof', {}, 'waitaof', false, /needs Redis ≥ 7.2.*server is 7.0.15/],
    ['waitaof', { waitAofSupported: true, appendonly: 'no' }, 'waitaof', false, /needs appendonly yes/],
    ['none', {}, 'appendfsync-always', true, /fsyncs every write/],
    ['none', { appendfsync: 'everysec', waitAofSupported: true }, 'none', false, /turned off/],
  ])('%s with %j → %s (durable %s)', (mode, fields, wantMode, wantDurable, detail) => {
    const report = decideDurability(mode, server(fields));
    expect(report.mode).toBe(wantMode);
    expect(report.durable).toBe(wantDurable);
    expect(report.detail).toMatch(detail);
  });
});

describe('checkWaitAofReply', () => {
  it('accepts a reply that says the local AOF was fsynced', () => {
    expect(() => checkWaitAofReply([1, 0], 100)).not.toThrow();
  });
  it.each([[[0, 0]], [null], ['OK']])('refuses %j, naming the reply', (reply) => {
    expect(() => checkWaitAofReply(reply, 100)).toThrow(/WAITAOF 1 0 100: expected the local AOF fsynced/);
  });
});

describe('DurabilityBarrier against a real server', () => {
  let redis: PrivateRedisServer | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it('detects appendfsync always and waits without error', async () => {
    redis = await PrivateRedisServer.start({ aof: true, appendfsync: 'always' });
    const barrier = new DurabilityBarrier({ redis: redis.client() });
    expect(barrier.report().mode).toBe('unchecked');
    await barrier.wait();
    expect(barrier.report()).toMatchObject({ mode: 'appendfsync-always', durable: true });
  });

  it('tolerates a server with CONFIG disabled and says it cannot verify', async () => {
    redis = await PrivateRedisServer.start({ aof: true, extraArgs: ['--rename-command', 'CONFIG', '""'] });
    const report = await new DurabilityBarrier({ redis: redis.client() }).detect();
    // Servers with WAITAOF are verified by it; older ones cannot be.
    if (report.mode === 'waitaof') {
      expect(report.detail).toMatch(/CONFIG GET failed/);
    } else {
      expect(report).toMatchObject({ mode: 'none', durable: false });
      expect(report.detail).toMatch(/cannot verify/);
    }
  });
});

describe('DurabilityBarrier options', () => {
  it('lists every bad option in one ConfigError', () => {
    const error = (() => {
      try {
        // The constructor only keeps the client: no server is needed to refuse the options.
        return new DurabilityBarrier({ redis: {} as never, mode: 'sometimes' as never, waitAofTimeoutMs: 0 });
      } catch (err: unknown) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { field: 'durability', reason: 'expected "auto", "waitaof" or "none", got "sometimes"' },
      { field: 'waitAofTimeoutMs', reason: 'expected a positive integer, got 0' },
    ]);
  });
});
