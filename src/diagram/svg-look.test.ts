/**
 * Issue 17, "one look": the SVG export takes its op labels, block and shortcut colours and number
 * strings from src/common/diagram-look.ts, the table the app's nodes, stylesheet variables and
 * legends read too (renderer/src/lib/diagram-look.test.ts checks that side). Real models, real SVG.
 */
import { describe, expect, it } from 'vitest';
import {
  ATTENTION_COLOURS,
  EDGE_COLOURS,
  EDGE_STROKES,
  formatCellValue,
  formatScaleValue,
  opNodeLabel,
} from '../common/diagram-look.js';
import { attentionRange } from '../common/heatmap-geometry.js';
import { fixtureModel, seededAttention } from './testing/fixture-models.js';
import { layoutDiagram } from './layout.js';
import { renderSvg } from './svg.js';
import { descendants, parseXml, type XmlElement } from './testing/xml-parse.js';

const textOf = (e: XmlElement): string => e.text;

describe('SVG export and app share one look', () => {
  it.each(['light', 'dark'] as const)(
    '%s: op labels, accents, edge strokes and numbers come from the shared table',
    async (theme) => {
      const { analysis, opsOf } = await fixtureModel('timm__resnest50d');
      const diagram = layoutDiagram(analysis, { modelId: 'resnest50d', expand: ['layer3.0'], opsOf });
      const attention = seededAttention(analysis, 'timm__resnest50d');
      const svg = renderSvg(diagram, { theme, attention });
      const doc = parseXml(svg);

      // Op labels: what the app's op node shows (opNodeLabel) — roles such as rSoftmax included.
      const opNodes = diagram.nodes.filter((n) => n.kind === 'op');
      const drawn = descendants(doc, (e) => 'data-op' in e.attrs).map((g) => {
        const lbl = descendants(g, (e) => e.attrs.class === 'olbl')[0]!;
        return textOf(lbl);
      });
      expect(drawn).toEqual(opNodes.map(opNodeLabel));
      expect(drawn).toEqual(expect.arrayContaining(['grouped conv', 'rSoftmax', 'fc1', 'fc2']));

      // Block accents: the app's --splat / --attn-none colours.
      const a = ATTENTION_COLOURS[theme];
      for (const g of descendants(doc, (e) => 'data-block' in e.attrs)) {
        const accent = descendants(g, (e) => e.name === 'rect' && e.attrs.width === '4')[0]!;
        expect(accent.attrs.fill).toBe(a[g.attrs['data-attention'] as keyof typeof a]);
      }
      expect(a.splat).toMatch(/^#[0-9a-f]{6}$/);

      // Edges and shortcuts: one colour, the app's widths, dash and opacity.
      const css = textOf(descendants(doc, (e) => e.name === 'style')[0]!);
      const sc = EDGE_STROKES.shortcut;
      expect(css).toContain(`.edge{fill:none;stroke:${EDGE_COLOURS[theme]};stroke-width:${EDGE_STROKES.main.width}}`);
      expect(css).toContain(
        `.sc{stroke:${EDGE_COLOURS[theme]};stroke-width:${sc.width};stroke-dasharray:${sc.dash};opacity:${sc.opacity}}`,
      );

      // Numbers: legend ends as the app's ColourLegend writes them, cell tooltips as its hover.
      const range = attentionRange(attention.blocks)!;
      const legend = descendants(doc, (e) => e.attrs.class === 'legend')[0]!;
      const ticks = descendants(legend, (e) => e.name === 'text').map(textOf);
      expect(ticks.slice(1)).toEqual([
        formatScaleValue(range.min),
        formatScaleValue((range.min + range.max) / 2),
        formatScaleValue(range.max),
      ]);
      const cell = descendants(doc, (e) => e.attrs.class === 'hm-cell')[0]!;
      const tip = textOf(descendants(cell, (e) => e.name === 'title')[0]!);
      expect(tip.endsWith(`mean ${formatCellValue(Number(cell.attrs['data-value']))}`)).toBe(true);
    },
  );
});

describe('formatScaleValue / formatCellValue', () => {
  it('writes scale ends with 3 decimals, 4 below 0.01, none from 100', () => {
    expect([0.5, 0.004567, 0, 123.4, -0.25].map(formatScaleValue)).toEqual([
      '0.500',
      '0.0046',
      '0.000',
      '123',
      '-0.250',
    ]);
    expect(formatCellValue(0.123456)).toBe('0.1235');
    expect(formatScaleValue(NaN)).toBe('—');
  });
});
