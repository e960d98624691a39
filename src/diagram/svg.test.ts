import { describe, expect, it } from 'vitest';
import type { AttentionResponse } from '../common/api-types.js';
import { colorFor } from '../common/colour-scale.js';
import { fixtureModel, referenceAttention, seededAttention } from './testing/fixture-models.js';
import { layoutDiagram } from './layout.js';
import { renderSvg } from './svg.js';
import { descendants, parseXml, type XmlElement } from './testing/xml-parse.js';

const HEADLINE = [
  'timm__resnet50',
  'timm__resnext50_32x4d',
  'timm__seresnet50',
  'timm__skresnext50_32x4d',
  'timm__resnest50d',
];
const MORE = [
  'timm__resnest50d_4s2x40d',
  'timm__skresnet18',
  'torchvision__resnet50',
  'tiny_resnest_r1',
  'tiny_resnet_basic',
];
const TINY_WITH_ATTENTION = [
  'tiny_resnest',
  'tiny_resnest_r1',
  'tiny_resnest_r4c2',
  'tiny_seresnet',
  'tiny_seresnext',
  'tiny_skresnet_basic',
  'tiny_skresnext',
];

/** Inverts colorFor by searching the scale finely: the value whose colour is nearest. */
const scales = new Map<string, { v: number; rgb: number[] }[]>();
const rgb = (h: string): number[] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
function valueOfColor(hex: string, min: number, max: number): number {
  const key = `${min}:${max}`;
  let samples = scales.get(key);
  if (!samples) {
    samples = Array.from({ length: 2001 }, (_, i) => {
      const v = min + ((max - min) * i) / 2000;
      return { v, rgb: rgb(colorFor(v, min, max)) };
    });
    scales.set(key, samples);
  }
  const target = rgb(hex);
  let best = min;
  let bestD = Infinity;
  for (const s of samples) {
    const d = s.rgb.reduce((acc, c, j) => acc + (c - target[j]!) ** 2, 0);
    if (d < bestD) [best, bestD] = [s.v, d];
  }
  return best;
}

/** Each heatmap cell must hold the mean of its (row, group) channel strip and be coloured by it. */
function checkHeatmaps(doc: XmlElement, attention: AttentionResponse): void {
  const legend = descendants(doc, (e) => e.attrs.class === 'legend')[0]!;
  const min = Number(legend.attrs['data-min']);
  const max = Number(legend.attrs['data-max']);
  const all = attention.blocks.flatMap((b) => Array.from(b.values));
  expect(min).toBeCloseTo(Math.min(...all), 3);
  expect(max).toBeCloseTo(Math.max(...all), 3);
  for (const ab of attention.blocks) {
    const g = descendants(doc, (e) => e.attrs['data-block'] === ab.name)[0]!;
    const values = Array.from(ab.values);
    const rows = ab.dims[0] === 'radix' || ab.dims[0] === 'path' ? ab.shape[0]! : 1;
    const groups = ab.dims.includes('cardinal') ? ab.shape[1]! : Number(g.attrs['data-cardinality']);
    const perRow = values.length / rows;
    const per = perRow / groups;
    const cells = descendants(g, (e) => e.attrs.class === 'hm-cell');
    expect(cells.length).toBe(rows * groups);
    for (const c of cells) {
      const r = Number(c.attrs['data-r']);
      const k = Number(c.attrs['data-k']);
      const strip = values.slice(r * perRow + k * per, r * perRow + (k + 1) * per);
      const mean = strip.reduce((s, v) => s + v, 0) / strip.length;
      const value = Number(c.attrs['data-value']);
      expect(Math.abs(value - mean)).toBeLessThan(Math.abs(mean) * 1e-3 + 1e-6);
      expect(Math.abs(valueOfColor(c.attrs.fill!, min, max) - value)).toBeLessThan((max - min) * 0.01);
    }
    const strips = descendants(g, (e) => e.attrs.class === 'hm-strip');
    const covered = strips.reduce((s, e) => s + Number(e.attrs['data-c1']) - Number(e.attrs['data-c0']), 0);
    expect(covered).toBe(values.length);
    for (const s of strips) {
      const r = Number(s.attrs['data-r']);
      const part = values.slice(r * perRow + Number(s.attrs['data-c0']), r * perRow + Number(s.attrs['data-c1']));
      expect(Number(s.attrs['data-value'])).toBeCloseTo(part.reduce((a, v) => a + v, 0) / part.length, 3);
    }
  }
}

describe('renderSvg', () => {
  it.each([...HEADLINE, ...MORE])(
    '%s: well-formed, self-contained, one data-block group per analysed block',
    async (key) => {
      const { analysis } = await fixtureModel(key);
      const svg = renderSvg(layoutDiagram(analysis, { modelId: key }), { attention: seededAttention(analysis, key) });
      const doc = parseXml(svg);
      expect(doc.name).toBe('svg');
      expect(doc.attrs.viewBox).toMatch(/^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/);
      expect(doc.children[0]!.name).toBe('title');
      expect(svg).not.toMatch(/foreignObject/i);
      const all = descendants(doc);
      for (const el of all) {
        for (const [name, value] of Object.entries(el.attrs)) {
          if (/href$/i.test(name)) expect(value.startsWith('#'), `${el.name} ${name}=${value}`).toBe(true);
          for (const url of value.matchAll(/url\(([^)]*)\)/g)) expect(url[1]!.startsWith('#')).toBe(true);
        }
      }
      const groups = all.filter((e) => e.name === 'g' && 'data-block' in e.attrs);
      const blocks = analysis.stages.flatMap((s) => s.blocks);
      expect(blocks.length).toBeGreaterThan(0);
      expect(groups.map((g) => g.attrs['data-block'])).toEqual(blocks.map((b) => b.name));
      groups.forEach((g, i) => {
        expect(g.attrs['data-kind']).toBe(blocks[i]!.type);
        expect(g.attrs['data-attention']).toBe(blocks[i]!.attention);
      });
    },
  );

  it.each(TINY_WITH_ATTENTION)(
    "%s: heatmap cells hold timm's attention (strip means) and their colours map back",
    async (key) => {
      const { analysis } = await fixtureModel(key);
      const attention = referenceAttention(key, analysis);
      expect(attention.blocks).toHaveLength(4);
      checkHeatmaps(parseXml(renderSvg(layoutDiagram(analysis, { modelId: key }), { attention })), attention);
    },
  );

  it.each(['timm__skresnext50_32x4d', 'timm__resnest50d_4s2x40d', 'timm__seresnet50'])(
    '%s: full-size heatmaps (K groups, R rows) map back',
    async (key) => {
      const { analysis } = await fixtureModel(key);
      const attention = seededAttention(analysis, key);
      checkHeatmaps(parseXml(renderSvg(layoutDiagram(analysis, { modelId: key }), { attention })), attention);
    },
  );

  it('draws no heatmap cells without attention, and a placeholder in each attention block', async () => {
    const { analysis } = await fixtureModel('timm__resnest50d');
    const doc = parseXml(renderSvg(layoutDiagram(analysis, { modelId: 'resnest50d' })));
    expect(descendants(doc, (e) => e.attrs.class === 'hm-cell')).toHaveLength(0);
    expect(descendants(doc, (e) => e.attrs.class === 'hm-empty')).toHaveLength(16);
    expect(descendants(doc, (e) => e.attrs.class === 'legend')).toHaveLength(0);
  });

  it('escapes text and keeps the document well-formed', async () => {
    const { analysis } = await fixtureModel('tiny_resnest');
    analysis.stages[0]!.blocks[0]!.name = 'odd<&"block\'>';
    const doc = parseXml(renderSvg(layoutDiagram(analysis, { modelId: 'a <b> & "c"' }), { title: 'x < y & z' }));
    expect(doc.children[0]!.text).toBe('x < y & z');
    expect(descendants(doc, (e) => e.attrs['data-block'] === 'odd<&"block\'>')).toHaveLength(1);
  });

  it('themes change colours only', async () => {
    const { analysis } = await fixtureModel('timm__seresnet50');
    const diagram = layoutDiagram(analysis, { modelId: 'seresnet50' });
    const light = renderSvg(diagram, { theme: 'light' });
    const dark = renderSvg(diagram, { theme: 'dark' });
    expect(light).not.toBe(dark);
    const strip = (s: string): string => s.replace(/<style>[\s\S]*?<\/style>/, '').replace(/#[0-9a-f]{6}/g, '#');
    expect(strip(light)).toBe(strip(dark));
  });

  it('draws an expanded ResNeSt block with its ops (split attention chain) inside its group', async () => {
    const { analysis, opsOf } = await fixtureModel('timm__resnest50d');
    const doc = parseXml(renderSvg(layoutDiagram(analysis, { modelId: 'resnest50d', expand: ['layer3.0'], opsOf })));
    const g = descendants(doc, (e) => e.attrs['data-block'] === 'layer3.0')[0]!;
    expect(g.attrs['data-expanded']).toBe('true');
    const ops = descendants(g, (e) => 'data-op' in e.attrs).map((e) => e.attrs['data-op-type']);
    expect(ops).toEqual(opsOf('layer3.0').map((o) => o.opType));
    expect(ops).toEqual(
      expect.arrayContaining(['Conv', 'ReduceSum', 'ReduceMean', 'Transpose', 'Softmax', 'Mul', 'Add']),
    );
    expect(descendants(doc, (e) => 'data-op' in e.attrs)).toHaveLength(ops.length);
    expect(descendants(g, (e) => e.name === 'path' && e.attrs.class === 'edge sc').length).toBeGreaterThan(0);
  });
});
