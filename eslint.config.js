import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
);
