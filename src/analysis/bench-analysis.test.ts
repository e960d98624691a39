import { describe, expect, it } from 'vitest';
import { benchAnalysis } from './bench-analysis.js';
import { FIXTURES } from '../testing/fixtures.js';

describe('benchAnalysis', () => {
  it('reports node counts and timings of the largest fixture graphs', async () => {
    const rows = await benchAnalysis(
      [FIXTURES + 'graphs/timm__resnest101e.onnx', FIXTURES + 'graphs/timm__resnet50.onnx'],
      1,
    );
    expect(rows.map((r) => [r.file, r.nodes])).toEqual([
      ['timm__resnest101e.onnx', 2598],
      ['timm__resnet50.onnx', 181],
    ]);
    for (const r of rows) expect(r.analyzeMs).toBeGreaterThan(0);
  });
});
