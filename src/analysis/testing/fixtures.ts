/** Test helpers: the fixture models (fixtures/graphs, fixtures/tiny) and their expected analyses. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Analysis } from '../../common/model.js';
import { numel } from '../../onnx/tensor.js';
import { FIXTURES } from '../../testing/fixtures.js';

export interface ExpectedBlock {
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
  tapNumel: number;
}
export interface ExpectedModel {
  family: string;
  numClasses: number;
  input: number[];
  blocksPerStage: number[];
  stages: { name: string; blocks: ExpectedBlock[] }[];
}

/** Every fixture model: `graphs/*.onnx` and `tiny/<name>/model.onnx`, keyed like expected_analysis.json. */
export function fixtureModels(): { key: string; path: string }[] {
  const out: { key: string; path: string }[] = [];
  for (const f of readdirSync(FIXTURES + 'graphs').sort()) {
    if (f.endsWith('.onnx')) out.push({ key: f.replace(/\.onnx$/, ''), path: FIXTURES + 'graphs/' + f });
  }
  for (const d of readdirSync(FIXTURES + 'tiny').sort()) {
    const p = `${FIXTURES}tiny/${d}/model.onnx`;
    if (existsSync(p)) out.push({ key: d, path: p });
  }
  return out;
}

/** The comparable part of an analysis, in expected_analysis.json terms. */
export function blockSummary(a: Analysis) {
  return a.stages.flatMap((s) =>
    s.blocks.map((b) => ({
      stage: s.name,
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
      tapNumel: b.taps[0] ? numel(b.taps[0].shape) : 0,
    })),
  );
}

export function expectedSummary(want: ExpectedModel) {
  return want.stages.flatMap((s) =>
    s.blocks.map((b) => ({
      stage: s.name,
      name: b.name,
      type: b.type,
      in: b.in,
      out: b.out,
      stride: b.stride,
      cardinality: b.cardinality,
      radix: b.radix,
      attention: b.attention,
      downsample: b.downsample,
      tapShape: b.tapShape,
      tapNumel: b.tapNumel,
    })),
  );
}

export function loadExpected(): Record<string, ExpectedModel> {
  return JSON.parse(readFileSync(FIXTURES + 'meta/expected_analysis.json', 'utf8')) as Record<string, ExpectedModel>;
}
