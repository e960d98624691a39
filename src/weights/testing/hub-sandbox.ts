/**
 * Test support for the weights tests: the fixtures' tiny checkpoints, and one test's world — its
 * own HF_HUB_CACHE in a temp folder and a started FakeHub, with chosen environment variables
 * unset — undone by `close()` (cache removed, environment restored).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub } from './fake-hub.js';
import { FIXTURES } from '../../testing/fixtures.js';

const TINY = `${FIXTURES}tiny/`;

/** `model.safetensors` of a tiny fixture model (`tiny_resnet`, `tiny_resnest`, ...). */
export function tinySafetensors(name: string): Buffer {
  return readFileSync(`${TINY}${name}/model.safetensors`);
}

export interface HubSandbox {
  /** The temp folder HF_HUB_CACHE points at. */
  cache: string;
  hub: FakeHub;
  close(): Promise<void>;
}

/** `unset`: environment variables (proxies, HF_ENDPOINT...) cleared for the test. */
export async function openHubSandbox(unset: readonly string[] = []): Promise<HubSandbox> {
  const saved = new Map(['HF_HUB_CACHE', ...unset].map((k) => [k, process.env[k]]));
  for (const k of unset) delete process.env[k];
  const cache = mkdtempSync(join(tmpdir(), 'splitlens-hub-'));
  process.env.HF_HUB_CACHE = cache;
  const hub = await FakeHub.start();
  return {
    cache,
    hub,
    async close() {
      await hub.close();
      rmSync(cache, { recursive: true, force: true });
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
