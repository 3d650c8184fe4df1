// Writes docs/configuration.md from the option specs the programs themselves validate with, so
// the reference cannot drift from the code. `--check` fails when the committed file is stale (CI).
// Reads the built modules: run `npm run build` first.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const target = `${root}docs/configuration.md`;
// Names and defaults are written as --help writes them (durations and sizes in the flags' units).
const { envName, kebab, optionDefaultValue } = await import(`${root}dist/common/config.js`);

const commands = [
  ['collector', 'dist/collector/main.js', 'collectorOptionSpecs'],
  ['agent', 'dist/agent/main.js', 'agentOptionSpecs'],
  ['archive', 'dist/cli/archive-command.js', 'archiveOptions'],
  ['detector', 'dist/detector/main.js', 'detectorOptionSpecs'],
  ['screening', 'dist/cli/screening-command.js', 'screeningOptions'],
  ['tenants', 'dist/cli/tenants-command.js', 'optionSpecs'],
  ['usage', 'dist/cli/usage-command.js', 'optionSpecs'],
  ['usage import', 'dist/cli/usage-import-command.js', 'optionSpecs'],
  ['alerts', 'dist/cli/alerts-command.js', 'optionSpecs'],
  ['simulate', 'dist/cli/simulate-command.js', 'optionSpecs'],
  ['demo', 'dist/cli/demo-command.js', 'optionSpecs'],
  ['alerts deliveries|redeliver', 'dist/cli/alert-deliveries-command.js', 'optionSpecs'],
  ['report', 'dist/cli/report-command.js', 'optionSpecs'],
];

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function formatDefault(spec) {
  if (spec.default === undefined) return spec.required ? '(required)' : '';
  const d = optionDefaultValue(spec);
  if (Array.isArray(d)) return d.length === 0 ? '(none)' : `\`${d.join(',')}\``;
  return `\`${String(d)}\``;
}

const lines = [
  '# Configuration reference',
  '',
  'Generated from the option specs the programs validate with (`npm run docs:gen`); do not edit.',
  '',
  'Every option can be set as a flag, as an environment variable, or in a `--config FILE`',
  '(JSON or YAML, keys as the flag names without `--`). Precedence: flag > env > file > default.',
  'Durations take `500ms`, `60s`, `5m`, `1h`, `400d`; sizes take `4MiB`, `1GiB`. Secrets are',
  'never accepted as flags (argv is world-readable): use the env variable, the config file, or',
  'the matching `…-file` option. Invalid configuration exits with code 78 and lists every problem.',
];
for (const [name, path, exportName] of commands) {
  const mod = await import(`${root}${path}`);
  const specs = mod[exportName];
  if (specs === undefined) throw new Error(`${path} does not export ${exportName}`);
  lines.push(
    '',
    `## gpuwatch ${name}`,
    '',
    '| flag | environment | default | meaning |',
    '|---|---|---|---|',
  );
  for (const [key, spec] of Object.entries(specs)) {
    const flag = spec.secret ? '(env or file only)' : `\`--${kebab(key)}\``;
    lines.push(
      `| ${flag} | \`${envName(key)}\` | ${cell(formatDefault(spec))} | ${cell(spec.description)} |`,
    );
  }
}
const text = `${lines.join('\n')}\n`;

if (check) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (committed !== text) {
    console.error('docs/configuration.md is stale: run `npm run build && npm run docs:gen` and commit it');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target.slice(root.length)}`);
}
