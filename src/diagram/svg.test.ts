import { describe, expect, it } from 'vitest';
import { colorFor } from './color-scale.js';
import { fakeAttention, fixtureAnalysis } from './fixture-analysis.js';
import { layoutDiagram } from './layout.js';
import { renderSvg } from './svg.js';
import { syntheticOpsOf } from './synthetic-ops.js';
import { descendants, parseXml, type XmlElement } from './xml-parse.js';

const HEADLINE = ['timm__resnet50', 'timm__resnext50_32x4d', 'timm__seresnet50', 'timm__skresnext50_32x4d', 'timm__resnest50d'];
const MORE = ['timm__resnest50d_4s2x40d', 'timm__skresnet18', 'tiny_resnest_r1', 'tiny_seresnext', 'tiny_resnet_basic'];

/** Inverts colorFor by searching the scale finely: the value whose colour is nearest. */
function valueOfColor(hex: string, min: number, max: number): number {
  const rgb = (h: string): number[] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const target = rgb(hex);
  let best = min;
  let bestD = Infinity;
  for (let i = 0; i <= 4000; i++) {
    const v = min + ((max - min) * i) / 4000;
    const d = rgb(colorFor(v, min, max)).reduce((s, c, j) => s + (c - target[j]!) ** 2, 0);
    if (d < bestD) [best, bestD] = [v, d];
  }
  return best;
}

function exportOf(key: string, withAttention: boolean): { svg: string; doc: XmlElement; attention: ReturnType<typeof fakeAttention> } {
  const analysis = fixtureAnalysis(key);
  const diagram = layoutDiagram(analysis, { modelId: key });
  const attention = fakeAttention(analysis, key);
  const svg = renderSvg(diagram, withAttention ? { attention } : {});
  return { svg, doc: parseXml(svg), attention };
}

describe('renderSvg', () => {
  it.each([...HEADLINE, ...MORE])('%s: well-formed, self-contained, one data-block group per block', (key) => {
    const { svg, doc } = exportOf(key, true);
    const analysis = fixtureAnalysis(key);
    expect(doc.name).toBe('svg');
    expect(doc.attrs.viewBox).toMatch(/^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/);
    expect(doc.children[0]!.name).toBe('title');
    expect(svg).not.toMatch(/foreignObject/i);
    const all = descendants(doc);
    for (const el of all) {
      for (const [name, value] of Object.entries(el.attrs)) {
        if (/href$/i.test(name)) expect(value.startsWith('#'), `${el.name} ${name}=${value}`).toBe(true);
        const url = /url\(([^)]*)\)/.exec(value);
        if (url) expect(url[1]!.startsWith('#')).toBe(true);
      }
    }
    const groups = all.filter((e) => e.name === 'g' && 'data-block' in e.attrs);
    const names = analysis.stages.flatMap((s) => s.blocks.map((b) => b.name));
    expect(groups.map((g) => g.attrs['data-block'])).toEqual(names);
    const byName = new Map(analysis.stages.flatMap((s) => s.blocks).map((b) => [b.name, b]));
    for (const g of groups) {
      const b = byName.get(g.attrs['data-block']!)!;
      expect(g.attrs['data-kind']).toBe(b.type);
      expect(g.attrs['data-attention']).toBe(b.attention);
    }
  });

  it.each(HEADLINE.filter((k) => !/resnet50|resnext/.test(k)))('%s: heatmap cells are the strip means of the attention, and their colours map back', (key) => {
    const { doc, attention } = exportOf(key, true);
    const legend = descendants(doc, (e) => e.attrs.class === 'legend')[0]!;
    const min = Number(legend.attrs['data-min']);
    const max = Number(legend.attrs['data-max']);
    const all = attention.blocks.flatMap((b) => b.values[0]!);
    expect(min).toBeCloseTo(Math.min(...all), 3);
    expect(max).toBeCloseTo(Math.max(...all), 3);
    for (const ab of attention.blocks) {
      const g = descendants(doc, (e) => e.attrs['data-block'] === ab.name)[0]!;
      const cells = descendants(g, (e) => e.attrs.class === 'hm-cell');
      const rows = ab.dims[0] === 'radix' || ab.dims[0] === 'path' ? ab.shape[0]! : 1;
      const perRow = ab.values[0]!.length / rows;
      const b = fixtureAnalysis(key).stages.flatMap((s) => s.blocks).find((x) => x.name === ab.name)!;
      const groups = ab.dims.includes('cardinal') ? ab.shape[1]! : b.cardinality;
      expect(cells.length).toBe(rows * groups);
      for (const c of cells) {
        const r = Number(c.attrs['data-r']);
        const k = Number(c.attrs['data-k']);
        const per = perRow / groups;
        const strip = ab.values[0]!.slice(r * perRow + k * per, r * perRow + (k + 1) * per);
        const mean = strip.reduce((s, v) => s + v, 0) / strip.length;
        const value = Number(c.attrs['data-value']);
        expect(value).toBeCloseTo(mean, 3);
        expect(valueOfColor(c.attrs.fill!, min, max)).toBeCloseTo(value, 1);
        expect(Math.abs(valueOfColor(c.attrs.fill!, min, max) - value)).toBeLessThan((max - min) * 0.01);
      }
      // Strips cover every channel of every row exactly once.
      const strips = descendants(g, (e) => e.attrs.class === 'hm-strip');
      const covered = strips.reduce((s, e) => s + Number(e.attrs['data-c1']) - Number(e.attrs['data-c0']), 0);
      expect(covered).toBe(ab.values[0]!.length);
    }
  });

  it('draws no heatmap cells without attention, and a placeholder in each attention block', () => {
    const { doc } = exportOf('timm__resnest50d', false);
    expect(descendants(doc, (e) => e.attrs.class === 'hm-cell')).toHaveLength(0);
    expect(descendants(doc, (e) => e.attrs.class === 'hm-empty')).toHaveLength(16);
    expect(descendants(doc, (e) => e.attrs.class === 'legend')).toHaveLength(0);
  });

  it('escapes text and keeps the document well-formed', () => {
    const analysis = fixtureAnalysis('tiny_resnest');
    analysis.stages[0]!.blocks[0]!.name = 'odd<&"block\'>';
    const diagram = layoutDiagram(analysis, { modelId: 'a <b> & "c"' });
    const doc = parseXml(renderSvg(diagram, { title: 'x < y & z' }));
    expect(doc.children[0]!.text).toBe('x < y & z');
    expect(descendants(doc, (e) => e.attrs['data-block'] === 'odd<&"block\'>')).toHaveLength(1);
  });

  it('themes change colours only', () => {
    const analysis = fixtureAnalysis('timm__seresnet50');
    const diagram = layoutDiagram(analysis, { modelId: 'seresnet50' });
    const light = renderSvg(diagram, { theme: 'light' });
    const dark = renderSvg(diagram, { theme: 'dark' });
    expect(light).not.toBe(dark);
    const strip = (s: string): string => s.replace(/<style>[\s\S]*?<\/style>/, '').replace(/#[0-9a-f]{6}/g, '#');
    expect(strip(light)).toBe(strip(dark));
  });

  it('draws expanded blocks with their ops inside the block group', () => {
    const analysis = fixtureAnalysis('timm__resnest50d');
    const diagram = layoutDiagram(analysis, { modelId: 'resnest50d', expand: ['layer3.0'], opsOf: syntheticOpsOf(analysis) });
    const doc = parseXml(renderSvg(diagram));
    const g = descendants(doc, (e) => e.attrs['data-block'] === 'layer3.0')[0]!;
    expect(g.attrs['data-expanded']).toBe('true');
    const ops = descendants(g, (e) => 'data-op' in e.attrs).map((e) => e.attrs['data-op-type']);
    expect(ops).toContain('Softmax');
    expect(ops).not.toContain('Shape');
    expect(descendants(doc, (e) => 'data-op' in e.attrs)).toHaveLength(ops.length);
  });
});
