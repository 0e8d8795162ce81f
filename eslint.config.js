import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['src-renderer/**/*.svelte', 'src-renderer/**/*.svelte.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      // Shared state is $state.raw and replaced whole (STYLE.md), so plain Map/Set/URL objects
      // built and then assigned are intended, not missed reactivity.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['src-core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', '../src-main/*', '../src-renderer/*'] },
      ],
    },
  },
  {
    // The renderer reaches the back end only through lib/api.ts, and only for types.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron'], message: 'The renderer runs in a browser sandbox.' },
            {
              // The contract's plain list of request names is data the renderer builds its API
              // object from; everything else in src-main is types only.
              group: [
                '**/src-main/**',
                '!**/src-main/contract',
                '**/src-main/contract/*',
                '!**/src-main/contract/methods.ts',
              ],
              allowTypeImports: true,
              message: 'Only types from src-main (and the contract method list).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      // `const { type: _, ...rest } = event` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_$', ignoreRestSiblings: true },
      ],
    },
  },
);
