/**
 * The look of a block diagram, defined once for the app (renderer/) and the SVG export
 * (src/diagram): attention-kind colours, edge and shortcut strokes, what an op node is called, and
 * how attention numbers are written. Both sides read this table, so an exported figure looks like
 * what was on screen (issue 17, "one look"). Environment-neutral data and pure functions.
 */
import type { AttentionKind } from './model.js';
import type { Theme } from './diagram.js';

/** A block's accent (its left edge and tag) by attention kind; `none` is the muted text colour. */
export const ATTENTION_COLOURS: Record<Theme, Record<AttentionKind, string>> = {
  dark: { none: '#7a8392', se: '#34d399', sk: '#f59e0b', splat: '#c084fc', eca: '#22d3ee' },
  light: { none: '#7b8494', se: '#059669', sk: '#d97706', splat: '#9333ea', eca: '#0891b2' },
};

/** Data-path edges and shortcuts share one colour; a shortcut is thinner, dashed and fainter. */
export const EDGE_COLOURS: Record<Theme, string> = { dark: '#7f8a9c', light: '#8792a2' };

export interface StrokeLook {
  width: number;
  /** SVG/CSS `stroke-dasharray`, absent for a solid line. */
  dash?: string;
  opacity: number;
}

export const EDGE_STROKES: { main: StrokeLook; shortcut: StrokeLook } = {
  main: { width: 1.4, opacity: 1 },
  shortcut: { width: 1.2, dash: '5 4', opacity: 0.8 },
};

/** The text an op node shows: its role in the block when known (`rSoftmax`, `fc1`), else its type. */
export function opNodeLabel(op: { label: string; opType?: string }): string {
  return op.label || op.opType || '';
}

/** An attention value at a scale's ends (legends): 3 decimals, 4 under 0.01, none from 100. */
export function formatScaleValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(Math.abs(v) < 0.01 && v !== 0 ? 4 : 3);
}

/** One heatmap cell's value (tooltips): 4 decimals. */
export function formatCellValue(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : '—';
}

/** A weight statistic (op properties): 4 significant digits, exponent form outside 0.001 … 100,000. */
export function formatWeightValue(n: number): string {
  if (n === 0) return '0';
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  return a >= 1e-3 && a < 1e5 ? String(Number(n.toPrecision(4))) : n.toExponential(3);
}

/** One channel's value as stored (float32: 7 significant digits), for the heatmap's hover. */
export function formatExactValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '—';
}

/** The CSS custom properties the app styles diagrams with, from the table above. */
export function diagramCssVariables(theme: Theme): Record<string, string> {
  const a = ATTENTION_COLOURS[theme];
  const sc = EDGE_STROKES.shortcut;
  return {
    '--attn-none': a.none,
    '--splat': a.splat,
    '--sk': a.sk,
    '--se': a.se,
    '--eca': a.eca,
    '--edge': EDGE_COLOURS[theme],
    '--edge-width': String(EDGE_STROKES.main.width),
    '--shortcut-width': String(sc.width),
    '--shortcut-dash': sc.dash ?? 'none',
    '--shortcut-opacity': String(sc.opacity),
  };
}
