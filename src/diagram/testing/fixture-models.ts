/**
 * Test support: real analyses of the reference ONNX exports in `fixtures/` (read with
 * src/onnx, analysed with src/analysis, ops from `blockOps`), the reference attention tensors
 * timm computed for the tiny models, and seeded attention of the right shapes for full-size ones.
 */
import { readFileSync } from 'node:fs';
import type { AttentionBlock, AttentionResponse } from '../../common/api-types.js';
import type { Analysis, OpNode } from '../../common/model.js';
import { analyzeOnnx, blockOps } from '../../analysis/index.js';
import { readOnnx } from '../../onnx/index.js';
import { heatmapShape } from '../../common/heatmap-geometry.js';
import { FIXTURES } from '../../testing/fixtures.js';

export interface FixtureModel {
  analysis: Analysis;
  opsOf: (block: string) => OpNode[];
}

/** `timm__resnest50d` → graphs/timm__resnest50d.onnx; `tiny_resnest` → tiny/tiny_resnest/model.onnx. */
export async function fixtureModel(key: string): Promise<FixtureModel> {
  const file = key.startsWith('tiny_') ? `tiny/${key}/model.onnx` : `graphs/${key}.onnx`;
  const model = await readOnnx(FIXTURES + file);
  const analysis = analyzeOnnx(model);
  return { analysis, opsOf: (block) => blockOps(model, analysis, block) };
}

interface RefJson {
  attention: Record<string, { file: string; shape: number[] }>;
}

/** timm's own attention outputs of a tiny fixture model (first image), on the analysis' taps. */
export function referenceAttention(key: string, analysis: Analysis): AttentionResponse {
  const dir = `${FIXTURES}tiny/${key}/`;
  const ref = JSON.parse(readFileSync(dir + 'ref.json', 'utf8')) as RefJson;
  const blocks = analysis.stages
    .flatMap((s) => s.blocks)
    .flatMap((b): AttentionBlock[] => {
      const tap = b.taps[0];
      const entry = Object.entries(ref.attention).find(([module]) => module.startsWith(`${b.name}.`));
      if (!tap || !entry) return [];
      const buf = readFileSync(dir + entry[1].file);
      const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      const perImage = entry[1].shape[1]!;
      return [
        {
          name: b.name,
          kind: tap.kind,
          dims: tap.dims,
          shape: tap.shape,
          values: all.slice(0, perImage),
        },
      ];
    });
  return { model: key, blocks };
}

/** Deterministic attention values for every tap (normalised over rows where there are rows). */
export function seededAttention(analysis: Analysis, model: string): AttentionResponse {
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const blocks = analysis.stages
    .flatMap((s) => s.blocks)
    .flatMap((b) =>
      b.taps.map((t): AttentionBlock => {
        const numel = t.shape.reduce((a, c) => a * c, 1);
        const { rows } = heatmapShape(t);
        const per = numel / rows;
        const raw = Array.from({ length: numel }, rand);
        const values =
          rows > 1
            ? raw.map(
                (v, i) =>
                  v / Array.from({ length: rows }, (_, r) => raw[r * per + (i % per)]!).reduce((a, c) => a + c, 0),
              )
            : raw;
        return { name: b.name, kind: t.kind, dims: t.dims, shape: t.shape, values: Float32Array.from(values) };
      }),
    );
  return { model, blocks };
}
