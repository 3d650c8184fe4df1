import { describe, expect, it } from 'vitest';
import { loadConfig, type OptionSpecs } from '../../common/config.js';
import { ConfigError } from '../../common/errors.js';

const specs = {
  collector: { type: 'string', description: 'where to send' },
  interval: { type: 'duration', default: 60_000, description: 'period' },
  dryRun: { type: 'boolean', default: false, description: 'send nothing' },
} as const satisfies OptionSpecs;

function problems(args: string[]): string[] {
  try {
    loadConfig(
      specs,
      args,
      {},
      {
        check: (c) =>
          c.dryRun !== true && c.collector === undefined
            ? [{ field: '--collector', reason: `required unless --dry-run (interval ${String(c.interval)})` }]
            : [],
      },
    );
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.field}: ${p.reason}`);
    throw err;
  }
  return [];
}

describe('loadConfig check', () => {
  it('joins cross-field problems with per-option ones in one ConfigError', () => {
    expect(problems(['--interval', 'often'])).toEqual([
      '--interval: expected a duration such as 500ms, 60s, 5m, 1h or 400d, got "often"',
      // The refused interval is absent from what the check sees.
      '--collector: required unless --dry-run (interval undefined)',
    ]);
  });

  it('sees the values that parsed, after precedence', () => {
    expect(problems(['--interval', '5s'])).toEqual([
      '--collector: required unless --dry-run (interval 5000)',
    ]);
    expect(problems(['--dry-run'])).toEqual([]);
    expect(problems(['--collector', 'c:4317'])).toEqual([]);
  });
});
