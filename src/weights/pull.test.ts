// pullCheckpoint against a real HTTP server on 127.0.0.1 speaking the Hub's protocol, serving the
// fixtures' tiny safetensors under timm repo names. Each test gets its own HF_HUB_CACHE.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CancelledError, UserError } from '../common/errors.js';
import { findCachedCheckpoint } from './catalog.js';
import { pullCheckpoint } from './pull.js';
import type { FakeHub, FakeRepo } from './testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from './testing/hub-sandbox.js';

const ENV_KEYS = [
  'HF_HOME',
  'HF_ENDPOINT',
  'HF_HUB_OFFLINE',
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
];
let sandbox: HubSandbox;
let cache: string;
let hub: FakeHub;
let resnet: FakeRepo;

beforeEach(async () => {
  sandbox = await openHubSandbox(ENV_KEYS);
  ({ cache, hub } = sandbox);
  resnet = hub.addRepo('timm/resnet50.a1_in1k', tinySafetensors('tiny_resnet'));
});

afterEach(() => sandbox.close());

const repoDir = (id: string): string => join(cache, `models--${id.replace('/', '--')}`);
const partialOf = (r: FakeRepo): string => join(repoDir(r.repoId), 'blobs', `${r.sha256}.incomplete`);
const cdnGets = (): { range: string | undefined }[] => hub.requests.filter((r) => r.path.startsWith('/cdn-lfs/'));

function expectHubLayout(path: string, r: FakeRepo): void {
  const dir = repoDir(r.repoId);
  expect(path).toBe(join(dir, 'snapshots', r.commit, 'model.safetensors'));
  expect(lstatSync(path).isSymbolicLink()).toBe(true);
  expect(readlinkSync(path)).toBe(`../../blobs/${r.sha256}`);
  expect(readFileSync(join(dir, 'blobs', r.sha256)).equals(r.bytes)).toBe(true);
  expect(readFileSync(join(dir, 'refs', 'main'), 'utf8')).toBe(r.commit);
  expect(readdirSync(join(dir, 'blobs'))).toEqual([r.sha256]); // no .incomplete left behind
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('pullCheckpoint', () => {
  it('downloads into the huggingface_hub layout, verified, with progress', async () => {
    const events: [number, number][] = [];
    const path = await pullCheckpoint('timm/resnet50.a1_in1k', {
      endpoint: hub.endpoint,
      onProgress: (d, t) => events.push([d, t]),
    });
    expectHubLayout(path, resnet);
    expect(readFileSync(path).equals(tinySafetensors('tiny_resnet'))).toBe(true);
    expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'HEAD /timm/resnet50.a1_in1k/resolve/main/model.safetensors',
      `GET /cdn-lfs/${resnet.sha256}`,
    ]);
    const size = resnet.bytes.length;
    expect(events.at(-1)).toEqual([size, size]);
    expect(events.every(([d, t], i) => t === size && d >= (events[i - 1]?.[0] ?? 0))).toBe(true);
    expect(events.length).toBeGreaterThan(2);
  });

  it('returns a cached checkpoint with no request at all', async () => {
    const first = await pullCheckpoint('resnet50.a1_in1k', { endpoint: hub.endpoint });
    const seen = hub.requests.length;
    expect(await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint })).toBe(first);
    expect(findCachedCheckpoint('timm/resnet50.a1_in1k')).toBe(first);
    expect(hub.requests.length).toBe(seen);
  });

  it('uses HF_ENDPOINT and follows a renamed repo (relative redirect)', async () => {
    process.env.HF_ENDPOINT = hub.endpoint;
    hub.renames.set('timm/resnet50.old_name', 'timm/resnet50.a1_in1k');
    const path = await pullCheckpoint('timm/resnet50.old_name');
    expect(readFileSync(path).equals(resnet.bytes)).toBe(true);
    expect(hub.requests[1]!.path).toBe('/timm/resnet50.a1_in1k/resolve/main/model.safetensors');
  });

  it('resumes with a Range request when the connection drops mid-file', async () => {
    hub.faults.dropAfter = { bytes: 200_000, times: 1 };
    const path = await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    expectHubLayout(path, resnet);
    // Bytes the client had buffered when the socket closed may be dropped: it resumes after what it wrote.
    const [first, second, ...more] = cdnGets().map((r) => r.range);
    expect([first, more]).toEqual([undefined, []]);
    expect(Number(/^bytes=(\d+)-$/.exec(second ?? '')?.[1])).toBeGreaterThan(0);
    expect(Number(/^bytes=(\d+)-$/.exec(second ?? '')?.[1])).toBeLessThanOrEqual(200_000);
  });

  it('keeps a partial file when every resume fails, and the next pull finishes it', async () => {
    hub.faults.dropAfter = { bytes: 50_000, times: 4 };
    const err = await rejection(pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint }));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(
      /^cannot download timm\/resnet50\.a1_in1k from localhost:\d+: connection closed early after 0\.\d of 0\.6 MB \(kept; pull again to resume\)$/,
    );
    const kept = statSync(partialOf(resnet)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(200_000);
    expect(readFileSync(partialOf(resnet)).equals(resnet.bytes.subarray(0, kept))).toBe(true);
    expect(cdnGets()).toHaveLength(4);
    expect(findCachedCheckpoint('timm/resnet50.a1_in1k')).toBeUndefined();
    const path = await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    expectHubLayout(path, resnet);
    expect(cdnGets().at(-1)!.range).toBe(`bytes=${kept}-`);
  });

  it('cancels via AbortSignal leaving a resumable .incomplete, then resumes it', async () => {
    const ac = new AbortController();
    const err = await rejection(
      pullCheckpoint('timm/resnet50.a1_in1k', {
        endpoint: hub.endpoint,
        signal: ac.signal,
        onProgress: (done, total) => {
          if (done > 0 && done < total) ac.abort();
        },
      }),
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).toMatch(/cancelled at .* MB; pull again to resume/);
    const kept = statSync(partialOf(resnet)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(resnet.bytes.length);
    expect(readFileSync(partialOf(resnet)).equals(resnet.bytes.subarray(0, kept))).toBe(true);
    expect(existsSync(join(repoDir(resnet.repoId), 'snapshots'))).toBe(false);

    const path = await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    expectHubLayout(path, resnet);
    expect(cdnGets().at(-1)!.range).toBe(`bytes=${kept}-`);
  });

  it('starts over cleanly when the server ignores Range and sends the whole file', async () => {
    const ac = new AbortController();
    await rejection(
      pullCheckpoint('timm/resnet50.a1_in1k', {
        endpoint: hub.endpoint,
        signal: ac.signal,
        onProgress: (done) => done > 0 && ac.abort(),
      }),
    );
    const kept = statSync(partialOf(resnet)).size;
    hub.faults.ignoreRange = true;
    const path = await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    expectHubLayout(path, resnet);
    expect(cdnGets().map((r) => r.range)).toEqual([undefined, `bytes=${kept}-`]);
  });

  it('detects corrupt bytes by sha256 and refetches from scratch', async () => {
    hub.faults.corrupt = 1;
    const events: number[] = [];
    const path = await pullCheckpoint('timm/resnet50.a1_in1k', {
      endpoint: hub.endpoint,
      onProgress: (d) => events.push(d),
    });
    expectHubLayout(path, resnet);
    // Progress runs to the end twice: the refetch starts again from 0.
    expect(events.filter((d) => d === resnet.bytes.length)).toHaveLength(2);
    expect(events.filter((d) => d === 0)).toHaveLength(2);
    expect(cdnGets().map((r) => r.range)).toEqual([undefined, undefined]);
  });

  it('gives up with one clear line when the refetch is corrupt too, leaving nothing behind', async () => {
    hub.faults.corrupt = 2;
    const err = await rejection(pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint }));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(
      /^timm\/resnet50\.a1_in1k: download from localhost:\d+ is corrupt twice \(sha256 [0-9a-f]{12}… instead of [0-9a-f]{12}…\); deleted it, try again later$/,
    );
    expect(readdirSync(join(repoDir(resnet.repoId), 'blobs'))).toEqual([]);
    expect(findCachedCheckpoint('timm/resnet50.a1_in1k')).toBeUndefined();
  });

  it('reports a missing repo (404) in one line', async () => {
    const err = await rejection(pullCheckpoint('timm/resnet50.no_such_tag', { endpoint: hub.endpoint }));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(
      /^timm\/resnet50\.no_such_tag: repository not found on http:\/\/127\.0\.0\.1:\d+ \(HTTP 404\)$/,
    );
  });

  it('rejects a malformed id without touching the network', async () => {
    await expect(pullCheckpoint('timm/../../etc', { endpoint: hub.endpoint })).rejects.toThrow(UserError);
    expect(hub.requests).toEqual([]);
  });

  it('reports a refused connection in one line', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await rejection(pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: `http://127.0.0.1:${port}` }));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe(`cannot download timm/resnet50.a1_in1k from 127.0.0.1:${port}: connection refused`);
  });

  it('times out on a server that never answers instead of hanging', async () => {
    hub.faults.stall = true;
    const err = await rejection(pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint, timeoutMs: 300 }));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(
      /^cannot download timm\/resnet50\.a1_in1k from localhost:\d+: no answer from localhost:\d+ in 0 s$/,
    );
  });

  it('makes no request under HF_HUB_OFFLINE', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    const err = await rejection(pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint }));
    expect(err.message).toBe(`timm/resnet50.a1_in1k is not in the cache (${cache}) and HF_HUB_OFFLINE is set`);
    expect(hub.requests).toEqual([]);
  });

  it('runs concurrent pulls of one repo once', async () => {
    const [a, b] = await Promise.all([
      pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint }),
      pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint }),
    ]);
    expect(a).toBe(b);
    expect(cdnGets()).toHaveLength(1);
  });

  it('reuses a blob already in the cache for a new commit', async () => {
    await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    rmSync(join(repoDir(resnet.repoId), 'snapshots'), { recursive: true });
    rmSync(join(repoDir(resnet.repoId), 'refs'), { recursive: true });
    const path = await pullCheckpoint('timm/resnet50.a1_in1k', { endpoint: hub.endpoint });
    expectHubLayout(path, resnet);
    expect(cdnGets()).toHaveLength(1);
  });
});
