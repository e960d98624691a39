/**
 * vitest global setup: built models (src/runtime/engine/model-cache.ts) go to a cache folder of this
 * test run's own, never the user's, removed when the run ends. Tests that check the cache itself
 * pass their own folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  if (process.env.SPLITLENS_CACHE_DIR) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-test-cache-'));
  process.env.SPLITLENS_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
