/**
 * `gpuwatch tenants import FILE.jsonl | get ID | explain ID`: loads tenant profiles into a
 * collector (Tenants.Upsert) or shows one (Tenants.Get). Import lines are Tenant objects with the
 * §3 snake_case field names; a bad line is reported with its line number and the rest imported.
 * `explain` reads Redis directly (see tenants-explain.ts): the linked cluster and its evidence.
 * `history` reads the alert store directly (tenants-history.ts): the tenant's episodes over time.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { helpText, loadConfig, type ConfigOf, type OptionSpecs } from '../common/config.js';
import { ConfigError, errorMessage, quote } from '../common/errors.js';
import { pb, type ITenant } from '../common/proto.js';
import { checkRedisUrl } from '../common/redis.js';
import { RedisKeys } from '../common/redis-keys.js';
import { keyPrefixOption } from '../common/standard-options.js';
import { CallFailed, CollectorClient, connectionOptionSpecs } from './collector-client.js';
import { withAnalystRedis } from './analyst-redis.js';
import { maxTenantsPerRequest } from '../collector/tenants/tenant-validation.js';
import { explainTenant } from '../detector/linkage/cluster-explanation.js';
import { loadLinkagePolicy } from '../detector/linkage/linkage-policy-source.js';
import { formatExplanation } from './tenants-explain.js';
import { alertsOfTenant, formatHistory, historyRows } from './tenants-history.js';
import { RedisAlertStore } from '../common/alerts/alert-store.js';
import { systemClock } from '../common/clock.js';

export const optionSpecs = {
  ...connectionOptionSpecs,
  chunkSize: {
    type: 'int',
    description: 'tenants per Upsert request',
    default: 500,
    // The collector refuses a larger request: one bound for both.
    check: (v: number) =>
      v >= 1 && v <= maxTenantsPerRequest ? undefined : `expected 1..${maxTenantsPerRequest}, got ${v}`,
  },
  redis: {
    type: 'string',
    description:
      'explain, history: Redis URL (they read profiles, the identity index and the alerts directly, as the detector does)',
    check: (v: string) => checkRedisUrl(v),
  },
  keyPrefix: keyPrefixOption,
  policy: {
    type: 'string',
    description:
      'explain: policy file whose linkage weights decide the links (default deploy/policy.yaml when it exists, else the built-in defaults)',
  },
  json: { type: 'boolean', description: 'explain, history: print the answer as JSON', default: false },
} as const satisfies OptionSpecs;

const usageLine = [
  'usage: gpuwatch tenants import FILE.jsonl | get ID  [--collector host:port] [--admin-token-file F] [--tls-ca F]',
  '       gpuwatch tenants explain ID --redis URL [--key-prefix gpuwatch] [--policy deploy/policy.yaml] [--json]',
  '       gpuwatch tenants history ID --redis URL [--key-prefix gpuwatch] [--json]',
].join('\n');

/** The Tenant fields a line may have (proto names). */
const tenantFields = new Set(
  Object.keys(pb.Tenant.toObject(new pb.Tenant(), { defaults: true, arrays: true, objects: true })),
);

const int64Fields = ['account_created_unix_ms', 'incorporated_unix_ms'];

/** Parses one JSONL line into a Tenant; returns the problem instead when it is not one. */
export function parseTenantLine(line: string): ITenant | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err: unknown) {
    return `not JSON: ${errorMessage(err)}`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'expected a JSON object with Tenant fields';
  }
  const unknown = Object.keys(parsed).filter((k) => !tenantFields.has(k));
  if (unknown.length > 0) {
    return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (expected the Tenant fields of the wire contract, e.g. "tenant_id", "legal_name")`;
  }
  // The proto3 JSON mapping writes int64 as a string of digits; accept both spellings.
  const object = parsed as Record<string, unknown>;
  for (const field of int64Fields) {
    const value = object[field];
    if (typeof value === 'string' && /^-?\d+$/.test(value)) object[field] = Number(value);
  }
  const problem = pb.Tenant.verify(parsed);
  if (problem !== null) return problem;
  return pb.Tenant.fromObject(parsed);
}

interface Pending {
  readonly line: number;
  readonly tenant: ITenant;
}

async function importFile(client: CollectorClient, file: string, chunkSize: number): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let imported = 0;
  let failed = 0;
  let chunk: Pending[] = [];
  // Problems are printed per chunk, in line order, whether the parser or the collector found them.
  let problems: { line: number; text: string }[] = [];
  const report = (line: number, text: string): void => {
    problems.push({ line, text: `${file}:${line}: ${text}` });
    failed++;
  };
  const printProblems = (): void => {
    for (const p of problems.sort((a, b) => a.line - b.line)) console.error(p.text);
    problems = [];
  };

  const flush = async (): Promise<void> => {
    if (chunk.length > 0) {
      const sent = chunk;
      chunk = [];
      const response = await client.upsertTenants({ tenants: sent.map((p) => p.tenant) });
      imported += response.upserted ?? 0;
      for (const r of response.rejected ?? []) {
        report(sent[r.index ?? 0]?.line ?? 0, `${r.field ?? ''}: ${r.reason ?? ''}`);
      }
    }
    printProblems();
  };

  try {
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      const result = parseTenantLine(text);
      if (typeof result === 'string') {
        report(lineNo, result);
        continue;
      }
      chunk.push({ line: lineNo, tenant: result });
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } catch (err: unknown) {
    if (err instanceof CallFailed) {
      printProblems();
      console.error(
        `gpuwatch tenants: ${err.message}\n${imported} tenants were imported before the failure (up to line ${lineNo}); importing again is safe`,
      );
      return 1;
    }
    throw err;
  }
  console.log(
    `imported ${imported} tenant${imported === 1 ? '' : 's'} from ${file}${failed > 0 ? `; ${failed} line${failed === 1 ? '' : 's'} failed (see above)` : ''}`,
  );
  return failed > 0 ? 1 : 0;
}

async function getTenant(client: CollectorClient, tenantId: string): Promise<number> {
  try {
    const tenant = await client.getTenant(tenantId);
    const object = pb.Tenant.toObject(pb.Tenant.fromObject(tenant), {
      defaults: true,
      arrays: true,
      objects: true,
    });
    console.log(JSON.stringify(object, null, 2));
    return 0;
  } catch (err: unknown) {
    if (err instanceof CallFailed) {
      console.error(`gpuwatch tenants: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function explain(config: ConfigOf<typeof optionSpecs>, tenantId: string): Promise<number> {
  if (config.redis === undefined) {
    throw new ConfigError([
      {
        field: '--redis',
        reason: 'tenants explain reads profiles and the identity index in Redis: give its URL',
      },
    ]);
  }
  const policy = loadLinkagePolicy(config.policy);
  const keys = new RedisKeys(config.keyPrefix);
  return withAnalystRedis(config.redis, 'gpuwatch-tenants-explain', async (redis) => {
    const explanation = await explainTenant(tenantId, { redis, keys, policy });
    if (explanation === undefined) {
      console.error(
        `gpuwatch tenants: tenant ${quote(tenantId)} not found (no profile and no usage under key prefix ${quote(config.keyPrefix)})`,
      );
      return 1;
    }
    console.log(config.json ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation));
    return 0;
  });
}

async function history(config: ConfigOf<typeof optionSpecs>, tenantId: string): Promise<number> {
  if (config.redis === undefined) {
    throw new ConfigError([
      { field: '--redis', reason: 'tenants history reads the alert store in Redis: give its URL' },
    ]);
  }
  const keys = new RedisKeys(config.keyPrefix);
  return withAnalystRedis(config.redis, 'gpuwatch-tenants-history', async (redis) => {
    const store = new RedisAlertStore({ redis, keys, clock: systemClock });
    const rows = historyRows(await alertsOfTenant(store, tenantId));
    console.log(config.json ? JSON.stringify(rows, null, 2) : formatHistory(tenantId, rows));
    return 0;
  });
}

export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(helpText(usageLine, optionSpecs));
    return 0;
  }
  const { config, positionals } = loadConfig(optionSpecs, args, env);
  const [action, target, ...extra] = positionals;
  if (
    (action !== 'import' && action !== 'get' && action !== 'explain' && action !== 'history') ||
    target === undefined ||
    extra.length > 0
  ) {
    console.error(usageLine);
    return 2;
  }
  if (action === 'explain') return explain(config, target);
  if (action === 'history') return history(config, target);
  const client = CollectorClient.connect(config);
  try {
    return action === 'import'
      ? await importFile(client, target, config.chunkSize)
      : await getTenant(client, target);
  } finally {
    client.close();
  }
}
