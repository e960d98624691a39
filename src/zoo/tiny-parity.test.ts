/**
 * Parity with timm on every tiny fixture: the model built from ref.json `spec` + model.safetensors,
 * run with onnxruntime-node, must reproduce PyTorch's logits (1e-4) and every hooked attention
 * module output (1e-5, max abs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { buildModel } from './build-model.js';
import { specFromTimmKwargs } from './timm-spec.js';
import { maxAbsDiff, readF32 } from '../testing/tiny-fixtures.js';
import { FIXTURES } from '../testing/fixtures.js';

const TINY = `${FIXTURES}tiny/`;

interface Ref {
  spec: unknown;
  params: number;
  input: { shape: number[] };
  logits: { shape: number[] };
  attention: Record<string, { file: string; shape: number[]; raw_shape: number[] }>;
}

async function checkParity(name: string, foldBn: boolean): Promise<void> {
  const dir = `${TINY}${name}/`;
  const ref = JSON.parse(readFileSync(`${dir}ref.json`, 'utf8')) as Ref;
  const spec = specFromTimmKwargs(ref.spec, { inputSize: ref.input.shape[2]! });
  const model = await buildModel({ spec, weights: `${dir}model.safetensors`, name, foldBn });
  expect(model.weights).toBe('pretrained');
  expect(model.params).toBe(ref.params);
  expect(model.attentionOutputs).toEqual(Object.keys(ref.attention).map((m) => `attn:${m}`));

  const session = await new OrtEngine().load(model.onnx, { providers: ['cpu'], intraOpThreads: 1 });
  try {
    const out = await session.run({ input: { data: readF32(`${dir}input.f32`), dims: ref.input.shape } });
    expect(out.logits!.dims).toEqual(ref.logits.shape);
    expect(maxAbsDiff(out.logits!.data, readF32(`${dir}logits.f32`))).toBeLessThan(1e-4);
    for (const [module, a] of Object.entries(ref.attention)) {
      const got = out[`attn:${module}`]!;
      expect(got.dims, module).toEqual(a.raw_shape);
      expect(maxAbsDiff(got.data, readF32(`${dir}${a.file}`)), module).toBeLessThan(1e-5);
    }
  } finally {
    await session.release();
  }
}

const NAMES = readdirSync(TINY)
  .filter((d) => !d.startsWith('.'))
  .sort();

describe('tiny fixtures: parity with timm (BatchNorm folded)', () => {
  it('has all eleven fixtures', () => expect(NAMES).toHaveLength(11));
  for (const name of NAMES) it(name, () => checkParity(name, true));
});

describe('tiny fixtures: parity with BatchNorm emitted as nodes', () => {
  for (const name of ['tiny_resnest_r4c2', 'tiny_skresnet_basic', 'tiny_seresnext'])
    it(name, () => checkParity(name, false));
});
