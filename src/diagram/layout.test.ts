import { describe, expect, it } from 'vitest';
import type { Diagram, DiagramNode } from '../common/diagram.js';
import { fixtureModel } from './testing/fixture-models.js';
import { layoutDiagram } from './layout.js';

type Box = Pick<DiagramNode, 'x' | 'y' | 'width' | 'height'>;
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box): boolean =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
/** Distance from a point to the rectangle's outline. */
function toOutline(p: { x: number; y: number }, b: Box): number {
  const dx = Math.max(b.x - p.x, 0, p.x - (b.x + b.width));
  const dy = Math.max(b.y - p.y, 0, p.y - (b.y + b.height));
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
  return Math.min(p.x - b.x, b.x + b.width - p.x, p.y - b.y, b.y + b.height - p.y);
}

function checkGeometry(d: Diagram): void {
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  expect(byId.size).toBe(d.nodes.length);
  const levels = new Map<string, DiagramNode[]>();
  for (const n of d.nodes) {
    const key = n.parent ?? '';
    levels.set(key, [...(levels.get(key) ?? []), n]);
    expect(inside(n, { x: 0, y: 0, width: d.width, height: d.height })).toBe(true);
    if (n.parent) {
      const parent = byId.get(n.parent)!;
      expect(d.nodes.indexOf(parent)).toBeLessThan(d.nodes.indexOf(n));
      expect(inside(n, parent), `${n.id} inside ${n.parent}`).toBe(true);
    }
    if (n.heatmap) expect(inside(n.heatmap, n)).toBe(true);
  }
  for (const [level, siblings] of levels) {
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) {
        expect(overlaps(siblings[i]!, siblings[j]!), `${siblings[i]!.id} / ${siblings[j]!.id} in '${level}'`).toBe(
          false,
        );
      }
    }
  }
  for (const e of d.edges) {
    expect(e.points.length).toBeGreaterThanOrEqual(2);
    const s = byId.get(e.source)!;
    const t = byId.get(e.target)!;
    expect(toOutline(e.points[0]!, s), `${e.id} leaves ${s.id}`).toBeLessThanOrEqual(1);
    expect(toOutline(e.points.at(-1)!, t), `${e.id} reaches ${t.id}`).toBeLessThanOrEqual(1);
  }
}

describe('layoutDiagram', () => {
  it('ResNet-50 is ~20 nodes: input, stem, 4 stage frames of 16 blocks, head, output', async () => {
    const d = layoutDiagram((await fixtureModel('timm__resnet50')).analysis, { modelId: 'resnet50' });
    expect(d.nodes.filter((n) => n.kind === 'block')).toHaveLength(16);
    expect(d.nodes.filter((n) => n.kind === 'stage').map((n) => n.label)).toEqual([
      'layer1',
      'layer2',
      'layer3',
      'layer4',
    ]);
    expect(d.nodes.map((n) => n.kind).filter((k) => k !== 'block' && k !== 'stage')).toEqual([
      'input',
      'stem',
      'head',
      'output',
    ]);
    // top to bottom
    const spine = d.nodes.filter((n) => n.kind !== 'stage');
    for (let i = 1; i < spine.length; i++) expect(spine[i]!.y).toBeGreaterThan(spine[i - 1]!.y + spine[i - 1]!.height);
    checkGeometry(d);
  });

  it('edges carry the tensor shapes of the analysis (channels × H × W)', async () => {
    const d = layoutDiagram((await fixtureModel('timm__resnet50')).analysis, { modelId: 'resnet50' });
    const label = (s: string, t: string): string | undefined =>
      d.edges.find((e) => e.source === s && e.target === t && !e.shortcut)?.label;
    expect(label('input', 'stem')).toBe('3×224×224');
    expect(label('stem', 'block:layer1.0')).toBe('64×56×56');
    expect(label('block:layer1.2', 'block:layer2.0')).toBe('256×56×56');
    expect(label('block:layer2.0', 'block:layer2.1')).toBe('512×28×28');
    expect(label('block:layer4.2', 'head')).toBe('2048×7×7');
    expect(label('head', 'output')).toBe('1000');
    const tiny = layoutDiagram((await fixtureModel('tiny_resnet')).analysis, { modelId: 'tiny' });
    expect(tiny.edges.find((e) => e.source === 'block:layer4.0' && e.target === 'head')?.label).toBe('256×2×2');
  });

  it.each(['timm__resnet50', 'timm__resnest50d', 'timm__skresnext50_32x4d'])(
    '%s expanded: every op edge carries its tensor shape, and a block leaves with the spine shape',
    async (key) => {
      const { analysis, opsOf } = await fixtureModel(key);
      const d = layoutDiagram(analysis, { modelId: key, expand: 'all', opsOf });
      const ops = new Set(d.nodes.filter((n) => n.kind === 'op').map((n) => n.id));
      const opEdges = d.edges.filter((e) => ops.has(e.source) || ops.has(e.target));
      expect(opEdges.length).toBeGreaterThan(100);
      // every op edge is labelled, except a shortcut entry that repeats the main entry's tensor
      for (const e of opEdges) {
        if (e.shortcut && e.id.includes('#in') && !e.label) continue;
        expect(e.label, e.id).toMatch(/^\d+(×\d+)*$/);
        expect(e.labelPos, e.id).toBeDefined();
      }
      // the op shapes (inferred per tensor) agree with the spine's (from the blocks' channels and strides)
      for (const frame of d.nodes.filter((n) => n.kind === 'block')) {
        const exit = d.edges.find((e) => e.target === frame.id && e.id.endsWith('#out'));
        expect(exit?.label, frame.id).toBe(frame.shape);
      }
    },
  );

  it('marks one residual shortcut per collapsed block', async () => {
    const d = layoutDiagram((await fixtureModel('timm__resnest50d')).analysis, { modelId: 'resnest50d' });
    const shortcuts = d.edges.filter((e) => e.shortcut);
    expect(shortcuts).toHaveLength(16);
    expect(shortcuts.map((e) => e.target)).toEqual(d.nodes.filter((n) => n.kind === 'block').map((n) => n.id));
  });

  it.each(['timm__resnest50d', 'timm__skresnext50_32x4d', 'timm__seresnet50', 'tiny_resnet_basic'])(
    '%s fully expanded: no overlaps, edges touch their nodes',
    async (key) => {
      const { analysis, opsOf } = await fixtureModel(key);
      const d = layoutDiagram(analysis, { modelId: key, expand: 'all', opsOf });
      // every visible op of every block is drawn, plus the op edges and the residual branch
      expect(d.nodes.filter((n) => n.kind === 'op').length).toBeGreaterThan(
        analysis.stages.flatMap((s) => s.blocks).length * 3,
      );
      expect(d.edges.filter((e) => e.shortcut).length).toBeGreaterThan(0);
      expect(d.nodes.filter((n) => n.kind === 'block').every((n) => n.expanded)).toBe(true);
      checkGeometry(d);
    },
  );

  it('reserves heatmap rows × groups: ResNeSt R × K, SK paths × K, SE 1 × K', async () => {
    const heat = async (key: string, block: string): Promise<DiagramNode['heatmap']> =>
      layoutDiagram((await fixtureModel(key)).analysis, { modelId: key }).nodes.find((n) => n.block === block)!.heatmap;
    expect(await heat('timm__resnest50d_4s2x40d', 'layer1.0')).toMatchObject({ rows: 4, groups: 2 });
    expect(await heat('timm__skresnext50_32x4d', 'layer2.1')).toMatchObject({ rows: 2, groups: 32 });
    expect(await heat('timm__seresnet50', 'layer3.0')).toMatchObject({ rows: 1, groups: 1 });
    expect(await heat('timm__resnet50', 'layer3.0')).toBeUndefined();
  });

  it('expanding a block changes only that block: its frame and ops; the rest keeps size and shifts rigidly', async () => {
    const { analysis: a, opsOf } = await fixtureModel('timm__resnest50d');
    const base = layoutDiagram(a, { modelId: 'm', expand: ['layer1.0'], opsOf });
    const more = layoutDiagram(a, { modelId: 'm', expand: ['layer1.0', 'layer3.2'], opsOf });
    const before = new Map(base.nodes.map((n) => [n.id, n]));
    const changed = more.nodes.filter((n) => n.block === 'layer3.2' || n.id === 'stage:layer3');
    expect(changed.filter((n) => n.kind === 'op').length).toBeGreaterThan(10);
    const frame = more.nodes.find((n) => n.id === 'block:layer3.2')!;
    const old = before.get('block:layer3.2')!;
    const grow = frame.height - old.height;
    const dx = (more.width - base.width) / 2;
    for (const n of more.nodes) {
      if (changed.includes(n)) continue;
      const b = before.get(n.id)!;
      expect([n.width, n.height], n.id).toEqual([b.width, b.height]);
      expect(n.x - b.x, n.id).toBeCloseTo(dx, 0);
      expect(n.y - b.y, n.id).toBe(n.y > frame.y ? grow : 0);
    }
    // collapsing it again gives the original layout back
    expect(layoutDiagram(a, { modelId: 'm', expand: ['layer1.0'], opsOf })).toEqual(base);
  });

  it('draws a model without recognised stages as input → stem → head → output', async () => {
    const a = { ...(await fixtureModel('tiny_resnet')).analysis, family: 'unknown' as const, stages: [] };
    const d = layoutDiagram(a, { modelId: 'mlp' });
    expect(d.nodes.map((n) => n.kind)).toEqual(['input', 'stem', 'head', 'output']);
    expect(d.edges.map((e) => e.label)).toEqual(['3×64×64', undefined, '10']);
    checkGeometry(d);
  });

  it('rejects unknown blocks and expansion without ops with one clear line', async () => {
    const a = (await fixtureModel('tiny_resnet')).analysis;
    expect(() => layoutDiagram(a, { modelId: 'm', expand: ['layer9.9'], opsOf: () => [] })).toThrow(
      /unknown block 'layer9.9'/,
    );
    expect(() => layoutDiagram(a, { modelId: 'm', expand: 'all' })).toThrow(/no ONNX ops/);
  });

  it('names the first few of 10,000 unknown blocks and counts the rest (one short line, not 100 KB)', async () => {
    const a = (await fixtureModel('tiny_resnet')).analysis;
    const names = Array.from({ length: 10_000 }, (_, i) => `nope${i}.${'x'.repeat(i % 3 ? 5 : 500)}`);
    let message = '';
    try {
      layoutDiagram(a, { modelId: 'm', expand: names, opsOf: () => [] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^unknown blocks 'nope0\.x{54}…', 'nope1\.xxxxx', 'nope2\.xxxxx' … \(\+9,997 more\) to expand/,
    );
    expect(message.length).toBeLessThan(300);
  });
});
