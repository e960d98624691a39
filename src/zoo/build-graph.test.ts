import { describe, expect, it } from 'vitest';
import { readOnnx } from '../onnx/index.js';
import { analyzeOnnx } from '../analysis/index.js';
import { buildGraph, buildModel } from './build-model.js';
import { resolvePreset } from './presets.js';

describe('buildGraph (weights stripped, shapes kept)', () => {
  it.each(['resnet50', 'seresnext50_32x4d', 'skresnet18', 'resnest50d_4s2x40d'])(
    '%s analyses exactly like the full build',
    async (preset) => {
      const spec = resolvePreset(preset, { inputSize: 64 });
      const graphOnly = buildGraph(spec, preset);
      const full = await buildModel({ spec, name: preset, seed: 0 });
      expect(graphOnly.length).toBeLessThan(full.onnx.length / 20);
      const a = analyzeOnnx(await readOnnx(graphOnly));
      const b = analyzeOnnx(await readOnnx(full.onnx));
      expect(a).toEqual(b);
    },
  );
});
