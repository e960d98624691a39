/**
 * Test support: turns `../shared/fixtures/meta/expected_analysis.json` (timm module trees, the
 * numbers `splitlens analyze` must recover) into Analysis objects, and builds attention tensors
 * of the right shapes for heatmap tests.
 */
import { readFileSync } from 'node:fs';
import type { AttentionBlock } from '../api/contract.js';
import type { Analysis, AttentionKind, Block, BlockType, Family, Tap, TapDim } from '../core/model.js';

export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);

interface ExpectedBlock {
  name: string; type: BlockType; in: number; out: number; stride: number; cardinality: number;
  radix: number; attention: AttentionKind; downsample: boolean; tapShape: number[] | null;
}
interface ExpectedModel {
  family: Family; numClasses: number; input: number[];
  stages: { name: string; blocks: ExpectedBlock[] }[];
}

export function expectedAnalyses(): Record<string, ExpectedModel> {
  return JSON.parse(readFileSync(new URL('meta/expected_analysis.json', FIXTURES), 'utf8')) as Record<string, ExpectedModel>;
}

function tapDims(b: ExpectedBlock): TapDim[] {
  if (b.attention === 'splat' && b.radix > 1) return ['radix', 'cardinal', 'channel'];
  if (b.attention === 'sk') return ['path', 'channel'];
  return ['channel'];
}

export function fixtureAnalysis(key: string): Analysis {
  const m = expectedAnalyses()[key];
  if (!m) throw new Error(`no fixture analysis ${key}`);
  const stages = m.stages.map((s) => ({
    name: s.name,
    blocks: s.blocks.map((b): Block => {
      const taps: Tap[] = b.attention !== 'none' && b.tapShape
        ? [{ tensor: `attn:${b.name}`, kind: b.attention, dims: tapDims(b), shape: b.tapShape }]
        : [];
      return {
        name: b.name, type: b.type, in: b.in, out: b.out, stride: b.stride, cardinality: b.cardinality,
        radix: b.radix, attention: b.attention, downsample: b.downsample, nodes: [], taps,
      };
    }),
  }));
  return {
    family: m.family, opset: 17, producer: 'pytorch',
    input: { name: 'input', shape: ['batch', ...m.input] }, numClasses: m.numClasses,
    stem: { nodes: [], type: 'unknown' }, head: { nodes: [] }, stages, params: 0, macs: 0,
  };
}

/** Deterministic attention values for every tapped block (softmax over rows where it is one). */
export function fakeAttention(analysis: Analysis, model: string): { model: string; blocks: AttentionBlock[] } {
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const blocks = analysis.stages.flatMap((s) => s.blocks).flatMap((b) => b.taps.map((t): AttentionBlock => {
    const numel = t.shape.reduce((a, c) => a * c, 1);
    const rows = t.dims[0] === 'radix' || t.dims[0] === 'path' ? t.shape[0]! : 1;
    const per = numel / rows;
    const raw = Array.from({ length: numel }, rand);
    const values = rows > 1
      ? raw.map((v, i) => {
          const c = i % per;
          let sum = 0;
          for (let r = 0; r < rows; r++) sum += raw[r * per + c]!;
          return v / sum;
        })
      : raw;
    return { name: b.name, kind: t.kind, dims: t.dims, shape: t.shape, values: [values] };
  }));
  return { model, blocks };
}
