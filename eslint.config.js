import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Programs import common/ and npm packages, never each other (CONVENTIONS: layout). */
const boundary = (self, others) => ({
  files: [`${self}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: others.map((o) => ({
          group: [`**/${o}/*`, `**/${o}`],
          message: `${self}/ must not import ${o}/: move shared code to common/`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'common/generated/', 'agent/generated/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
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
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  boundary('agent', ['collector', 'detector', 'cli']),
  boundary('collector', ['agent', 'detector', 'cli']),
  boundary('detector', ['agent', 'collector', 'cli']),
  // The simulator drives the real programs from outside, as a provider's agents and control plane.
  boundary('simulator', ['agent', 'collector', 'detector', 'cli']),
  boundary('common', ['agent', 'collector', 'detector', 'simulator', 'cli']),
);
