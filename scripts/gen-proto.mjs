// Generates common/generated/proto.{js,d.ts} from proto/ with protobufjs (static code + types).
// `--check` regenerates into a temp dir and fails when the committed files differ (CI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const outDir = check ? mkdtempSync(join(tmpdir(), 'gpuwatch-proto-')) : join(root, 'common/generated');

function protoFiles(dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return protoFiles(path);
      return name.endsWith('.proto') ? [path] : [];
    })
    .sort();
}

const bin = (name) => join(root, 'node_modules/.bin', name);
const files = protoFiles(join(root, 'proto')).map((f) => relative(root, f));
const js = join(outDir, 'proto.js');
const dts = join(outDir, 'proto.d.ts');
execFileSync(
  bin('pbjs'),
  [
    '-t',
    'static-module',
    '-w',
    'es6',
    '--force-number',
    '--keep-case',
    '--no-service',
    '--no-create',
    '--no-delimited',
    '--no-typeurl',
    '-p',
    'proto',
    '-o',
    js,
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
// pbjs imports "protobufjs/minimal" without an extension; Node's ESM resolver needs one.
// --force-number makes decode return numbers, but the generated field defaults still become Long
// objects when the optional "long" package is installed; numbers must be numbers everywhere.
writeFileSync(
  js,
  readFileSync(js, 'utf8')
    .replace('from "protobufjs/minimal"', 'from "protobufjs/minimal.js"')
    .replace(/\$util\.Long \? \$util\.Long\.fromBits\(0,0,(?:true|false)\) : 0/g, '0'),
);
execFileSync(bin('pbts'), ['--no-comments', '-o', dts, js], { cwd: root, stdio: 'inherit' });
writeFileSync(
  dts,
  readFileSync(dts, 'utf8')
    .replace('import Long = require("long");\n', '')
    .replace(/\(number\|Long\|null\)/g, '(number|null)')
    .replace(/\(number\|Long\)/g, 'number'),
);

if (check) {
  let stale = false;
  for (const name of ['proto.js', 'proto.d.ts']) {
    const fresh = readFileSync(join(outDir, name), 'utf8');
    let committed = '';
    try {
      committed = readFileSync(join(root, 'common/generated', name), 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (fresh !== committed) {
      console.error(`common/generated/${name} is stale: run \`npm run proto:gen\` and commit the result`);
      stale = true;
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  process.exit(stale ? 1 : 0);
}
console.log(`generated ${relative(root, js)} and ${relative(root, dts)} from ${files.length} proto files`);
