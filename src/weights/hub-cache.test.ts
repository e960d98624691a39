// The huggingface_hub cache layout: a cache made by hand exactly as Python's huggingface_hub
// leaves it is found with zero requests; rm, the symlink fallback and the cache-dir rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { commitToCache, hubCacheDir, removeCheckpoint } from './hub-cache.js';
import { findCachedCheckpoint, listCheckpoints, weightState } from './catalog.js';
import { pullCheckpoint } from './pull.js';
import type { FakeHub } from './testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from './testing/hub-sandbox.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const COMMIT = 'a8d1b4cfc7b2c1b8e8f2a3d2f1c0b9a8e7d6c5b4';

let sandbox: HubSandbox;
let cache: string;
let hub: FakeHub;

beforeEach(async () => {
  sandbox = await openHubSandbox();
  ({ cache, hub } = sandbox);
});

afterEach(() => sandbox.close());

/** What `hf_hub_download('timm/<id>', 'model.safetensors')` leaves on Linux. */
function pythonCache(
  repoId: string,
  bytes: Buffer,
  opts: { symlink?: boolean; ref?: boolean; extra?: boolean } = {},
): string {
  const dir = join(cache, `models--${repoId.replace('/', '--')}`);
  const sha = sha256(bytes);
  const snap = join(dir, 'snapshots', COMMIT);
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  mkdirSync(snap, { recursive: true });
  if (opts.symlink ?? true) {
    writeFileSync(join(dir, 'blobs', sha), bytes);
    symlinkSync(`../../blobs/${sha}`, join(snap, 'model.safetensors'));
  } else {
    writeFileSync(join(snap, 'model.safetensors'), bytes); // Windows without developer mode
  }
  if (opts.extra) {
    const cfg = Buffer.from('{"architecture": "resnet50"}');
    writeFileSync(join(dir, 'blobs', sha256(cfg).slice(0, 40)), cfg);
    symlinkSync(`../../blobs/${sha256(cfg).slice(0, 40)}`, join(snap, 'config.json'));
  }
  if (opts.ref ?? true) {
    mkdirSync(join(dir, 'refs'));
    writeFileSync(join(dir, 'refs', 'main'), COMMIT);
  }
  mkdirSync(join(cache, '.locks', `models--${repoId.replace('/', '--')}`), { recursive: true });
  return join(snap, 'model.safetensors');
}

describe('a checkpoint Python already downloaded', () => {
  it('is found, pulled, listed and reported pretrained without any request', async () => {
    hub.addRepo('timm/resnest50d.in1k', tinySafetensors('tiny_resnest'));
    const path = pythonCache('timm/resnest50d.in1k', tinySafetensors('tiny_resnest'));
    expect(findCachedCheckpoint('timm/resnest50d.in1k')).toBe(path);
    expect(await pullCheckpoint('timm/resnest50d.in1k', { endpoint: hub.endpoint })).toBe(path);
    expect(weightState('resnest50d')).toBe('pretrained');
    expect(weightState('resnet50')).toBe('untrained');
    const rows = listCheckpoints();
    expect(rows.find((r) => r.preset === 'resnest50d')).toEqual({
      preset: 'resnest50d',
      hfId: 'timm/resnest50d.in1k',
      cached: true,
      state: 'pretrained',
      path,
      bytes: tinySafetensors('tiny_resnest').length,
    });
    expect(rows.filter((r) => r.cached)).toHaveLength(1);
    expect(hub.requests).toHaveLength(0);
  });

  it('is found without refs/main (a pinned revision) and as a plain copy (no symlinks)', () => {
    const pinned = pythonCache('timm/seresnet50.a1_in1k', tinySafetensors('tiny_seresnet'), { ref: false });
    const copied = pythonCache('timm/skresnext50_32x4d.ra_in1k', tinySafetensors('tiny_skresnext'), { symlink: false });
    expect(findCachedCheckpoint('seresnet50.a1_in1k')).toBe(pinned);
    expect(findCachedCheckpoint('timm/skresnext50_32x4d.ra_in1k')).toBe(copied);
  });

  it('is not used, and reported damaged, when the snapshot link dangles (blob deleted)', () => {
    pythonCache('timm/resnet50.a1_in1k', tinySafetensors('tiny_resnet'));
    rmSync(join(cache, 'models--timm--resnet50.a1_in1k', 'blobs', sha256(tinySafetensors('tiny_resnet'))));
    expect(findCachedCheckpoint('timm/resnet50.a1_in1k')).toBeUndefined();
    expect(weightState('resnet50')).toBe('damaged');
  });
});

describe('removeCheckpoint', () => {
  it('removes a pulled checkpoint and its repo folder', async () => {
    hub.addRepo('timm/resnet50.a1_in1k', tinySafetensors('tiny_resnet'));
    await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    expect(removeCheckpoint('timm/resnet50.a1_in1k')).toBe(true);
    expect(existsSync(join(cache, 'models--timm--resnet50.a1_in1k'))).toBe(false);
    expect(findCachedCheckpoint('timm/resnet50.a1_in1k')).toBeUndefined();
    expect(removeCheckpoint('timm/resnet50.a1_in1k')).toBe(false);
  });

  it('keeps other files Python cached in the same repo', () => {
    pythonCache('timm/resnet50.a1_in1k', tinySafetensors('tiny_resnet'), { extra: true });
    expect(removeCheckpoint('timm/resnet50.a1_in1k')).toBe(true);
    const dir = join(cache, 'models--timm--resnet50.a1_in1k');
    expect(readdirSync(join(dir, 'snapshots', COMMIT))).toEqual(['config.json']);
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(1);
    expect(findCachedCheckpoint('timm/resnet50.a1_in1k')).toBeUndefined();
  });

  it('removes a partial download', () => {
    const blobs = join(cache, 'models--timm--resnet50.a1_in1k', 'blobs');
    mkdirSync(blobs, { recursive: true });
    writeFileSync(join(blobs, `${'0'.repeat(64)}.incomplete`), 'partial');
    expect(removeCheckpoint('timm/resnet50.a1_in1k')).toBe(true);
    expect(existsSync(join(cache, 'models--timm--resnet50.a1_in1k'))).toBe(false);
  });
});

describe('commitToCache', () => {
  it('moves a new blob into the snapshot where symlinks are refused, like huggingface_hub', () => {
    const bytes = tinySafetensors('tiny_resnext');
    const sha = sha256(bytes);
    const dir = join(cache, 'models--timm--resnext50_32x4d.a1h_in1k');
    mkdirSync(join(dir, 'blobs'), { recursive: true });
    writeFileSync(join(dir, 'blobs', sha), bytes);
    const refuse = (): void => {
      throw Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' });
    };
    const path = commitToCache('timm/resnext50_32x4d.a1h_in1k', COMMIT, sha, { newBlob: true, symlink: refuse });
    expect(lstatSync(path).isFile()).toBe(true);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(join(dir, 'blobs', sha))).toBe(false);
    expect(readFileSync(join(dir, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect(findCachedCheckpoint('timm/resnext50_32x4d.a1h_in1k')).toBe(path);
  });
});

describe('hubCacheDir', () => {
  it('follows huggingface_hub: HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME, ~/.cache', () => {
    expect(hubCacheDir({ HF_HUB_CACHE: '/x/hub', HF_HOME: '/y' })).toBe('/x/hub');
    expect(hubCacheDir({ HUGGINGFACE_HUB_CACHE: '/legacy' })).toBe('/legacy');
    expect(hubCacheDir({ HF_HOME: '/y' })).toBe('/y/hub');
    expect(hubCacheDir({ HF_HOME: '~/hf' })).toBe(join(homedir(), 'hf', 'hub'));
    expect(hubCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/huggingface/hub');
    expect(hubCacheDir({})).toBe(join(homedir(), '.cache', 'huggingface', 'hub'));
  });
});
