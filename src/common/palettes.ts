/**
 * Light and dark palettes of splitlens' drawings, as data: the diagram's SVG export writes them
 * into its `<style>`, the statistics plots (src/common/plot-*.ts) draw with them, and the UI can use
 * the same values. Accent colours mark a block's attention kind. Environment-neutral.
 */
import type { AttentionKind } from './model.js';
import type { Theme } from './diagram.js';

export interface Palette {
  background: string;
  text: string;
  muted: string;
  stageFill: string;
  stageStroke: string;
  nodeFill: string;
  nodeStroke: string;
  frameFill: string;
  opFill: string;
  opStroke: string;
  edge: string;
  shortcut: string;
  accent: Record<AttentionKind, string>;
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    background: '#ffffff',
    text: '#1f2328',
    muted: '#59636e',
    stageFill: '#f6f8fa',
    stageStroke: '#d1d9e0',
    nodeFill: '#ffffff',
    nodeStroke: '#818b98',
    frameFill: '#fbfcfd',
    opFill: '#eef2f6',
    opStroke: '#9aa5b1',
    edge: '#6e7781',
    shortcut: '#cf222e',
    accent: { none: '#818b98', se: '#1a7f37', sk: '#8250df', splat: '#0969da', eca: '#9a6700' },
  },
  dark: {
    background: '#0d1117',
    text: '#e6edf3',
    muted: '#9198a1',
    stageFill: '#151b23',
    stageStroke: '#3d444d',
    nodeFill: '#0d1117',
    nodeStroke: '#656c76',
    frameFill: '#10151c',
    opFill: '#1f2630',
    opStroke: '#565e68',
    edge: '#8b949e',
    shortcut: '#ff7b72',
    accent: { none: '#656c76', se: '#3fb950', sk: '#bc8cff', splat: '#58a6ff', eca: '#d29922' },
  },
};
