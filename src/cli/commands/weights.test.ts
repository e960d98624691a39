// `splitlens weights` end to end against a loopback Hub: list/pull/rm in-process through runCli,
// and Ctrl-C on a real CLI process mid-download leaving a resumable partial file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCaptured } from '../testing/run-captured.js';
import type { FakeHub, FakeRepo } from '../../weights/testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from '../../weights/testing/hub-sandbox.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let sandbox: HubSandbox;
let cache: string;
let hub: FakeHub;
let resnet: FakeRepo;

beforeEach(async () => {
  sandbox = await openHubSandbox(['HF_ENDPOINT']);
  ({ cache, hub } = sandbox);
  resnet = hub.addRepo('timm/resnet50.a1_in1k', tinySafetensors('tiny_resnet'));
  hub.addRepo('timm/resnest50d.in1k', tinySafetensors('tiny_resnest'));
  process.env.HF_ENDPOINT = hub.endpoint;
});

afterEach(() => sandbox.close());

const cli = (...argv: string[]) => runCaptured(argv);

describe('splitlens weights', () => {
  it('pulls with progress lines, lists the state, and removes', async () => {
    const pulled = await cli('weights', 'pull', 'resnet50', 'resnest50d');
    expect(pulled.code).toBe(0);
    const snapshot = join(cache, 'models--timm--resnet50.a1_in1k', 'snapshots', resnet.commit, 'model.safetensors');
    expect(pulled.out).toContain(`resnet50: timm/resnet50.a1_in1k -> ${snapshot}\n`);
    expect(pulled.err).toMatch(
      /^resnet50: 0% \(0\.0 of 0\.6 MB\)\n(resnet50: \d0% .*\n)*resnet50: 100% \(0\.6 of 0\.6 MB\)\nresnest50d: 0%/,
    );

    const listed = await cli('weights', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.out.split('\n');
    expect(lines[0]).toBe(`cache: ${cache}`);
    expect(lines[1]).toMatch(/^preset +checkpoint +state +size +path$/);
    expect(lines.find((l) => l.startsWith('resnet50 '))).toMatch(
      new RegExp(`^resnet50 +timm/resnet50\\.a1_in1k +pretrained +0\\.6 MB +${snapshot.replace(/[.]/g, '\\.')}$`),
    );
    expect(lines.find((l) => l.startsWith('seresnet50 '))).toMatch(
      /^seresnet50 +timm\/seresnet50\.a1_in1k +untrained +- +-$/,
    );

    const json = JSON.parse((await cli('weights', 'list', '--json')).out) as {
      checkpoints: { preset: string; cached: boolean }[];
    };
    expect(json.checkpoints.filter((c) => c.cached).map((c) => c.preset)).toEqual(['resnet50', 'resnest50d']);

    const again = await cli('weights', 'pull', 'resnet50');
    expect(again.out).toBe(`resnet50: already cached ${snapshot}\n`);

    expect((await cli('weights', 'rm', 'resnet50', 'seresnet50')).out).toBe(
      'resnet50: removed timm/resnet50.a1_in1k\nseresnet50: not cached\n',
    );
    expect(existsSync(snapshot)).toBe(false);
  });

  it('rejects an unknown preset with exit 2, naming the valid ones', async () => {
    const r = await cli('weights', 'pull', 'resnet50', 'resnet51');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: unknown preset 'resnet51'; valid presets: resnet18, resnet34, resnet50, .*resnest50d_4s2x40d\n$/,
    );
    expect(hub.requests).toEqual([]);
  });

  it('prints one error line for a missing checkpoint on the Hub', async () => {
    hub.repos.delete('timm/resnet50.a1_in1k');
    const r = await cli('weights', 'pull', 'resnet50');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: timm\/resnet50\.a1_in1k: repository not found on http:\/\/127\.0\.0\.1:\d+ \(HTTP 404\)\n$/,
    );
  });

  // `script` gives the CLI a pseudo-terminal, as when a person runs it.
  it.skipIf(!existsSync('/usr/bin/script'))('draws a progress bar on a terminal', async () => {
    const cmd = `'${process.execPath}' --import tsx src/cli/main.ts weights pull resnet50`;
    const child = spawn('/usr/bin/script', ['-qefc', cmd, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, HF_HUB_CACHE: cache, HF_ENDPOINT: hub.endpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/resnet50 \[\u2588{40}\] 100% \| 0\.6\/0\.6 MB/);
    expect(out).not.toMatch(/resnet50: \d+% \(/); // no plain lines on a terminal
    expect(out).toContain('resnet50: timm/resnet50.a1_in1k -> ');
  });

  it('stops cleanly on Ctrl-C, keeping a partial file the next pull resumes', async () => {
    // The server goes silent at exactly 60%: once the CLI prints its 60% line, every byte sent is on disk.
    const stallAt = Math.ceil(resnet.bytes.length * 0.6);
    hub.faults.stallAfter = stallAt;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'weights', 'pull', 'resnet50'], {
      cwd: ROOT,
      env: { ...process.env, HF_HUB_CACHE: cache, HF_ENDPOINT: hub.endpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('resnet50: 60%')) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    expect(err).toMatch(
      /\nerror: download of timm\/resnet50\.a1_in1k cancelled at 0\.4 of 0\.6 MB; pull again to resume \(splitlens weights pull resnet50\)\n$/,
    );
    const partial = join(cache, 'models--timm--resnet50.a1_in1k', 'blobs', `${resnet.sha256}.incomplete`);
    expect(statSync(partial).size).toBe(stallAt);
    expect(readFileSync(partial).equals(resnet.bytes.subarray(0, stallAt))).toBe(true);

    hub.faults = {};
    expect((await cli('weights', 'pull', 'resnet50')).code).toBe(0);
    expect(hub.requests.at(-1)!.range).toBe(`bytes=${stallAt}-`);
    expect(
      readFileSync(join(cache, 'models--timm--resnet50.a1_in1k', 'blobs', resnet.sha256)).equals(resnet.bytes),
    ).toBe(true);
  });

  it('a damaged checkpoint: listed as damaged with the refetch command, fetched again by a plain pull', async () => {
    expect((await cli('weights', 'pull', 'resnet50')).code).toBe(0);
    const blob = join(cache, 'models--timm--resnet50.a1_in1k', 'blobs', resnet.sha256);
    const flipped = Buffer.from(resnet.bytes);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0x40;
    writeFileSync(blob, flipped);

    const listed = await cli('weights', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n').find((l) => l.startsWith('resnet50 '))).toMatch(
      /^resnet50 +timm\/resnet50\.a1_in1k +damaged /,
    );
    expect(listed.err).toBe(
      'warning: resnet50: the cached checkpoint timm/resnet50.a1_in1k is damaged (its sha256 does not match its name: ' +
        'changed or corrupted on disk); fetch it again: splitlens weights pull resnet50 --force\n',
    );
    const json = JSON.parse((await cli('weights', 'list', '--json')).out) as {
      checkpoints: { preset: string; cached: boolean; state: string; problem?: string }[];
    };
    expect(json.checkpoints.find((c) => c.preset === 'resnet50')).toMatchObject({
      cached: false,
      state: 'damaged',
      problem: expect.stringMatching(/^its sha256 does not match/),
    });

    const pulled = await cli('weights', 'pull', 'resnet50');
    expect(pulled.code).toBe(0);
    expect(pulled.err).toMatch(
      /^resnet50: the cached copy is damaged \(its sha256 does not match .*\); fetching it again\n/,
    );
    expect(readFileSync(blob).equals(resnet.bytes)).toBe(true);
    expect((await cli('weights', 'list')).err).toBe('');
  });

  it('--force downloads a verified checkpoint again; without it, a verified one costs no request', async () => {
    expect((await cli('weights', 'pull', 'resnet50')).code).toBe(0);
    const before = hub.requests.length;
    expect((await cli('weights', 'pull', 'resnet50')).out).toMatch(/^resnet50: already cached /);
    expect(hub.requests.length).toBe(before);
    const forced = await cli('weights', 'pull', 'resnet50', '--force');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/^resnet50: timm\/resnet50\.a1_in1k -> /);
    expect(hub.requests.slice(before).map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('rm deletes a link planted in the cache, never the file it leads to', async () => {
    expect((await cli('weights', 'pull', 'resnet50')).code).toBe(0);
    const pointer = join(cache, 'models--timm--resnet50.a1_in1k', 'snapshots', resnet.commit, 'model.safetensors');
    const precious = join(cache, '..', `precious-${process.pid}.txt`);
    writeFileSync(precious, "the user's file");
    try {
      rmSync(pointer);
      symlinkSync(precious, pointer);
      expect((await cli('weights', 'rm', 'resnet50')).out).toBe('resnet50: removed timm/resnet50.a1_in1k\n');
      expect(readFileSync(precious, 'utf8')).toBe("the user's file");
      expect(existsSync(pointer)).toBe(false);
    } finally {
      rmSync(precious, { force: true });
    }
  });
});
