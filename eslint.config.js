import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { noImportCycle } from './lint/no-import-cycle.js';

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
