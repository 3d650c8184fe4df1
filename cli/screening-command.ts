/**
 * `gpuwatch screening import FILE --redis URL [--key-prefix gpuwatch] [--format auto|csv|json]`
 * (docs/design.md §9): reads the Consolidated Screening List in its CSV or JSON form, prints the rows it
 * could not read (`FILE:LINE: problem` or `FILE:results[3]: problem`) on stderr and a summary on
 * stdout, and replaces the active list atomically. Nothing is replaced when no entry is valid.
 *
 * `gpuwatch screening show --redis URL`: the active list's version, import time, source and size.
 *
 * Exit codes: 0 replaced (rejected rows are reported but do not fail the import), 1 nothing valid
 * or unreadable file (the active list is unchanged), 2 usage, 78 bad configuration.
 */
import { readFileSync } from 'node:fs';
import { checkOneOf } from '../common/config-schema.js';
import { helpText, loadConfig, type OptionSpecs } from '../common/config.js';
import { errorMessage } from '../common/errors.js';
import { checkRedisUrl, connectRedis } from '../common/redis.js';
import { RedisKeys } from '../common/redis-keys.js';
import {
  cslFormats,
  parseCsl,
  parseCslCsv,
  parseCslJson,
  type ImportResult,
} from '../detector/screening/csl-import.js';
import { RedisScreeningListStore } from '../detector/screening/screening-list-store.js';
import { keyPrefixOption, redisOption } from '../common/standard-options.js';

export const screeningOptions = {
  redis: {
    type: 'string',
    description: redisOption.description,
    required: true,
    check: (v: string) => checkRedisUrl(v),
  },
  keyPrefix: keyPrefixOption,
  format: {
    type: 'string',
    description: 'list format: auto (by extension, then content), csv or json',
    default: 'auto',
    check: (v: string) => checkOneOf(v, ['auto', ...cslFormats]),
  },
} as const satisfies OptionSpecs;

const usage =
  'usage: gpuwatch screening import FILE --redis URL [--key-prefix gpuwatch] [--format auto|csv|json]\n' +
  '       gpuwatch screening show --redis URL [--key-prefix gpuwatch]';

function parseFile(file: string, format: string): ImportResult {
  const text = readFileSync(file, 'utf8');
  if (format === 'csv') return parseCslCsv(text);
  if (format === 'json') return parseCslJson(text);
  return parseCsl(text, file);
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usage, screeningOptions));
    return 0;
  }
  const { config, positionals } = loadConfig(screeningOptions, args, env);
  const [action, file, ...extra] = positionals;
  if (
    !((action === 'import' && file !== undefined) || (action === 'show' && file === undefined)) ||
    extra.length > 0
  ) {
    console.error(usage);
    return 2;
  }

  let result: ImportResult | undefined;
  if (action === 'import' && file !== undefined) {
    try {
      result = parseFile(file, config.format);
    } catch (err: unknown) {
      // A ValidationError's message lists its problems (formatProblems).
      console.error(`${file}: ${errorMessage(err)}`);
      console.error(`${file}: nothing imported; the active list is unchanged`);
      return 1;
    }
    for (const p of result.problems) console.error(`${file}:${p.line ?? p.where}: ${p.reason}`);
    if (result.entries.length === 0) {
      console.error(`${file}: no valid entries (${result.format}); the active list is unchanged`);
      return 1;
    }
  }

  const redis = connectRedis(config.redis, {
    name: 'gpuwatch-screening',
    commandTimeoutMs: 60_000,
    maxRetriesPerRequest: 2,
  });
  redis.on('error', () => undefined);
  try {
    const store = new RedisScreeningListStore({ redis, keys: new RedisKeys(config.keyPrefix) });
    if (result === undefined || file === undefined) {
      const info = await store.info();
      if (info === undefined) {
        console.log('no active screening list (import one with `gpuwatch screening import FILE`)');
        return 1;
      }
      console.log(JSON.stringify({ ...info, imported_at: new Date(info.importedAtMs).toISOString() }));
      return 0;
    }
    const info = await store.replace(result.entries, { importedAtMs: Date.now(), source: file });
    const rejected = result.problems.length;
    console.log(
      `imported ${info.count} entr${info.count === 1 ? 'y' : 'ies'} from ${file} (${result.format}); ` +
        `${rejected} row${rejected === 1 ? '' : 's'} rejected${rejected > 0 ? ' (see above)' : ''}; ` +
        `active list version ${info.version}`,
    );
    return 0;
  } finally {
    redis.disconnect();
  }
}
