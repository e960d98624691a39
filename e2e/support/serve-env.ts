/**
 * How the e2e server is started: the built CLI (`bin/splitlens.mjs serve --port 0`) with this
 * environment. Test-sized models are chosen here (the Api maps the five headline models to the
 * fixtures' tiny timm checkpoints), so every spec sees the same server.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../../src/testing/fixtures.js';

export const SERVE_COMMAND = ['bin/splitlens.mjs', 'serve', '--port', '0'];

export const SERVE_ENV: Record<string, string> = {
  SPLITLENS_TINY_ZOO: process.env.SPLITLENS_TINY_ZOO ?? `${FIXTURES}tiny/`,
  // Built models go to a cache of the test run's own, never the user's.
  SPLITLENS_CACHE_DIR: process.env.SPLITLENS_CACHE_DIR ?? join(tmpdir(), `splitlens-e2e-cache-${process.pid}`),
};

/** Where the global setup leaves the running server for the specs (env of the test workers). */
export const URL_VAR = 'SPLITLENS_E2E_URL';
export const TOKEN_VAR = 'SPLITLENS_E2E_TOKEN';
