/**
 * The inference worker's preprocessing thread: the inputs it makes equal the worker's own, bit for
 * bit; it runs at the lowest priority (Linux); a new photo's other configs are made there; and
 * when it cannot run, the worker makes every input itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { PrepThread } from './prep-thread.js';
import { InferenceService } from './inference-service.js';
import { PhotoInputs } from '../engine/photo-inputs.js';
import { planModel } from '../engine/model-plan.js';
import { photoHash } from '../engine/model-runner.js';
import { decodeRgb } from '../image/decode-image.js';
import { modelInput } from '../image/model-input.js';
import { IMAGENET_DEFAULT, type PreprocessConfig } from '../image/preprocess.js';
import { tinyFixtures } from '../../testing/tiny-fixtures.js';
import { FIXTURES } from '../../testing/fixtures.js';

const photo = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}images/${name}`));
const CONFIGS: PreprocessConfig[] = [
  { ...IMAGENET_DEFAULT, size: [288, 288], cropPct: 1 },
  IMAGENET_DEFAULT,
  { ...IMAGENET_DEFAULT, interpolation: 'bilinear' },
];

/** Bit for bit (vitest's deep equality walks a quarter-million floats slowly). */
const sameFloats = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Nice values of this process's threads (Linux), from /proc/self/task/<tid>/stat field 19. */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('the preprocessing thread', () => {
  const thread = new PrepThread();
  afterAll(() => thread.dispose());

  it('makes the same inputs as the worker makes itself, bit for bit', async () => {
    const img = await decodeRgb(photo('chelsea.png'));
    for (const cfg of CONFIGS) {
      const got = await thread.make(img, cfg);
      const own = modelInput(img, cfg);
      expect([got.h, got.w, got.window]).toEqual([own.h, own.w, own.window]);
      expect(sameFloats(got.data, own.data)).toBe(true);
    }
  });

  it.runIf(process.platform === 'linux')('runs at the lowest priority, the only thread here that does', async () => {
    // The thread lowered itself before its first answer (the test above, or this one).
    await thread.make(await decodeRgb(photo('horse.png')), IMAGENET_DEFAULT);
    expect(threadNices().filter((n) => n === 19)).toHaveLength(1);
  });

  it('fails each call with the reason when it cannot start, and the worker then makes the input itself', async () => {
    const missing = new PrepThread({ file: '/nonexistent/prep-thread.mjs', execArgv: [] });
    const img = await decodeRgb(photo('coffee.png'));
    await expect(missing.make(img, IMAGENET_DEFAULT)).rejects.toThrow(/preprocessing thread's code is missing/);
    const bytes = photo('coffee.png');
    const inputs = new PhotoInputs({ photoBytes: 1e8, inputBytes: 1e8 }, missing);
    const key = photoHash(bytes);
    await inputs.prepare(bytes, key, CONFIGS);
    for (const cfg of CONFIGS)
      expect(sameFloats((await inputs.input(bytes, key, cfg)).data, modelInput(img, cfg).data)).toBe(true);
    expect(inputs.usage().inputsMadeAside).toBe(0);
  });
});

describe('a new photo in the inference worker', () => {
  const service = new InferenceService();
  afterAll(() => service.dispose());

  it("has its other configs' inputs made on the preprocessing thread, and runs as without it", async () => {
    const tiny = tinyFixtures().find((t) => t.name === 'tiny_resnest')!;
    const plan = await planModel(tiny.model, { name: 'resnest', weights: 'untrained' });
    const small = { ...IMAGENET_DEFAULT, size: [64, 64] as [number, number] };
    // One model under three preprocessing configs (two of them the same): two inputs made aside.
    const cfgs = [small, { ...small, interpolation: 'bilinear' as const }, small, { ...small, cropPct: 1 }];
    const ids = cfgs.map((_, i) => `m${i}`);
    const loadAll = async () => {
      for (const [i, id] of ids.entries()) await service.load(id, plan.source, { ...plan.meta, preprocess: cfgs[i]! });
    };
    await loadAll();
    const bytes = photo('chelsea.png');
    // The reference: each model on the photo, no prefetch (nothing made aside).
    const plain = [];
    for (const id of ids) plain.push(await service.predict(id, bytes.slice(), { logits: true }));
    expect((await service.cacheStats()).inputsMadeAside).toBe(0);
    await service.dispose(); // a fresh worker: no photos, inputs or results
    await loadAll();
    const s0 = await service.cacheStats();
    service.prefetch({ photoId: photoHash(bytes), bytes });
    const got = [];
    for (const id of ids) got.push(await service.predict(id, { photoId: photoHash(bytes), bytes }, { logits: true }));
    const s1 = await service.cacheStats();
    expect((s1.inputsMadeAside ?? 0) - (s0.inputsMadeAside ?? 0)).toBe(2);
    expect(got.map((p) => p.logits)).toEqual(plain.map((p) => p.logits));
    expect(s1.inferences - s0.inferences).toBe(ids.length);
  });
});
