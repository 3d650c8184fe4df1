import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import ts from 'typescript';

/**
 * Programs import common/ and npm packages, never each other (CONVENTIONS: layout); nothing that
 * ships imports the tools around it (cli/, bench/, test/).
 */
const tools = ['cli', 'bench', 'test'];
const boundary = (self, others) => ({
  files: [`${self}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: others.map((o) => ({
          group: [`**/${o}/*`, `**/${o}`],
          message: tools.includes(o)
            ? `${self}/ must not import ${o}/: it is a tool around the programs; move what both need to common/`
            : `${self}/ must not import ${o}/: move shared code to common/`,
        })),
      },
    ],
  },
});

/** The project file a relative specifier names (`./x.js` is `./x.ts` here), or undefined. */
function resolveLocal(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(fromFile), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'), target]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}

/** Imports of other files by path, with the mtime they were read at. */
const importsCache = new Map();

/**
 * The project files `file` imports at load time: every `import` and `export … from`, type-only
 * ones included; dynamic `import()` is left out (it runs after both modules have loaded).
 */
function importsOf(file) {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = importsCache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.imports;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const imports = [];
  for (const s of source.statements) {
    const specifier = ts.isImportEqualsDeclaration(s)
      ? ts.isExternalModuleReference(s.moduleReference)
        ? s.moduleReference.expression
        : undefined
      : ts.isImportDeclaration(s) || ts.isExportDeclaration(s)
        ? s.moduleSpecifier
        : undefined;
    const target =
      specifier && ts.isStringLiteral(specifier) ? resolveLocal(file, specifier.text) : undefined;
    if (target !== undefined) imports.push(target);
  }
  importsCache.set(file, { mtimeMs, imports });
  return imports;
}

/**
 * `local/no-import-cycle`: reports an import that leads back to its own file. Type-only imports
 * count, unlike eslint-plugin-import-x's `no-cycle` (docs/decisions.md D-lint-cycles): a cycle of
 * types still ties two modules into one and is where a value cycle starts.
 */
const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports that lead back to the importing file (type-only ones too)' },
    schema: [],
    messages: { cycle: 'import cycle: {{route}}; move what they share to a module of its own' },
  },
  create(context) {
    const file = context.physicalFilename;
    const name = (f) => relative(context.cwd, f);
    // Files already searched from this one that do not lead back to it.
    const deadEnds = new Set();
    /** The shortest route from `start` back to `file`, or undefined. */
    const routeBack = (start) => {
      const parent = new Map([[start, undefined]]);
      const queue = [start];
      while (queue.length > 0) {
        const at = queue.shift();
        for (const next of importsOf(at)) {
          if (next === file) {
            const route = [file];
            for (let f = at; f !== undefined; f = parent.get(f)) route.unshift(f);
            return [file, ...route];
          }
          if (parent.has(next) || deadEnds.has(next)) continue;
          parent.set(next, at);
          queue.push(next);
        }
      }
      for (const f of parent.keys()) deadEnds.add(f);
      return undefined;
    };
    const check = (node) => {
      const target = resolveLocal(file, String(node.source.value));
      if (target === undefined || target === file || deadEnds.has(target)) return;
      const route = routeBack(target);
      if (route !== undefined) {
        context.report({ node, messageId: 'cycle', data: { route: route.map(name).join(' → ') } });
      }
    };
    return {
      'Program > ImportDeclaration': check,
      'Program > ExportNamedDeclaration[source]': check,
      'Program > ExportAllDeclaration': check,
      'Program > TSImportEqualsDeclaration[moduleReference.type="TSExternalModuleReference"]': (node) =>
        check({ ...node, source: node.moduleReference.expression }),
    };
  },
};

/**
 * Test functions whose `.only` is refused (`it.only`, `describe.concurrent.only`,
 * `test.skipIf(x).only`): one left in a commit silently skips every other test of its file.
 */
const testFunctions = /^(describe|suite|it|test|bench)$/;

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'common/generated/', 'agent/generated/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { local: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'no-console': 'off',
      'local/no-import-cycle': 'error',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[property.name="only"]:matches([object.name=${testFunctions}], [object.object.name=${testFunctions}], [object.callee.object.name=${testFunctions}])`,
          message: '.only runs this test alone and silently skips the rest of the file: remove it',
        },
      ],
    },
  },
  boundary('agent', ['collector', 'detector', 'cli', 'bench', 'test']),
  boundary('collector', ['agent', 'detector', 'cli', 'bench', 'test']),
  boundary('detector', ['agent', 'collector', 'cli', 'bench', 'test']),
  // The simulator drives the real programs from outside, as a provider's agents and control plane.
  boundary('simulator', ['agent', 'collector', 'detector', 'cli', 'bench', 'test']),
  boundary('common', ['agent', 'collector', 'detector', 'simulator', 'cli', 'bench', 'test']),
  // Subcommands may start any program; the tools around them are not part of what ships.
  boundary('cli', ['bench', 'test']),
  // Benchmarks measure the programs as they ship: no test helpers, no subcommand internals.
  boundary('bench', ['test', 'cli']),
);
