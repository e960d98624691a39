/** Test helpers: where the shared reference fixtures live (../shared/fixtures next to the checkout). */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export interface ExpectedBlock {
  name: string; type: string; in: number; out: number; stride: number; cardinality: number; radix: number;
  attention: string; downsample: boolean; tapShape: number[] | null; tapNumel: number;
}
export interface ExpectedModel {
  family: string; numClasses: number; input: number[]; blocksPerStage: number[];
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
