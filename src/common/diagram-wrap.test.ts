import { describe, expect, it } from 'vitest';
import type { Diagram, DiagramNode } from './diagram.js';
import { COLUMN_GAP, columnCount, wrapDiagram } from './diagram-wrap.js';
import { layoutDiagram } from '../diagram/index.js';
import { fixtureModel } from '../diagram/testing/fixture-models.js';

type Box = Pick<DiagramNode, 'x' | 'y' | 'width' | 'height'>;
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box): boolean =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
const near = (p: { x: number; y: number }, b: Box): boolean =>
  p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;

/** Real layouts of a reference export: collapsed and fully expanded into its ONNX ops. */
async function layouts(key: string): Promise<{ collapsed: Diagram; expanded: Diagram }> {
  const { analysis, opsOf } = await fixtureModel(key);
  return {
    collapsed: layoutDiagram(analysis, { modelId: key }),
    expanded: layoutDiagram(analysis, { modelId: key, expand: 'all', opsOf }),
  };
}

function checkWrapped(original: Diagram, wrapped: Diagram): void {
  const byId = new Map(wrapped.nodes.map((n) => [n.id, n]));
  const before = new Map(original.nodes.map((n) => [n.id, n]));
  // Every node but the stage frames is kept (same id, same size); nothing leaves the diagram.
  for (const n of original.nodes.filter((x) => x.kind !== 'stage')) {
    const m = byId.get(n.id)!;
    expect(m, n.id).toBeDefined();
    expect([m.width, m.height]).toEqual([n.width, n.height]);
  }
  for (const n of wrapped.nodes) {
    expect(inside(n, { x: 0, y: 0, width: wrapped.width, height: wrapped.height }), n.id).toBe(true);
    if (n.parent) expect(inside(n, byId.get(n.parent)!), `${n.id} inside ${n.parent}`).toBe(true);
    if (n.heatmap) expect(inside(n.heatmap, n)).toBe(true);
  }
  // A block moves as one piece: its ops keep their place inside it.
  for (const b of wrapped.nodes.filter((n) => n.kind === 'block')) {
    const o = before.get(b.id)!;
    for (const op of wrapped.nodes.filter((n) => n.kind === 'op' && n.block === b.block)) {
      const p = before.get(op.id)!;
      expect([op.x - b.x, op.y - b.y]).toEqual([p.x - o.x, p.y - o.y]);
    }
  }
  // Top-level pieces never overlap.
  const top = wrapped.nodes.filter((n) => !n.parent || n.kind === 'block');
  for (let i = 0; i < top.length; i++)
    for (let j = i + 1; j < top.length; j++)
      if (top[i]!.kind !== 'stage' && top[j]!.kind !== 'stage')
        expect(overlaps(top[i]!, top[j]!), `${top[i]!.id} / ${top[j]!.id}`).toBe(false);
  // Every edge still leaves its source and reaches its target.
  expect(wrapped.edges).toHaveLength(original.edges.length);
  for (const e of wrapped.edges) {
    expect(near(e.points[0]!, byId.get(e.source)!), `${e.id} leaves ${e.source}`).toBe(true);
    expect(near(e.points.at(-1)!, byId.get(e.target)!), `${e.id} reaches ${e.target}`).toBe(true);
  }
}

describe('wrapDiagram', () => {
  it('leaves a diagram that already fits alone', async () => {
    const { collapsed } = await layouts('timm__resnet50');
    expect(columnCount(collapsed, collapsed.width / collapsed.height)).toBe(1);
    expect(wrapDiagram(collapsed, collapsed.width / collapsed.height)).toBe(collapsed);
  });

  it.each(['timm__resnest101e', 'timm__skresnext50_32x4d'])(
    '%s fully expanded, a strip, wraps into columns of about the canvas aspect',
    async (key) => {
      const { expanded } = await layouts(key);
      expect(expanded.height / expanded.width).toBeGreaterThan(15);
      const aspect = 1440 / 900;
      const wrapped = wrapDiagram(expanded, aspect);
      const cols = columnCount(expanded, aspect);
      expect(cols).toBeGreaterThan(4);
      // Columns are side by side: the diagram's aspect is now within a factor 2 of the canvas's.
      const ratio = wrapped.width / wrapped.height / aspect;
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
      const xs = new Set(wrapped.nodes.filter((n) => n.kind === 'block').map((n) => n.x - (n.x % 10)));
      expect(xs.size).toBeGreaterThan(1);
      checkWrapped(expanded, wrapped);
      // A stage split over columns has a frame in each, holding only its own blocks.
      const parts = wrapped.nodes.filter((n) => n.kind === 'stage' && n.id.includes('~'));
      expect(parts.length).toBeGreaterThan(0);
      for (const p of parts) expect(p.detail).toMatch(/part \d of \d/);
    },
  );

  it('leaves room above every stage frame for its title, in every column', async () => {
    const { expanded } = await layouts('timm__resnest101e');
    const wrapped = wrapDiagram(expanded, 1.6);
    const stages = wrapped.nodes.filter((n) => n.kind === 'stage');
    expect(stages.length).toBeGreaterThan(4);
    for (const s of stages) {
      const band = { x: s.x, y: s.y - 150, width: s.width, height: 150 };
      const hit = wrapped.nodes.filter((n) => n.parent !== s.id && n.id !== s.id && overlaps(n, band));
      expect(
        hit.map((n) => n.id),
        `above ${s.id}`,
      ).toEqual([]);
    }
  });

  it('keeps block order column by column, top to bottom', async () => {
    const { expanded } = await layouts('timm__resnest101e');
    const wrapped = wrapDiagram(expanded, 1.2);
    const blocks = wrapped.nodes.filter((n) => n.kind === 'block');
    const col = (n: DiagramNode) => Math.floor(n.x / (expanded.width + COLUMN_GAP));
    const order = [...blocks].sort((a, b) => col(a) - col(b) || a.y - b.y).map((n) => n.block);
    expect(order).toEqual(expanded.nodes.filter((n) => n.kind === 'block').map((n) => n.block));
  });
});
