// Generates common/generated/proto.{js,d.ts} from proto/ with protobufjs (static code + types),
// and agent/generated/podresources.{js,d.ts} from proto/k8s/ (the kubelet's PodResources API,
// which only the agent speaks, so it stays out of the contract bundle every program loads).
// `--check` regenerates into a temp dir and fails when the committed files differ (CI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const tmpDir = check ? mkdtempSync(join(tmpdir(), 'gpuwatch-proto-')) : undefined;

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
const allFiles = protoFiles(join(root, 'proto')).map((f) => relative(root, f));
const bundles = [
  {
    dir: 'common/generated',
    name: 'proto',
    files: allFiles.filter((f) => !f.startsWith('proto/k8s/')),
  },
  {
    dir: 'agent/generated',
    name: 'podresources',
    files: allFiles.filter((f) => f.startsWith('proto/k8s/')),
  },
];

function generate(outDir, name, files) {
  const js = join(outDir, `${name}.js`);
  const dts = join(outDir, `${name}.d.ts`);
  mkdirSync(outDir, { recursive: true });
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
}

for (const b of bundles) generate(tmpDir ? join(tmpDir, b.dir) : join(root, b.dir), b.name, b.files);

if (check) {
  let stale = false;
  for (const b of bundles) {
    for (const name of [`${b.name}.js`, `${b.name}.d.ts`]) {
      const fresh = readFileSync(join(tmpDir, b.dir, name), 'utf8');
      let committed = '';
      try {
        committed = readFileSync(join(root, b.dir, name), 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (fresh !== committed) {
        console.error(`${b.dir}/${name} is stale: run \`npm run proto:gen\` and commit the result`);
        stale = true;
      }
    }
  }
  rmSync(tmpDir, { recursive: true, force: true });
  process.exit(stale ? 1 : 0);
}
for (const b of bundles)
  console.log(`generated ${b.dir}/${b.name}.{js,d.ts} from ${b.files.length} proto files`);
