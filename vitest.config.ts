import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'main/**/*.test.ts', 'renderer/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Model builds and ORT sessions take seconds on 2 cores; parity tests are not micro-benchmarks.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Built models go to a cache of this run's own (src/runtime/engine/model-cache.ts), never the user's.
    globalSetup: ['src/testing/model-cache-setup.ts'],
  },
});
