/**
 * Light and dark palettes of splitlens' drawings, as data: the diagram's SVG export writes them
 * into its `<style>`, the statistics plots (src/common/plot-*.ts) draw with them, and the UI can use
 * the same values. Accent, edge and shortcut colours come from diagram-look.ts, which the app's
 * stylesheet variables are set from too. Environment-neutral.
 */
import type { AttentionKind } from './model.js';
import type { Theme } from './diagram.js';
import { ATTENTION_COLOURS, EDGE_COLOURS } from './diagram-look.js';

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
    edge: EDGE_COLOURS.light,
    shortcut: EDGE_COLOURS.light,
    accent: ATTENTION_COLOURS.light,
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
    edge: EDGE_COLOURS.dark,
    shortcut: EDGE_COLOURS.dark,
    accent: ATTENTION_COLOURS.dark,
  },
};
