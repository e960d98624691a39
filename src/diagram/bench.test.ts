import { describe, expect, it } from 'vitest';
import { benchDiagram } from './bench.js';

describe('benchDiagram', () => {
  it('builds, analyses, lays out and writes a fully expanded preset, reporting its size', async () => {
    const r = await benchDiagram({ preset: 'resnest14d', repeat: 1 });
    expect(r).toMatchObject({ model: 'resnest14d', blocks: 4 });
    // every block expanded: its split-attention ops are all there
    expect(r.opNodes).toBeGreaterThanOrEqual(4 * 18);
    expect(r.nodes).toBe(r.opNodes + 4 + 4 + 4);
    expect(r.svgBytes).toBeGreaterThan(10_000);
    expect(r.svgBytesWithHeatmaps).toBeGreaterThan(r.svgBytes);
    for (const k of ['layoutMs', 'svgMs', 'writeMs', 'exportMs', 'warmExportMs'] as const)
      expect(r[k]).toBeGreaterThan(0);
  });
});
