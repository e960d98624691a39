/**
 * The analyzer sees a zoo-built model exactly as it sees timm's own export: for every full-size
 * timm graph in fixtures/graphs, `analyzeOnnx` of the preset built here reports the same stem,
 * stages, blocks, K, R, attention, tap shapes, params (BatchNorm folded) and MACs; for every tiny
 * fixture, the model built from its spec matches fixtures/meta/expected_analysis.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../common/model.js';
import { analyzeFile, analyzeOnnx } from '../analysis/index.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { buildGraph, buildModel } from './build-model.js';
import { resolvePreset } from './presets.js';
import { specFromTimmKwargs } from './timm-spec.js';
import { FIXTURES } from '../testing/fixtures.js';

const EXPECTED = JSON.parse(readFileSync(`${FIXTURES}meta/expected_analysis.json`, 'utf8')) as Record<
  string,
  {
    family: string;
    numClasses: number;
    input: number[];
    blocksPerStage: number[];
    stages: {
      name: string;
      blocks: {
        name: string;
        type: string;
        in: number;
        out: number;
        stride: number;
        cardinality: number;
        radix: number;
        attention: string;
        downsample: boolean;
        tapShape: number[] | null;
      }[];
    }[];
  }
>;

/** Everything but ONNX node/tensor names, which differ between exporters. */
function structure(a: Analysis) {
  return {
    family: a.family,
    numClasses: a.numClasses,
    input: a.input.shape.slice(1),
    stem: a.stem.type,
    stages: a.stages.map((s) => ({
      name: s.name,
      blocks: s.blocks.map((b) => ({
        name: b.name,
        type: b.type,
        in: b.in,
        out: b.out,
        stride: b.stride,
        cardinality: b.cardinality,
        radix: b.radix,
        attention: b.attention,
        downsample: b.downsample,
        width: b.width,
        taps: b.taps.map((t) => ({ kind: t.kind, dims: t.dims, shape: t.shape })),
      })),
    })),
  };
}

const tapNames = (a: Analysis): string[] =>
  a.stages.flatMap((s) => s.blocks.flatMap((b) => b.taps.map((t) => t.tensor)));

describe('analyze(zoo build) = analyze(timm export), full size', () => {
  const graphs = readdirSync(`${FIXTURES}graphs`)
    .filter((f) => f.startsWith('timm__'))
    .sort();
  it('covers the nine timm exports', () => expect(graphs).toHaveLength(9));
  for (const file of graphs) {
    const name = file.replace(/^timm__|\.onnx$/g, '');
    it(name, async () => {
      const timm = await analyzeFile(`${FIXTURES}graphs/${file}`);
      // The exports were traced at 224x224 whatever the pretrained input size (resnest101e: 256).
      const inputSize = Number(timm.input.shape[2]);
      const built = await buildModel({ fixedSize: true, spec: resolvePreset(name, { inputSize }), seed: 0, name });
      const ours = analyzeOnnx(await readOnnx(built.onnx));
      expect(structure(ours)).toEqual(structure(timm));
      expect(ours.params).toBe(timm.params);
      expect(ours.macs).toBe(timm.macs);
      expect(tapNames(ours)).toEqual(built.attentionOutputs);
      // The default graph (dynamic height and width) analyses the same, measured at its recorded size.
      const dynamic = analyzeOnnx(await readOnnx(buildGraph(resolvePreset(name, { inputSize }), name)));
      expect(dynamic.input.shape).toEqual(['batch', 3, 'height', 'width']);
      expect({ ...structure(dynamic), input: [] }).toEqual({ ...structure(timm), input: [] });
      expect(dynamic.macs).toBe(timm.macs);
    });
  }
});

describe('analyze(zoo build of a tiny spec) = expected_analysis.json', () => {
  const tiny = readdirSync(`${FIXTURES}tiny`).sort();
  for (const name of tiny) {
    it(name, async () => {
      const dir = `${FIXTURES}tiny/${name}/`;
      const ref = JSON.parse(readFileSync(`${dir}ref.json`, 'utf8')) as { spec: unknown; input: { shape: number[] } };
      const built = await buildModel({
        fixedSize: true,
        spec: specFromTimmKwargs(ref.spec, { inputSize: ref.input.shape[2]! }),
        weights: `${dir}model.safetensors`,
        name,
      });
      const a = analyzeOnnx(await readOnnx(built.onnx));
      const want = EXPECTED[name]!;
      expect({
        family: a.family,
        numClasses: a.numClasses,
        input: a.input.shape.slice(1),
        blocksPerStage: a.stages.map((s) => s.blocks.length),
      }).toEqual({
        family: want.family,
        numClasses: want.numClasses,
        input: want.input,
        blocksPerStage: want.blocksPerStage,
      });
      const got = a.stages.map((s) => ({
        name: s.name,
        blocks: s.blocks.map((b) => ({
          name: b.name,
          type: b.type,
          in: b.in,
          out: b.out,
          stride: b.stride,
          cardinality: b.cardinality,
          radix: b.radix,
          attention: b.attention,
          downsample: b.downsample,
          tapShape: b.taps[0]?.shape ?? null,
        })),
      }));
      const exp = want.stages.map((s) => ({
        name: s.name,
        blocks: s.blocks.map(({ tapNumel: _, ...b }: { tapNumel?: number } & (typeof s.blocks)[number]) => b),
      }));
      expect(got).toEqual(exp);
      expect(tapNames(a)).toEqual(built.attentionOutputs);
    });
  }
});
