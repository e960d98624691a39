// Lint, including the architecture's import boundaries: src/ is Electron/React/DOM-free and its
// folders import in one order (SRC_LAYERS); src/common is environment-neutral; renderer/ imports no
// Node module and from src/ only src/common (plus the Api contract, as types); main/ wires Electron
// to src/api; product code never imports test support (`testing/` folders). The rules are proved
// by scripts/lint-boundaries.test.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettierConfig from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

/**
 * The folders of src/, in import order: a folder may import itself and any folder of an earlier
 * slot; folders sharing a slot are peers and may not import each other. Every folder of src/ is
 * either here or in TEST_ONLY_FOLDERS (scripts/lint-boundaries.test.ts checks it).
 */
export const SRC_LAYERS = [
  ['common'], // environment-neutral: domain vocabulary, Api data, colour scales, heatmap geometry
  ['onnx', 'platform', 'safetensors'], // ONNX protobuf IO; the app's files and safe writes (Node); safetensors IO
  ['analysis', 'zoo', 'weights'], // ONNX → architecture; specs → ONNX; timm checkpoints from the Hub
  ['checkpoint', 'playground'], // PyTorch/safetensors checkpoints read safely → a zoo spec and its weights; K/R variants, their cost and weights
  ['runtime', 'diagram'], // inference with ONNX Runtime; layout and SVG/PNG export
  ['stats'], // attention statistics over many photos and the scale experiment
  ['api', 'bench'], // the one Api and its implementation; the benchmark report
  ['server'], // serve mode: the Api over HTTP + SSE
  ['cli'], // the command line (starts the server for `serve`)
];

/** Folders of src/ that hold only tests and their support; product code never imports them. */
export const TEST_ONLY_FOLDERS = ['testing', 'hardening'];

/** Test files and test support, anywhere: exempt from the layer order, never imported by product code. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const testSupportPattern = {
  group: [...new Set(TEST_ONLY_FOLDERS.flatMap((f) => [`**/${f}`, `**/${f}/**`]))],
  message: 'test support (testing/ folders, src/hardening) is for tests only.',
};

/** What every file of src/ may not import: the shells and their libraries. */
const SRC_SHELL_PATHS = [
  { name: 'electron', message: 'src/ is Electron-free: wire Electron in main/.' },
  { name: 'react', message: 'src/ is React-free: UI lives in renderer/.' },
  { name: 'react-dom', message: 'src/ is React-free: UI lives in renderer/.' },
  { name: '@xyflow/react', message: 'src/ is React-free: UI lives in renderer/.' },
  { name: 'zustand', message: 'src/ is React-free: UI lives in renderer/.' },
];
const SRC_SHELL_PATTERNS = [
  { group: ['**/renderer/**', '**/main/**'], message: 'src/ must not depend on the shells.' },
];
const ORT_FILE = 'src/runtime/engine/ort-engine.ts';
const ortPattern = {
  group: ['onnxruntime-node', 'onnxruntime-node/**'],
  message: `onnxruntime-node is imported only by ${ORT_FILE}.`,
};

const MAIN_PATHS = [
  { name: 'react', message: 'main/ is the Electron shell: no UI code.' },
  { name: 'onnxruntime-node', message: 'main/ only wires Electron to src/api.' },
];

function srcImports(patterns, paths = []) {
  return ['error', { paths: [...SRC_SHELL_PATHS, ...paths], patterns: [...SRC_SHELL_PATTERNS, ...patterns] }];
}

/** The import rule of one src/ folder's product files: nothing beside or above it in SRC_LAYERS. */
function layerRule(layer, { ort = false } = {}) {
  const i = SRC_LAYERS.findIndex((slot) => slot.includes(layer));
  const below = SRC_LAYERS.slice(0, i).flat();
  const barred = SRC_LAYERS.slice(i)
    .flat()
    .filter((l) => l !== layer);
  const upward = {
    regex: `^(\\.\\./)+(${barred.join('|')})(/|$)`,
    message: `src/${layer} may import only itself${below.length ? ` and ${below.join(', ')}` : ''} (SRC_LAYERS in eslint.config.js).`,
  };
  return srcImports([...(barred.length ? [upward] : []), testSupportPattern, ...(ort ? [] : [ortPattern])]);
}

function layerConfigs() {
  return SRC_LAYERS.flat().map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    ignores: TEST_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': layerRule(layer) },
  }));
}

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
    // Every file of src/: no shells. Tests and test support stop here (they may reach any layer to
    // check it); product files get their layer's rule below.
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-restricted-imports': srcImports([ortPattern]),
    },
  },
  ...layerConfigs(),
  {
    // The runtime's one onnxruntime-node adapter.
    files: [ORT_FILE],
    rules: { '@typescript-eslint/no-restricted-imports': layerRule('runtime', { ort: true }) },
  },
  {
    // Environment-neutral: no Node, no DOM, no third-party package at run time, nothing outside
    // src/common (src/common/tsconfig.json has neither Node's nor the DOM's types).
    files: ['src/common/**/*.ts'],
    ignores: TEST_FILES,
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^[^.]', message: 'src/common is environment-neutral: no packages, no Node built-ins.' },
            { regex: '^\\.\\./', message: 'src/common imports only src/common.' },
            testSupportPattern,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'process',
          'Buffer',
          'require',
          '__dirname',
          '__filename',
        ].map((name) => ({ name, message: 'src/common is environment-neutral: no DOM, no Node.' })),
      ],
    },
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
          patterns: [...rendererSrcPatterns(), testSupportPattern],
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
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: MAIN_PATHS }] },
  },
  {
    files: ['main/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: MAIN_PATHS, patterns: [testSupportPattern] }],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', 'e2e/**/*.ts', 'bin/**/*.mjs', '*.config.{js,ts}', 'renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
