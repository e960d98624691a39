import { describe, expect, it } from 'vitest';
import type { Diagram } from '../../../src/api/contract';
import { diagramToFlow, labelPoint, searchNodes } from './diagram-to-flow';

// A diagram as src/diagram lays it out: layer1.0 expanded into two ops inside its frame.
const diagram: Diagram = {
  model: 'tiny_resnest',
  width: 400,
  height: 600,
  nodes: [
    { id: 'input', kind: 'input', label: 'input', x: 100, y: 0, width: 160, height: 40 },
    {
      id: 'layer1.0',
      kind: 'block',
      label: 'layer1.0',
      block: 'layer1.0',
      x: 40,
      y: 80,
      width: 300,
      height: 260,
      attention: 'splat',
      radix: 2,
      cardinality: 1,
    },
    {
      id: 'layer1.0/conv2',
      kind: 'op',
      label: 'Conv',
      opType: 'Conv',
      detail: '3x3 g=2',
      block: 'layer1.0',
      parent: 'layer1.0',
      x: 80,
      y: 120,
      width: 200,
      height: 36,
    },
    {
      id: 'layer1.0/rsoftmax',
      kind: 'op',
      label: 'Softmax',
      opType: 'Softmax',
      block: 'layer1.0',
      parent: 'layer1.0',
      x: 80,
      y: 200,
      width: 200,
      height: 36,
    },
    { id: 'layer2.0', kind: 'block', label: 'layer2.0', block: 'layer2.0', x: 100, y: 400, width: 160, height: 60 },
  ],
  edges: [
    {
      id: 'e1',
      source: 'input',
      target: 'layer1.0',
      label: '3×64×64',
      points: [
        { x: 180, y: 40 },
        { x: 180, y: 80 },
      ],
    },
    {
      id: 'e2',
      source: 'layer1.0',
      target: 'layer2.0',
      label: '32×16×16',
      points: [
        { x: 180, y: 340 },
        { x: 180, y: 350 },
        { x: 180, y: 400 },
      ],
    },
    { id: 'dangling', source: 'layer1.0', target: 'gone', points: [] },
  ],
};

describe('diagramToFlow', () => {
  it('keeps the diagram coordinates and sizes and draws frames under their ops', () => {
    const { nodes, edges } = diagramToFlow(diagram, 'm', ['layer1.0']);
    const frame = nodes.find((n) => n.id === 'layer1.0')!;
    const op = nodes.find((n) => n.id === 'layer1.0/conv2')!;
    expect(frame.type).toBe('frame');
    expect(frame.data.expanded).toBe(true);
    expect(op.type).toBe('op');
    expect(op.position).toEqual({ x: 80, y: 120 });
    expect(op.style).toEqual({ width: 200, height: 36 });
    expect(frame.zIndex).toBeLessThan(op.zIndex);
    expect(nodes.find((n) => n.id === 'layer2.0')!.type).toBe('block');
    expect(nodes.find((n) => n.id === 'input')!.type).toBe('terminal');
    expect(edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('finds nodes by block name, op type or label, exact matches first', () => {
    expect(searchNodes(diagram, 'softmax').map((n) => n.id)).toEqual(['layer1.0/rsoftmax']);
    expect(searchNodes(diagram, 'layer1.0')[0]!.id).toBe('layer1.0');
    expect(searchNodes(diagram, '  ')).toEqual([]);
  });

  it('puts an edge label on its longest segment', () => {
    expect(labelPoint(diagram.edges[1]!.points)).toEqual({ x: 180, y: 375 });
  });
});

describe('op edges', () => {
  it('marks the edges to, from or between an expanded block’s ops, and no others', () => {
    const opEdge = {
      id: 'e-op',
      source: 'layer1.0/conv2',
      target: 'layer1.0/rsoftmax',
      label: '64×16×16',
      points: [
        { x: 180, y: 156 },
        { x: 180, y: 200 },
      ],
    };
    const { edges } = diagramToFlow({ ...diagram, edges: [...diagram.edges, opEdge] }, 'm');
    const ops = new Set(diagram.nodes.filter((n) => n.kind === 'op').map((n) => n.id));
    expect(edges.some((e) => e.data.op)).toBe(true);
    expect(edges.some((e) => !e.data.op)).toBe(true);
    for (const e of edges) expect(e.data.op, e.id).toBe(ops.has(e.source) || ops.has(e.target));
  });
});
