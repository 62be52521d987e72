import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
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
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', '@tanstack/*', '../../features/*', '../../app/*'],
              message: 'src/core is pure TypeScript: no React, no UI.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'navigator', 'self', 'postMessage'],
    },
  },
  {
    // Only the HTTP client calls fetch (design: network code lives in one place).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/core/net/http-client.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='fetch']", message: 'Call the core registry client, not fetch.' },
      ],
    },
  },
  {
    // The layers (ARCHITECTURE.md): imports run one way, core → lib → components →
    // features → app. Each layer may import only the layers before it and itself; a
    // feature imports no other feature, except the package screen, which embeds the
    // charts and the export buttons (kept in their own folders for their own chunks).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': [
        { type: 'core', pattern: 'src/core' },
        { type: 'workers', pattern: 'src/workers' },
        { type: 'lib', pattern: 'src/lib' },
        { type: 'components', pattern: 'src/components' },
        { type: 'feature', pattern: 'src/features/*', capture: ['feature'] },
        { type: 'app', pattern: 'src/app' },
        { type: 'bench', pattern: 'src/bench' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { from: { element: { type: 'core' } }, allow: { to: { element: { type: 'core' } } } },
            { from: { element: { type: 'workers' } }, allow: { to: { element: { types: { anyOf: ['core'] } } } } },
            // Type-only imports of a worker's service interface, for its client.
            {
              from: { element: { type: 'lib' } },
              allow: { to: { element: { types: { anyOf: ['core', 'workers', 'lib'] } } } },
            },
            {
              from: { element: { type: 'components' } },
              allow: { to: { element: { types: { anyOf: ['core', 'lib', 'components'] } } } },
            },
            {
              from: { element: { type: 'feature' } },
              allow: { to: { element: { types: { anyOf: ['core', 'workers', 'lib', 'components'] } } } },
            },
            {
              from: { element: { type: 'feature' } },
              allow: { to: { element: { type: 'feature', captured: { feature: '{{from.captured.feature}}' } } } },
            },
            {
              from: { element: { type: 'feature', captured: { feature: 'package' } } },
              allow: { to: { element: { type: 'feature', captured: { feature: 'charts' } } } },
            },
            {
              from: { element: { type: 'feature', captured: { feature: 'package' } } },
              allow: { to: { element: { type: 'feature', captured: { feature: 'export' } } } },
            },
            {
              from: { element: { type: 'app' } },
              allow: { to: { element: { types: { anyOf: ['core', 'lib', 'components', 'feature', 'app'] } } } },
            },
            {
              from: { element: { type: 'bench' } },
              allow: { to: { element: { types: { anyOf: ['core', 'lib', 'app'] } } } },
            },
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'vite.config.ts', 'src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
