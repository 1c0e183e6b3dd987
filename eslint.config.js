import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// ---- Import boundaries --------------------------------------------------------------------------------
// Dependency direction: web → protocol; server → core, protocol; core → nothing; protocol → typebox only.
// Inside the server, features do not import the composition root (services.ts, server.ts, main.ts); type-only
// imports of its `Services` shape are allowed. Enforced with @typescript-eslint/no-restricted-imports so
// core's own no-restricted-imports (no node:*) stays a separate rule; each file gets one block's options.
// scripts/lint-boundaries.test.ts proves each rule reports a deliberate violation.
const packageImport = (...names) => ({
  regex: `^@switchboard/(${names.join('|')})(/|$)`,
  message: 'This package may not depend on that one: see the import boundaries in eslint.config.js.',
});
// A relative path into another package's sources (packages/<name>/src/…).
const packageSources = (...names) => ({
  regex: `(^|/)(${names.join('|')})/src(/|$)`,
  message: 'Import another package through its package name (and only where the boundaries allow it).',
});
const compositionRoot =
  'Features do not import the composition root (services.ts, server.ts, main.ts): take dependencies as parameters.';
// From a file `depth` folders below packages/server/src, the relative specifier that reaches a root file.
const serverRootFile = (depth) => ({
  regex: `^${depth === 0 ? '\\./' : '(\\.\\./){' + depth + '}'}(services|server|main)(\\.[jt]s)?$`,
  message: compositionRoot,
  allowTypeImports: true,
});
const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});
const serverToWeb = [packageImport('web'), packageSources('web')];
const importBoundaries = [
  {
    files: ['packages/core/src/**/*.{ts,tsx}'],
    rules: restrict(packageImport('protocol', 'server', 'web'), packageSources('protocol', 'server', 'web')),
  },
  {
    files: ['packages/protocol/src/**/*.{ts,tsx}'],
    rules: restrict(
      { regex: '^(?!\\.|@sinclair/typebox(/|$))', message: 'protocol depends on nothing but TypeBox.' },
      packageSources('core', 'server', 'web'),
    ),
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    rules: restrict(packageImport('core', 'server'), packageSources('core', 'server')),
  },
  { files: ['packages/server/src/**/*.{ts,tsx}'], rules: restrict(...serverToWeb) },
  // The composition root itself, test support (testing/, *-harness.ts) and tests may build the whole server.
  ...[0, 1, 2, 3, 4, 5].map((depth) => ({
    files: [`packages/server/src/${'*/'.repeat(depth)}*.{ts,tsx}`],
    ignores: [
      'packages/server/src/{services,server,main}.ts',
      'packages/server/src/testing/**',
      '**/*-harness.ts',
      '**/*.test.ts',
    ],
    rules: restrict(...serverToWeb, serverRootFile(depth)),
  })),
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node scripts outside TypeScript.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through config.ts only.',
        },
      ],
    },
  },
  {
    files: [
      'packages/server/src/config/**',
      'packages/server/src/storage/test-databases.ts',
      'packages/server/src/testing/**',
      'scripts/**',
      'bench/**',
      '**/*.test.ts',
      '**/e2e/**',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // ---- Type-aware rules (promises) -------------------------------------------------------------------
  // A promise nobody awaits loses its rejection; one passed where a void callback is expected is never
  // awaited either. Each file is checked with the tsconfig that owns it (tsconfig.json references them all).
  {
    files: ['packages/*/src/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  ...importBoundaries,
  {
    files: ['packages/core/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'Date', message: 'core is pure: inject the clock.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'core is pure: inject the rng.' },
      ],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'http', 'net'] }],
    },
  },
  {
    // Hooks in the web app: called unconditionally, and effects list what they read (a stale closure is a bug).
    files: ['packages/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
