/**
 * Every checkpoint fixture (fixtures/checkpoints: timm, torchvision and official-ResNeSt layouts, zip
 * and legacy formats, a depthwise-grouped ResNeXt, a non-square fp16 model): the spec inferred from
 * the state dict alone builds a model whose logits match PyTorch's (1e-4) and whose attention matches
 * (1e-5), run with onnxruntime-node at the reference input's size through the dynamic-size graph.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { buildModel, specFromTimmKwargs } from '../zoo/index.js';
import { maxAbsDiff, readF32 } from '../testing/tiny-fixtures.js';
import { FIXTURES } from '../testing/fixtures.js';
import { readStateDict } from './state-dict.js';
import { inferSpec } from './infer-spec.js';

const DIR = `${FIXTURES}checkpoints/`;

interface Ref {
  layout: string;
  checkpoint: Record<string, string>;
  input: { file: string; shape: number[] };
  logits: { file: string; shape: number[] };
  attention: Record<string, { file: string; shape: number[] }>;
  spec: unknown;
}

const NAMES = readdirSync(DIR)
  .filter((d) => !d.startsWith('.') && !d.endsWith('.md'))
  .sort();
const report: string[] = [];

describe('checkpoint fixtures: inferred spec + weights reproduce PyTorch', () => {
  it('has the six fixtures', () => expect(NAMES).toHaveLength(6));
  for (const name of NAMES) {
    const ref = JSON.parse(readFileSync(`${DIR}${name}/ref.json`, 'utf8')) as Ref;
    for (const [format, file] of Object.entries(ref.checkpoint)) {
      it(`${name} (${format})`, async () => {
        const dir = `${DIR}${name}/`;
        const [, , h, w] = ref.input.shape as [number, number, number, number];
        const sd = readStateDict(`${dir}${file}`);
        const inferred = inferSpec(sd, { inputSize: h === w ? h : [h, w] });
        // The inference recovers exactly the spec the fixture was made from (a plain stem ignores stem_width).
        const want = specFromTimmKwargs(ref.spec, { inputSize: h === w ? h : [h, w] });
        expect({ ...inferred.spec, stemWidth: want.stemType ? inferred.spec.stemWidth : 0 }).toEqual({
          ...want,
          stemWidth: want.stemType ? want.stemWidth : 0,
        });
        const model = await buildModel({ spec: inferred.spec, stateDict: inferred.store, name });
        expect(model.weights).toBe('pretrained');
        const session = await new OrtEngine().load(model.onnx, { providers: ['cpu'], intraOpThreads: 1 });
        try {
          const out = await session.run({ input: { data: readF32(`${dir}${ref.input.file}`), dims: ref.input.shape } });
          expect(out.logits!.dims).toEqual(ref.logits.shape);
          const dl = maxAbsDiff(out.logits!.data, readF32(`${dir}${ref.logits.file}`));
          expect(dl).toBeLessThan(1e-4);
          let da = 0;
          for (const [module, a] of Object.entries(ref.attention)) {
            const got = out[`attn:${module}`]!;
            expect(got, module).toBeDefined();
            const d = maxAbsDiff(got.data, readF32(`${dir}${a.file}`));
            expect(d, module).toBeLessThan(1e-5);
            da = Math.max(da, d);
          }
          report.push(
            `${name} (${format}): max |Δlogits| ${dl.toExponential(2)}` +
              (Object.keys(ref.attention).length ? `, max |Δattention| ${da.toExponential(2)}` : ''),
          );
        } finally {
          await session.release();
        }
      });
    }
  }
  it('prints the parity figures', () => {
    console.log(report.join('\n'));
    expect(report.length).toBeGreaterThan(0);
  });
});
