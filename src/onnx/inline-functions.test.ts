import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnx } from './read-onnx.js';
import { withExtraOutputs } from './extra-outputs.js';
import { wrapInFunctions } from './testing/test-models.js';
import { analyzeOnnx } from '../analysis/analyze.js';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { readF32 } from '../testing/tiny-fixtures.js';
import { FIXTURES } from '../testing/fixtures.js';

const TINY = `${FIXTURES}tiny/`;

describe('models built from local functions are inlined, analysed and run like the flat export', () => {
  const engine = new OrtEngine();
  for (const name of readdirSync(TINY).filter((n) => /resnest$|skresnext|seresnet$/.test(n))) {
    it(name, async () => {
      const dir = TINY + name + '/';
      const flat = analyzeOnnx(await readOnnx(dir + 'model.onnx'));
      const model = await readOnnx(wrapInFunctions(readFileSync(dir + 'model.onnx')));
      expect(model.proto.graph!.node!.some((n) => n.domain === 'pkg.splitlens.test')).toBe(true);
      expect(model.nodes.some((n) => n.domain === 'pkg.splitlens.test')).toBe(false);
      const a = analyzeOnnx(model);
      const strip = (x: typeof a) =>
        x.stages.map((s) => s.blocks.map((b) => ({ ...b, nodes: [], taps: b.taps.map((t) => t.shape) })));
      expect(strip(a)).toEqual(strip(flat));
      expect(a.family).toBe(flat.family);

      const ref = JSON.parse(readFileSync(dir + 'ref.json', 'utf8')) as {
        input: { shape: number[] };
        attention: Record<string, { file: string }>;
      };
      const taps = a.stages.flatMap((s) => s.blocks.map((b) => ({ block: b.name, tensor: b.taps[0]!.tensor })));
      // The gate outputs exist only inside the functions: after inlining they are `<call>/b`.
      expect(taps.every((t) => t.tensor.endsWith('/b'))).toBe(true);
      const session = await engine.load(
        withExtraOutputs(
          model,
          taps.map((t) => t.tensor),
        ),
        { providers: ['cpu'], intraOpThreads: 1 },
      );
      try {
        const out = await session.run({ input: { data: readF32(dir + 'input.f32'), dims: ref.input.shape } });
        const want = readF32(dir + 'logits.f32');
        out.logits!.data.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
        for (const [module, att] of Object.entries(ref.attention)) {
          const tap = taps.find((t) => t.block === module.split('.').slice(0, 2).join('.'))!;
          const expected = readF32(dir + att.file);
          out[tap.tensor]!.data.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
        }
      } finally {
        await session.release();
      }
    });
  }
});
