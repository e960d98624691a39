import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { blockOps } from './block-ops.js';
import { decodeModel } from '../onnx/read-onnx.js';
import { onnx } from '../onnx/proto.js';
import { FAMILIES } from '../common/model.js';
import { UserError } from '../common/errors.js';
import { FIXTURES } from '../testing/fixtures.js';

/** Deterministic pseudo-random numbers (Park–Miller). */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('damaged graphs never crash the analysis', () => {
  for (const name of readdirSync(FIXTURES + 'tiny').sort()) {
    it(`${name}: nodes dropped, inputs rewired, attributes removed`, () => {
      const bytes = readFileSync(`${FIXTURES}tiny/${name}/model.onnx`);
      const rand = rng(name.length * 7919);
      let analysed = 0;
      for (let trial = 0; trial < 12; trial++) {
        const m = onnx.ModelProto.decode(bytes);
        const nodes = m.graph!.node!;
        for (let k = 0; k < 3; k++) {
          const i = Math.floor(rand() * nodes.length);
          const n = nodes[i]!;
          const what = trial % 3;
          if (what === 0) nodes.splice(i, 1);
          else if (what === 1 && n.input?.length) n.input[0] = nodes[Math.floor(rand() * nodes.length)]!.output![0]!;
          else n.attribute = [];
        }
        let model;
        try {
          model = decodeModel(onnx.ModelProto.encode(m).finish(), name);
        } catch (e) {
          // Dangling inputs / forward references are refused by the reader's validation (src/onnx/validate.ts).
          expect(e).toBeInstanceOf(UserError);
          continue;
        }
        analysed++;
        const a = analyzeOnnx(model);
        expect(FAMILIES).toContain(a.family);
        for (const b of a.stages.flatMap((s) => s.blocks)) blockOps(model, a, b.name);
      }
      expect(analysed).toBeGreaterThan(0);
    });
  }
});
