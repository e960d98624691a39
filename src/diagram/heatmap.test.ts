/**
 * The SVG export's heatmap cells are the UI's, one to one: for timm's own attention of every tiny
 * fixture (and seeded attention of full-size ResNeSt / SK-ResNeXt taps), each `hm-cell` rect is the
 * shared geometry's cell with the same split, group, channel range and mean — to the last bit.
 */
import { describe, expect, it } from 'vitest';
import { heatmapLayout } from '../common/heatmap-geometry.js';
import { fixtureModel, referenceAttention, seededAttention } from './testing/fixture-models.js';
import { blockHeatmap } from './heatmap.js';
import { layoutDiagram } from './layout.js';

const MODELS = [
  'tiny_resnest',
  'tiny_resnest_r1',
  'tiny_resnest_r4c2',
  'tiny_seresnet',
  'tiny_seresnext',
  'timm__resnest50d',
  'timm__skresnext50_32x4d',
];

describe('SVG heatmap cells = the UI heatmap cells', () => {
  it.each(MODELS)('%s: every block, cell by cell', async (key) => {
    const { analysis } = await fixtureModel(key);
    const attention = key.startsWith('tiny_') ? referenceAttention(key, analysis) : seededAttention(analysis, key);
    const diagram = layoutDiagram(analysis, { modelId: key });
    expect(attention.blocks.length).toBeGreaterThan(0);
    for (const att of attention.blocks) {
      const node = diagram.nodes.find((n) => n.kind === 'block' && n.block === att.name)!;
      const svg = blockHeatmap(node, att)!;
      const ui = heatmapLayout(att, att.values, node.cardinality ?? 1);
      const uiCells = ui.rows.flatMap((row) => row.cells);
      expect([svg.rows, svg.groups], att.name).toEqual([ui.rows.length, ui.groups]);
      expect(svg.cells.map(({ r, k, c0, c1, value }) => ({ r, k, c0, c1, value }))).toEqual(
        uiCells.map((c) => ({ r: c.r, k: c.k, c0: c.k * c.length, c1: (c.k + 1) * c.length, value: c.mean })),
      );
    }
  });
});
