import { describe, expect, it } from 'vitest';
import { EXPECTED_ANALYSIS as expected } from '../testing/expected-analysis.js';
import { attentionRange, channelBins, heatmapLayout, heatmapShape } from './heatmap-geometry.js';

// Real tap shapes from the reference fixtures (computed from timm's modules); values are their
// own flat index, so each cell's start and mean show exactly which elements it covers.
interface ExpectedBlock {
  name: string;
  cardinality: number;
  radix: number;
  attention: string;
  tapShape: number[];
}
const models = expected as unknown as Record<string, { stages: { blocks: ExpectedBlock[] }[] }>;
const block = (model: string, name: string) =>
  models[model]!.stages.flatMap((s) => s.blocks).find((b) => b.name === name)!;
const indexValues = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('heatmapLayout', () => {
  it('draws ResNeSt split attention as R × K strips in timm rSoftmax order', () => {
    const b = block('tiny_resnest_r4c2', 'layer1.0');
    expect(b.tapShape).toEqual([4, 2, 8]);
    const values = indexValues(64);
    const layout = heatmapLayout({ dims: ['radix', 'cardinal', 'channel'], shape: b.tapShape }, values, b.cardinality);
    expect(layout.rowAxis).toBe('radix');
    expect(layout.rows.map((r) => r.cells.length)).toEqual([4, 4, 4, 4].map(() => 2));
    // element r*C + k*C/K + j is split r, channel k*C/K + j (C = 16)
    expect(layout.rows[3]!.cells[1]!.start).toBe(3 * 16 + 8);
    expect(layout.rows[3]!.cells[1]!.mean).toBe(56 + 3.5);
    expect(layout.rows[1]!.mean).toBe(16 + 7.5);
  });

  it('draws a full-size ResNeSt block R × K', () => {
    const b = block('timm__resnest50d', 'layer3.1');
    const layout = heatmapLayout({ dims: ['radix', 'cardinal', 'channel'], shape: b.tapShape }, indexValues(512));
    expect(layout.rows).toHaveLength(2);
    expect(layout.channelsPerGroup).toBe(256);
  });

  it('draws SK as paths × channels cut into K groups', () => {
    const b = block('tiny_skresnext', 'layer2.0');
    const layout = heatmapLayout({ dims: ['path', 'channel'], shape: b.tapShape }, indexValues(32), b.cardinality);
    expect(layout.rowAxis).toBe('path');
    expect([layout.groups, layout.channelsPerGroup]).toEqual([4, 4]);
    expect(layout.rows[1]!.cells[2]!.start).toBe(16 + 8);
  });

  it('draws an SE gate as one row of K groups, or one group when K does not divide C', () => {
    const b = block('tiny_seresnext', 'layer1.0');
    const C = b.tapShape[0]!;
    expect(
      heatmapLayout({ dims: ['channel'], shape: b.tapShape }, indexValues(C), b.cardinality).rows[0]!.cells,
    ).toHaveLength(4);
    expect(heatmapLayout({ dims: ['channel'], shape: b.tapShape }, indexValues(C), 3).rows[0]!.cells).toHaveLength(1);
    expect(heatmapLayout({ dims: ['channel'], shape: b.tapShape }, indexValues(C)).rows[0]!.mean).toBe((C - 1) / 2);
  });

  it('gives the same rows, groups and channels per group as the layout, for every tap shape', () => {
    expect(heatmapShape({ dims: ['radix', 'cardinal', 'channel'], shape: [4, 2, 8] })).toEqual({
      rowAxis: 'radix',
      rows: 4,
      groups: 2,
      perGroup: 8,
    });
    expect(heatmapShape({ dims: ['path', 'channel'], shape: [2, 16] }, 4)).toEqual({
      rowAxis: 'path',
      rows: 2,
      groups: 4,
      perGroup: 4,
    });
    expect(heatmapShape({ dims: ['channel'], shape: [30] }, 4)).toEqual({
      rowAxis: 'gate',
      rows: 1,
      groups: 1,
      perGroup: 30,
    });
  });

  it('spans one legend over every block', () => {
    const f = (...v: number[]) => ({ values: Float32Array.from(v) });
    expect(attentionRange([f(0.25, 0.75), f(0.125)])).toEqual({ min: 0.125, max: 0.75 });
    expect(attentionRange([])).toEqual({ min: 0, max: 1 });
  });
});

describe('channelBins', () => {
  it('one bin per channel when they fit; else at most one bin per pixel, covering every channel once', () => {
    expect(channelBins(4, 10)).toEqual([0, 1, 2, 3].map((c) => ({ start: c, end: c + 1 })));
    for (const [channels, pixels] of [
      [2048, 300],
      [2048, 64],
      [256, 255],
      [7, 3],
    ] as const) {
      const bins = channelBins(channels, pixels);
      expect(bins).toHaveLength(Math.min(channels, pixels));
      expect(bins[0]!.start).toBe(0);
      expect(bins.at(-1)!.end).toBe(channels);
      bins.forEach((b, i) => {
        expect(b.end).toBeGreaterThan(b.start);
        if (i) expect(b.start).toBe(bins[i - 1]!.end);
      });
      // bins are as even as integers allow
      const sizes = bins.map((b) => b.end - b.start);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(channelBins(0, 10)).toEqual([]);
    expect(channelBins(5, 0.4)).toHaveLength(1);
  });
});
