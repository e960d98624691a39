/**
 * `renderSvg`: a laid-out Diagram → one self-contained SVG string, the same picture the app shows
 * (same coordinates). Plain SVG 1.1 for browsers, Inkscape and Illustrator: no foreignObject, no
 * external references (only `#` fragments), text as <text>, a viewBox, a <title>, and one
 * `<g data-block data-kind data-attention>` per block with heatmap cells as <rect>s and a legend.
 */
import type { AttentionBlock, AttentionResponse } from '../common/api-types.js';
import type { Diagram, DiagramEdge, DiagramNode, Theme } from '../common/diagram.js';
import { EDGE_STROKES, type StrokeLook } from '../common/diagram-look.js';
import { attentionRange } from '../common/heatmap-geometry.js';
import { DETAIL_SIZE, EDGE_LABEL_SIZE, FONT_FAMILY, LABEL_SIZE, MARGIN } from './metrics.js';
import { blockGroup, edgePath, legend, scaleGradient, spineNode, stageFrame, text } from './svg-parts.js';
import { PALETTES, type Palette } from './themes.js';
import { esc, num } from './xml.js';

export interface SvgOptions {
  theme?: Theme;
  /** Shown on top and as the document <title>; default `<model> — splitlens`. */
  title?: string;
  /** A second, smaller line under the title (e.g. the photo and weight state). */
  subtitle?: string;
  /** Draw each block's heatmap from this attention (first image). */
  attention?: AttentionResponse;
}

const TITLE_BAND = 40;
const SUBTITLE_BAND = 18;
const LEGEND_BAND = 52;

/** A stroke from the shared look, as CSS declarations. */
function stroke(s: StrokeLook): string {
  return (
    `stroke-width:${s.width}` +
    (s.dash ? `;stroke-dasharray:${s.dash}` : '') +
    (s.opacity < 1 ? `;opacity:${s.opacity}` : '')
  );
}

function style(p: Palette): string {
  return [
    `.bg{fill:${p.background}}`,
    `.stage{fill:${p.stageFill};stroke:${p.stageStroke};stroke-width:1}`,
    `.node{fill:${p.nodeFill};stroke:${p.nodeStroke};stroke-width:1}`,
    `.frame{fill:${p.frameFill}}`,
    `.op{fill:${p.opFill};stroke:${p.opStroke};stroke-width:0.8}`,
    `.hm-empty{fill:none;stroke:${p.stageStroke};stroke-dasharray:3 2}`,
    `text{font-family:${FONT_FAMILY}}`,
    `.title{fill:${p.text};font-size:15px;font-weight:bold}`,
    `.lbl{fill:${p.text};font-size:${LABEL_SIZE}px;font-weight:bold}`,
    `.slbl{fill:${p.muted};font-size:${LABEL_SIZE}px;font-weight:bold}`,
    `.badge{fill:${p.muted};font-size:${DETAIL_SIZE}px;font-weight:bold}`,
    `.dtl{fill:${p.muted};font-size:${DETAIL_SIZE}px}`,
    `.olbl{fill:${p.text};font-size:${LABEL_SIZE - 1}px}`,
    `.odtl{fill:${p.muted};font-size:${DETAIL_SIZE - 1}px}`,
    `.elbl{fill:${p.muted};font-size:${EDGE_LABEL_SIZE}px}`,
    `.edge{fill:none;stroke:${p.edge};${stroke(EDGE_STROKES.main)}}`,
    `.sc{stroke:${p.shortcut};${stroke(EDGE_STROKES.shortcut)}}`,
  ].join('');
}

function markers(p: Palette): string {
  const m = (id: string, color: string): string =>
    `<marker id="${id}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto">` +
    `<path d="M0 0L8 4L0 8z" fill="${color}"/></marker>`;
  return m('sl-arrow', p.edge) + m('sl-arrow-sc', p.shortcut);
}

export function renderSvg(diagram: Diagram, opts: SvgOptions = {}): string {
  const p = PALETTES[opts.theme ?? 'light'];
  const title = opts.title ?? `${diagram.model} — splitlens`;
  const attByBlock = new Map<string, AttentionBlock>((opts.attention?.blocks ?? []).map((b) => [b.name, b]));
  const range = opts.attention && attByBlock.size ? attentionRange(opts.attention.blocks) : undefined;

  const band = TITLE_BAND + (opts.subtitle ? SUBTITLE_BAND : 0);
  const top = -band;
  const height = diagram.height + band + (range ? LEGEND_BAND : 0);
  const w = diagram.width;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 ${top} ${num(w)} ${num(height)}" ` +
      `width="${num(w)}" height="${num(height)}" role="img" aria-labelledby="sl-title" data-model="${esc(diagram.model)}">`,
  );
  out.push(`<title id="sl-title">${esc(title)}</title>`);
  out.push(
    `<desc>Block diagram of ${esc(diagram.model)} drawn by splitlens: ${diagram.nodes.filter((n) => n.kind === 'block').length} blocks` +
      `${range ? ', heatmaps of attention weights' : ''}.</desc>`,
  );
  out.push(`<defs><style>${style(p)}</style>${markers(p)}${range ? scaleGradient(range.min, range.max) : ''}</defs>`);
  out.push(`<rect class="bg" x="0" y="${top}" width="${num(w)}" height="${num(height)}"/>`);
  out.push(text(MARGIN, top + 26, 'title', title));
  if (opts.subtitle) out.push(text(MARGIN, top + 44, 'dtl', opts.subtitle));

  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  const opsOf = new Map<string, DiagramNode[]>();
  for (const n of diagram.nodes) {
    if (n.kind === 'op' && n.parent) opsOf.set(n.parent, [...(opsOf.get(n.parent) ?? []), n]);
  }
  // An edge belongs to a block when either end is one of its ops; the rest join the spine.
  const blockEdges = new Map<string, DiagramEdge[]>();
  const spineEdges: DiagramEdge[] = [];
  for (const e of diagram.edges) {
    const end = [byId.get(e.source), byId.get(e.target)].find((n) => n?.kind === 'op');
    if (end?.parent) blockEdges.set(end.parent, [...(blockEdges.get(end.parent) ?? []), e]);
    else spineEdges.push(e);
  }

  out.push('<g class="stages">');
  for (const n of diagram.nodes) if (n.kind === 'stage') out.push(stageFrame(n));
  out.push('</g><g class="edges">');
  for (const e of spineEdges) out.push(edgePath(e));
  out.push('</g><g class="nodes">');
  for (const n of diagram.nodes) {
    if (n.kind === 'block') {
      const accent = p.accent[n.attention ?? 'none'];
      const att = n.block ? attByBlock.get(n.block) : undefined;
      out.push(blockGroup(n, opsOf.get(n.id) ?? [], blockEdges.get(n.id) ?? [], accent, att, range));
    } else if (n.kind !== 'stage' && n.kind !== 'op') {
      out.push(spineNode(n));
    }
  }
  out.push('</g>');
  if (range) out.push(legend(MARGIN, diagram.height + 4, w - 2 * MARGIN, range.min, range.max));
  out.push('</svg>');
  return out.join('\n');
}
