import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { readOnnx, withExtraOutputs } from '../onnx/index.js';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { maxAbsDiff, readF32 } from '../testing/tiny-fixtures.js';
import { FIXTURES } from '../testing/fixtures.js';

interface Ref {
  input: { file: string; shape: number[]; onnx_name: string };
  logits: { file: string; shape: number[]; onnx_name: string };
  attention: Record<string, { file: string; shape: number[] }>;
}

describe('taps of the tiny timm models equal timm attention outputs when run', () => {
  const engine = new OrtEngine();
  for (const name of readdirSync(FIXTURES + 'tiny').sort()) {
    it(name, async () => {
      const dir = `${FIXTURES}tiny/${name}/`;
      const ref = JSON.parse(readFileSync(dir + 'ref.json', 'utf8')) as Ref;
      const model = await readOnnx(dir + 'model.onnx');
      const analysis = analyzeOnnx(model);
      const blocks = analysis.stages.flatMap((s) => s.blocks);
      const taps = blocks.flatMap((b) => b.taps.map((t) => ({ block: b.name, tap: t })));
      expect(taps.length).toBe(Object.keys(ref.attention).length);

      const bytes = withExtraOutputs(
        model,
        taps.map((t) => t.tap.tensor),
      );
      const session = await engine.load(bytes, { providers: ['cpu'], intraOpThreads: 1 });
      try {
        const out = await session.run({
          [ref.input.onnx_name]: { data: readF32(dir + ref.input.file), dims: ref.input.shape },
        });
        expect(maxAbsDiff(out[ref.logits.onnx_name]!.data, readF32(dir + ref.logits.file))).toBeLessThan(1e-5);
        for (const [module, att] of Object.entries(ref.attention)) {
          const blockName = module.split('.').slice(0, 2).join('.');
          const tap = taps.find((t) => t.block === blockName)!.tap;
          const got = out[tap.tensor]!;
          const perImage = tap.shape.reduce((a, b) => a * b, 1);
          expect(att.shape).toEqual([ref.input.shape[0], perImage]);
          expect(maxAbsDiff(got.data, readF32(dir + att.file))).toBeLessThan(1e-5);
        }
      } finally {
        await session.release();
      }
    });
  }
});
