import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'bench-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use-*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The core runs in a worker and under Node: no React, no DOM, no direct fetch.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom', 'react/*', '@tanstack/*', '../../features/*', '../../app/*'], message: 'src/core is pure TypeScript: no React, no UI.' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator', 'self', 'postMessage'],
    },
  },
  {
    // Only the HTTP client calls fetch (design: network code lives in one place).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/core/net/http-client.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='fetch']", message: 'Call the core registry client, not fetch.' }],
    },
  },
  {
    files: ['e2e/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'vite.config.ts', 'src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
