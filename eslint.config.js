// Lint, including the architecture's import boundaries (ARCHITECTURE.md):
// src/ is Electron/React/DOM-free; renderer/ imports no Node module and only the Api contract
// from src/; main/ wires Electron to src/api.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettierConfig from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * What renderer/ may take from src/: the environment-neutral layer (src/common) at run time, the
 * Api contract as types only, plus `also` (for tests).
 */
function rendererSrcPatterns(also = []) {
  const allowed = ['common/', ...also.map((m) => `${m}(\\.js)?$`), 'api/contract(\\.js)?$'].join('|');
  return [
    {
      regex: `^(\\.\\./)+src/(?!${allowed})`,
      message: 'renderer/ may import from src/ only src/common (and the Api contract, as types).',
    },
    {
      regex: '^(\\.\\./)+src/api/contract(\\.js)?$',
      message: 'import the Api contract as types only (import type).',
      allowTypeImports: true,
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'docs/**',
      '.bench/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Formatting is Prettier's job (`npm run format`; `npm run lint` checks it).
  prettierConfig,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/ is Electron-free: wire Electron in main/.' },
            { name: 'react', message: 'src/ is React-free: UI lives in renderer/.' },
            { name: 'react-dom', message: 'src/ is React-free: UI lives in renderer/.' },
            { name: '@xyflow/react', message: 'src/ is React-free: UI lives in renderer/.' },
            { name: 'zustand', message: 'src/ is React-free: UI lives in renderer/.' },
          ],
          patterns: [
            { group: ['**/renderer/**', '**/main/**'], message: 'src/ must not depend on the shells.' },
            { group: ['onnxruntime-node'], message: 'onnxruntime-node is imported only by src/runtime/engine/ort-engine.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/runtime/engine/ort-engine.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a sandboxed page: no Node modules.' })),
            { name: 'electron', message: 'renderer/ talks to the host only through the Api.' },
            { name: 'onnxruntime-node', message: 'renderer/ talks to the host only through the Api.' },
            { name: 'sharp', message: 'renderer/ talks to the host only through the Api.' },
          ],
          patterns: rendererSrcPatterns(),
        },
      ],
    },
  },
  {
    // Tests (never bundled) may also read the reference corpus' expected analyses.
    files: ['renderer/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'renderer/ runs in a sandboxed page: no Node modules.',
          })),
          patterns: rendererSrcPatterns(['testing/expected-analysis']),
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react', message: 'main/ is the Electron shell: no UI code.' },
            { name: 'onnxruntime-node', message: 'main/ only wires Electron to src/api.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', 'e2e/**/*.ts', 'bin/**/*.mjs', '*.config.{js,ts}', 'renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
