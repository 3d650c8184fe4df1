import { describe, expect, it } from 'vitest';
import { dryRunFailure } from '../../agent/dry-run-report.js';
import type { CollectionError } from '../../agent/collection-cycle.js';
import type { SourceName } from '../../agent/sources/allocation.js';

const error = (source: CollectionError['source']): CollectionError => ({
  source,
  message: `${source} is down`,
  reusedPrevious: false,
});

describe('dryRunFailure', () => {
  it.each<[string, SourceName[], CollectionError['source'][], RegExp | undefined]>([
    [
      'every source failed',
      ['slurm', 'docker'],
      ['slurm', 'docker'],
      /every configured tenant source failed \(slurm, docker\)/,
    ],
    ['one of two failed', ['slurm', 'docker'], ['docker'], undefined],
    [
      'the inventory failed: no GPU can be shown to exist',
      ['lease-file'],
      ['inventory'],
      /GPU inventory could not be read: no GPU can be shown to exist/,
    ],
    ['no source and the inventory failed', [], ['inventory'], /GPU inventory could not be read/],
    ['no source, inventory read', [], [], undefined],
    ['nothing failed', ['lease-file'], [], undefined],
  ])('%s', (_case, sources, failed, expected) => {
    // A dry run has no earlier inventory: when the read fails, there is none.
    const inventory = failed.includes('inventory')
      ? undefined
      : { via: 'nvidia-smi' as const, gpus: [], warnings: [] };
    const why = dryRunFailure({ errors: failed.map(error), inventory }, sources);
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toMatch(expected);
  });
});
