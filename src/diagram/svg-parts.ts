/**
 * SVG fragments of a diagram: nodes, block groups (with their ops and heatmap), edges, legend.
 * Presentation comes from classes defined by svg.ts from a theme palette; heatmap fills are
 * written per rect from `colorFor` so the picture carries its own numbers.
 */
import type { AttentionBlock } from '../common/api-types.js';
import type { DiagramEdge, DiagramNode } from '../common/diagram.js';
import { colorFor } from '../common/colour-scale.js';
import { formatCellValue, formatScaleValue, opNodeLabel } from '../common/diagram-look.js';
import { blockHeatmap, type HeatmapRect } from './heatmap.js';
import { DETAIL_SIZE, EDGE_LABEL_SIZE, LABEL_SIZE, textWidth } from './metrics.js';
import { esc, num, val } from './xml.js';

const BASELINE = 0.35;

export function text(x: number, y: number, cls: string, s: string, anchor?: 'middle' | 'end'): string {
  const a = anchor ? ` text-anchor="${anchor}"` : '';
  return `<text class="${cls}" x="${num(x)}" y="${num(y)}"${a}>${esc(s)}</text>`;
}

function rect(n: { x: number; y: number; width: number; height: number }, cls: string, rx = 0): string {
  const r = rx ? ` rx="${rx}"` : '';
  return `<rect class="${cls}" x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}"${r}/>`;
}

export function edgePath(e: DiagramEdge): string {
  if (e.points.length < 2) return '';
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)} ${num(p.y)}`).join('');
  const cls = e.shortcut ? 'edge sc' : 'edge';
  const marker = e.shortcut ? 'url(#sl-arrow-sc)' : 'url(#sl-arrow)';
  let out = `<path class="${cls}" d="${d}" marker-end="${marker}" data-edge="${esc(e.id)}"/>`;
  if (e.label && e.labelPos) {
    out += text(e.labelPos.x, e.labelPos.y + EDGE_LABEL_SIZE * BASELINE, 'elbl', e.label);
  }
  return out;
}

/** input / stem / head / output: centred two-line boxes. */
export function spineNode(n: DiagramNode): string {
  const cx = n.x + n.width / 2;
  return (
    `<g data-node="${esc(n.id)}">${rect(n, 'node', 6)}` +
    text(cx, n.y + 18, 'lbl', n.label, 'middle') +
    (n.detail ? text(cx, n.y + 33, 'dtl', n.detail, 'middle') : '') +
    '</g>'
  );
}

export function stageFrame(n: DiagramNode): string {
  return (
    `<g data-stage="${esc(n.label)}">${rect(n, 'stage', 8)}` +
    text(n.x + 12, n.y + 16, 'slbl', n.label) +
    (n.detail ? text(n.x + 20 + textWidth(n.label, LABEL_SIZE), n.y + 16, 'dtl', n.detail) : '') +
    '</g>'
  );
}

function opNode(n: DiagramNode): string {
  const cx = n.x + n.width / 2;
  const y1 = n.detail ? n.y + 14 : n.y + n.height / 2 + (LABEL_SIZE - 1) * BASELINE;
  return (
    `<g data-op="${esc(n.id)}" data-op-type="${esc(n.opType ?? n.label)}">${rect(n, 'op', 4)}` +
    text(cx, y1, 'olbl', opNodeLabel(n), 'middle') +
    (n.detail ? text(cx, n.y + 27, 'odtl', n.detail, 'middle') : '') +
    '</g>'
  );
}

function heatRect(h: HeatmapRect, cls: string, min: number, max: number, tip: boolean): string {
  const body =
    `class="${cls}" x="${num(h.x)}" y="${num(h.y)}" width="${num(h.width)}" height="${num(h.height)}" ` +
    `fill="${colorFor(h.value, min, max)}" data-r="${h.r}" data-k="${h.k}" data-c0="${h.c0}" data-c1="${h.c1}" data-value="${val(h.value)}"`;
  if (!tip) return `<rect ${body}/>`;
  return `<rect ${body}><title>split ${h.r} · group ${h.k} · channels ${h.c0}–${h.c1 - 1} · mean ${formatCellValue(h.value)}</title></rect>`;
}

function heatmap(
  n: DiagramNode,
  att: AttentionBlock | undefined,
  range: { min: number; max: number } | undefined,
): string {
  const area = n.heatmap;
  if (!area) return '';
  const hm = att && range ? blockHeatmap(n, att) : undefined;
  if (!hm || !range) {
    return (
      rect(area, 'hm-empty', 2) +
      text(
        area.x + 6,
        area.y + area.height / 2 + DETAIL_SIZE * BASELINE,
        'dtl',
        `${area.rows} × ${area.groups} attention · no image`,
      )
    );
  }
  const parts = [
    `<g class="heatmap" data-rows="${hm.rows}" data-groups="${hm.groups}" data-channels="${hm.channels}">`,
  ];
  for (const c of hm.cells) parts.push(heatRect(c, 'hm-cell', range.min, range.max, true));
  for (const s of hm.strips) parts.push(heatRect(s, 'hm-strip', range.min, range.max, false));
  parts.push('</g>');
  return parts.join('');
}

/** One `<g data-block>` per block: its box (or frame with ops and their edges) and heatmap. */
export function blockGroup(
  n: DiagramNode,
  ops: DiagramNode[],
  opEdges: DiagramEdge[],
  accent: string,
  att: AttentionBlock | undefined,
  range: { min: number; max: number } | undefined,
): string {
  const attrs =
    `data-block="${esc(n.block ?? n.label)}" data-kind="${n.blockType ?? 'basic'}" ` +
    `data-attention="${n.attention ?? 'none'}" data-expanded="${n.expanded ? 'true' : 'false'}"` +
    (n.cardinality ? ` data-cardinality="${n.cardinality}"` : '') +
    (n.radix ? ` data-radix="${n.radix}"` : '');
  const parts = [`<g ${attrs}>`, rect(n, n.expanded ? 'node block-rect frame' : 'node block-rect', 6)];
  parts.push(`<rect x="${num(n.x)}" y="${num(n.y + 3)}" width="4" height="${num(n.height - 6)}" fill="${accent}"/>`);
  parts.push(text(n.x + 12, n.y + 17, 'lbl', n.label));
  if (n.attention && n.attention !== 'none')
    parts.push(text(n.x + n.width - 10, n.y + 17, 'badge', n.attention, 'end'));
  if (n.detail) parts.push(text(n.x + 12, n.y + 33, 'dtl', n.detail));
  parts.push(heatmap(n, att, range));
  for (const e of opEdges) parts.push(edgePath(e));
  for (const o of ops) parts.push(opNode(o));
  parts.push('</g>');
  return parts.join('');
}

export function legend(x: number, y: number, width: number, min: number, max: number): string {
  const w = Math.min(240, width);
  const parts = [`<g class="legend" data-min="${val(min)}" data-max="${val(max)}">`];
  parts.push(text(x, y + 10, 'dtl', 'attention weight (cell: mean of its channel strip)'));
  parts.push(`<rect x="${num(x)}" y="${num(y + 16)}" width="${num(w)}" height="10" fill="url(#sl-scale)"/>`);
  parts.push(text(x, y + 38, 'dtl', formatScaleValue(min)));
  parts.push(text(x + w / 2, y + 38, 'dtl', formatScaleValue((min + max) / 2), 'middle'));
  parts.push(text(x + w, y + 38, 'dtl', formatScaleValue(max), 'end'));
  parts.push('</g>');
  return parts.join('');
}

export function scaleGradient(min: number, max: number): string {
  const stops = Array.from({ length: 11 }, (_, i) => {
    const t = i / 10;
    return `<stop offset="${t}" stop-color="${colorFor(min + t * (max - min), min, max)}"/>`;
  });
  return `<linearGradient id="sl-scale" x1="0" y1="0" x2="1" y2="0">${stops.join('')}</linearGradient>`;
}
