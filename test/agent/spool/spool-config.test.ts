import { describe, expect, it } from 'vitest';
import { agentOptionSpecs } from '../../../agent/main.js';
import {
  checkFsyncMode,
  fsyncModes,
  minSpoolMaxBytes,
  resolveSpoolConfig,
  spoolDefaults,
} from '../../../agent/spool/spool-config.js';
import { loadConfig } from '../../../common/config.js';
import { ConfigError } from '../../../common/errors.js';

describe('resolveSpoolConfig', () => {
  it('fills in the defaults and freezes the result', () => {
    const config = resolveSpoolConfig({ dir: '/spool' });
    expect(config).toEqual({
      dir: '/spool',
      maxBytes: 1024 ** 3,
      fileBytes: 64 * 1024 ** 2,
      fsync: 'always',
      fsyncIntervalMs: 1000,
      ackPersistIntervalMs: 1000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(resolveSpoolConfig({ dir: '/spool', maxBytes: 8 * 1024 ** 2 }).fileBytes).toBe(1024 ** 2);
  });

  it('lists every problem in one ConfigError', () => {
    let error: unknown;
    try {
      resolveSpoolConfig({ dir: '/spool', fileBytes: 10, fsyncIntervalMs: 0, ackPersistIntervalMs: -1 });
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field)).toEqual([
      'fileBytes',
      'fsyncIntervalMs',
      'ackPersistIntervalMs',
    ]);
  });
});

describe('gpuwatch agent spool options', () => {
  it('default to the spool defaults', () => {
    const { config } = loadConfig(agentOptionSpecs, [], {});
    expect(config.spoolMaxBytes).toBe(spoolDefaults.maxBytes);
    expect(config.spoolFsync).toBe(spoolDefaults.fsync);
  });

  it.each([...fsyncModes, 'sometimes', 'ALWAYS'])('agree with the spool on the fsync mode %s', (mode) => {
    const cli = checkSpec('spoolFsync', mode);
    const spool = problemsOf(() => resolveSpoolConfig({ dir: '/spool', fsync: mode as never }));
    expect(cli).toBe(checkFsyncMode(mode));
    expect(spool.map((p) => p.reason)).toEqual(cli === undefined ? [] : [cli]);
  });

  it('accept no spool size the spool would refuse', () => {
    for (const bytes of [minSpoolMaxBytes, 1024 ** 2 - 1, 1024 ** 2, 1024 ** 3]) {
      if (checkSpec('spoolMaxBytes', bytes) === undefined)
        expect(problemsOf(() => resolveSpoolConfig({ dir: '/spool', maxBytes: bytes }))).toEqual([]);
    }
  });
});

function checkSpec(key: 'spoolFsync' | 'spoolMaxBytes', value: string | number): string | undefined {
  const check = agentOptionSpecs[key].check as (v: string | number) => string | undefined;
  return check(value);
}

function problemsOf(fn: () => unknown): readonly { field: string; reason: string }[] {
  try {
    fn();
    return [];
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
