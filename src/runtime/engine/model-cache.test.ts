/**
 * The disk cache of built models: a second start builds nothing and runs the same model; a changed
 * spec or checkpoint builds again; a damaged entry (or ORT's optimised file) is built again, never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specFromTimmKwargs, type ResNetSpec } from '../../zoo/index.js';
import { FIXTURES } from '../../testing/fixtures.js';
import { readF32 } from '../../testing/tiny-fixtures.js';
import { ModelRunner, type ModelTarget } from './model-runner.js';
import { OrtEngine } from './ort-engine.js';
import { zooPlan } from './model-sources.js';
import { optimizedModelName } from './ort-engine.js';

const TINY = `${FIXTURES}tiny/tiny_resnest/`;
const spec: ResNetSpec = specFromTimmKwargs(
  (JSON.parse(readFileSync(`${TINY}ref.json`, 'utf8')) as { spec: unknown }).spec,
  { inputSize: 64 },
);

describe('model cache', () => {
  let root: string;
  let weights: string;
  const saved = process.env.SPLITLENS_CACHE_DIR;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'splitlens-model-cache-'));
    weights = join(root, 'tiny_resnest.safetensors');
    copyFileSync(`${TINY}model.safetensors`, weights);
    process.env.SPLITLENS_CACHE_DIR = join(root, 'cache'); // what the runner's default cache folder reads
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SPLITLENS_CACHE_DIR;
    else process.env.SPLITLENS_CACHE_DIR = saved;
    rmSync(root, { recursive: true, force: true });
  });
  const cacheDir = () => join(root, 'cache', 'models');
  const entries = () => readdirSync(cacheDir()).filter((f) => !f.startsWith('.'));
  const target = (): ModelTarget => ({ build: { spec, name: 'tiny_resnest', weights } });

  /** One start: a fresh runner opens the model and runs the fixture's reference input. */
  async function start(): Promise<{ cache: string | undefined; logits: number[] }> {
    const runner = new ModelRunner(new OrtEngine());
    try {
      const opened = await runner.open('m', target(), { providers: ['cpu'], intraOpThreads: 1 });
      const input = { tensor: readF32(`${TINY}input.f32`), dims: [2, 3, 64, 64] };
      const [p] = await runner.photoResults('m', [input], { top: 1, logits: true });
      return { cache: opened.info.cache, logits: Array.from(p!.logits!) };
    } finally {
      await runner.dispose();
    }
  }

  it('a second start reads the built model from disk: nothing is built, same logits as timm', async () => {
    const first = await start();
    expect(first.cache).toBe('built');
    expect(entries()).toHaveLength(1);
    const [entry] = entries();
    const files = readdirSync(join(cacheDir(), entry!)).sort();
    // The planned model, its CAM weights, its meta, and ORT's optimised model for this processor
    // with its weights beside it (memory-mapped at load).
    expect(files).toEqual(
      ['cam.f32', 'entry.json', 'model.onnx', optimizedModelName(), `${optimizedModelName()}.data`].sort(),
    );
    const built = statSync(join(cacheDir(), entry!, 'model.onnx')).mtimeMs;

    const second = await start();
    expect(second.cache).toBe('hit');
    expect(statSync(join(cacheDir(), entry!, 'model.onnx')).mtimeMs).toBe(built);
    expect(entries()).toHaveLength(1);
    expect(second.logits).toEqual(first.logits);
    const ref = readF32(`${TINY}logits.f32`);
    second.logits.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 4));
  });

  it('a changed spec or a changed checkpoint is built again', async () => {
    expect((await zooPlan({ spec, name: 'tiny_resnest', weights }, { cacheDir: cacheDir() })).cache).toBe('hit');
    // Another name is another graph (its name and metadata are in the ONNX).
    expect((await zooPlan({ spec, name: 'renamed', weights }, { cacheDir: cacheDir() })).cache).toBe('built');
    // Another spec: the input size is recorded in the graph.
    const bigger = { ...spec, inputSize: 96 } as ResNetSpec;
    expect((await zooPlan({ spec: bigger, name: 'tiny_resnest', weights }, { cacheDir: cacheDir() })).cache).toBe(
      'built',
    );
    // The same checkpoint file written again (fetched again, edited): a new identity.
    const later = new Date(Date.now() + 60_000);
    utimesSync(weights, later, later);
    expect((await zooPlan({ spec, name: 'tiny_resnest', weights }, { cacheDir: cacheDir() })).cache).toBe('built');
    expect((await zooPlan({ spec, name: 'tiny_resnest', weights }, { cacheDir: cacheDir() })).cache).toBe('hit');
    // Untrained builds are keyed by their seed.
    expect((await zooPlan({ spec, name: 'tiny_resnest', seed: 1 }, { cacheDir: cacheDir() })).cache).toBe('built');
    expect((await zooPlan({ spec, name: 'tiny_resnest', seed: 2 }, { cacheDir: cacheDir() })).cache).toBe('built');
    expect((await zooPlan({ spec, name: 'tiny_resnest', seed: 1 }, { cacheDir: cacheDir() })).cache).toBe('hit');
  });

  it('a damaged entry is built again, never a crash', async () => {
    await start(); // the current checkpoint's entry exists (built in the previous test)
    const { source } = (await zooPlan({ spec, name: 'tiny_resnest', weights }, { cacheDir: cacheDir() })).plan;
    if (!('path' in source)) throw new Error('expected a cached model file');
    const dir = source.path.replace(/model\.onnx$/, '');
    const model = join(dir, 'model.onnx');
    const good = (await start()).logits;

    // A truncated model: the sizes in entry.json do not match.
    truncateSync(model, 1000);
    expect(await start()).toEqual({ cache: 'built', logits: good });

    // Garbage of the right size (and no optimised model to load instead): entry.json reads, ORT
    // refuses the file, the runner builds it again.
    writeFileSync(model, Buffer.alloc(statSync(model).size, 7));
    rmSync(join(dir, optimizedModelName()));
    expect(await start()).toEqual({ cache: 'built', logits: good });
    expect(await start()).toEqual({ cache: 'hit', logits: good });

    // An unreadable entry.json.
    writeFileSync(join(dir, 'entry.json'), '{"format": 1, "key": ');
    expect(await start()).toEqual({ cache: 'built', logits: good });

    // ORT's optimised model damaged: removed and made again from the model.
    const opt = join(dir, optimizedModelName());
    writeFileSync(opt, 'not an onnx model');
    expect(await start()).toEqual({ cache: 'hit', logits: good });
    expect(statSync(opt).size).toBeGreaterThan(1000);
    // Its weights file truncated, then gone: the same.
    const optWeights = `${opt}.data`;
    const weightBytes = statSync(optWeights).size;
    truncateSync(optWeights, 100);
    expect(await start()).toEqual({ cache: 'hit', logits: good });
    expect(statSync(optWeights).size).toBe(weightBytes);
    rmSync(optWeights);
    expect(await start()).toEqual({ cache: 'hit', logits: good });
    expect(statSync(optWeights).size).toBe(weightBytes);
    // The older one-file layout (every weight inside, slow to load): made again in this one.
    copyFileSync(model, opt);
    rmSync(optWeights);
    expect(await start()).toEqual({ cache: 'hit', logits: good });
    expect(statSync(optWeights).size).toBe(weightBytes);
    expect(statSync(opt).size).toBeLessThan(statSync(model).size / 2);
    // Nothing half-written is left beside them.
    expect(readdirSync(dir).filter((f) => f.startsWith('.ort-'))).toEqual([]);

    // A cache folder that cannot be made (a file in the way): the model is built and runs from memory.
    const blocked = await zooPlan({ spec, name: 'tiny_resnest', weights }, { cacheDir: join(weights, 'models') });
    expect(blocked.cache).toBe('built');
    expect('bytes' in blocked.plan.source).toBe(true);
  });
});
