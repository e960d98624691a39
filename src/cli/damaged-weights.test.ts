// Issue #15 item 4 end to end: a cached timm checkpoint that fits resnet18 runs as *pretrained*
// while sound; once 1,000 of its bytes are flipped, or a weight is NaN (under a consistent name, so
// only the value check can tell), `predict` warns in one line with the refetch command and runs
// the model untrained — never garbage labelled pretrained, never `NaN%`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PredictResponse } from '../api/contract.js';
import { FIXTURES } from '../testing/fixtures.js';
import { writePresetCheckpoint } from '../zoo/index.js';
import { openHubSandbox, type HubSandbox } from '../weights/testing/hub-sandbox.js';
import { runCaptured } from './testing/run-captured.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const PHOTO = `${FIXTURES}images/chelsea.png`;
let sandbox: HubSandbox;
let good: Buffer;
let repo: string;

/** The cache as huggingface_hub leaves it, holding `bytes` as resnet18's checkpoint. */
function cache(bytes: Buffer): void {
  rmSync(repo, { recursive: true, force: true });
  const blob = join(repo, 'blobs', sha256(bytes));
  const pointer = join(repo, 'snapshots', COMMIT, 'model.safetensors');
  mkdirSync(join(repo, 'blobs'), { recursive: true });
  mkdirSync(join(repo, 'snapshots', COMMIT), { recursive: true });
  mkdirSync(join(repo, 'refs'), { recursive: true });
  writeFileSync(blob, bytes);
  symlinkSync(relative(join(repo, 'snapshots', COMMIT), blob), pointer);
  writeFileSync(join(repo, 'refs', 'main'), COMMIT);
}

async function predict(): Promise<{ weights: string; probs: number[]; err: string; code: number }> {
  const r = await runCaptured(['predict', PHOTO, '--models', 'resnet18', '--json', '--top', '3', '--ep', 'cpu']);
  const res = r.code === 0 ? (JSON.parse(r.out) as PredictResponse) : undefined;
  const m = res?.results[0];
  return { weights: m?.weights ?? '', probs: m?.top.map((t) => t.prob) ?? [], err: r.err, code: r.code };
}

beforeAll(async () => {
  sandbox = await openHubSandbox(['HF_HUB_OFFLINE']);
  repo = join(sandbox.cache, 'models--timm--resnet18.a1_in1k');
  const file = join(sandbox.cache, 'resnet18.safetensors');
  writePresetCheckpoint('resnet18', file, 7);
  good = readFileSync(file);
  rmSync(file);
});

afterAll(() => sandbox.close());

describe('a damaged cached checkpoint through `splitlens predict`', () => {
  it('sound: runs pretrained, no warning', async () => {
    cache(good);
    const r = await predict();
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.weights).toBe('pretrained');
    expect(r.probs.every(Number.isFinite)).toBe(true);
  });

  it('1,000 flipped bytes: one warning with the refetch command, runs untrained', async () => {
    const bytes = Buffer.from(good);
    const len = Number(bytes.readBigUInt64LE(0));
    for (let i = 0; i < 1000; i++) {
      const at = 8 + len + Math.floor((((i * 2654435761) % 1e9) / 1e9) * (bytes.length - 8 - len));
      bytes[at] = bytes[at]! ^ 0xff;
    }
    cache(good);
    writeFileSync(join(repo, 'blobs', sha256(good)), bytes); // same name, other bytes
    const r = await predict();
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'warning: resnet18: the cached checkpoint timm/resnet18.a1_in1k is damaged (its sha256 does not match its name: ' +
        'changed or corrupted on disk); running it with untrained weights; fetch it again: splitlens weights pull resnet18 --force\n',
    );
    expect(r.weights).toBe('untrained');
  });

  it('a NaN weight under a consistent name: one warning, runs untrained, no NaN%', async () => {
    const bytes = Buffer.from(good);
    const len = Number(bytes.readBigUInt64LE(0));
    bytes.writeFloatLE(NaN, 8 + len + 64);
    cache(bytes);
    const r = await predict();
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /^warning: resnet18: the cached checkpoint timm\/resnet18\.a1_in1k is damaged \(tensor '[\w.]+' holds NaN at index \d+\); running it with untrained weights; fetch it again: splitlens weights pull resnet18 --force\n$/,
    );
    expect(r.weights).toBe('untrained');
    expect(r.probs.every(Number.isFinite)).toBe(true);
  });
});
