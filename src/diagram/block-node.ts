/**
 * What a block node says and how much room its heatmap needs: label, detail line (type,
 * channels, stride, K, R, attention — timm's vocabulary) and heatmap rows × groups
 * (ResNeSt R × K, SK paths × K, SE/ECA 1 × K).
 */
import type { Block } from '../common/model.js';
import { HEATMAP_PAD, HEATMAP_ROW } from './metrics.js';

export function blockDetail(b: Block): string {
  if (b.unrecognised) {
    // Shown in place, with its ops: what it is not is all that can be said.
    const parts = ['unrecognised block', `${b.nodes.length} ops`];
    if (b.stride > 1) parts.push(`/${b.stride}`);
    return parts.join(' · ');
  }
  const parts = [`${b.type} ${b.in}→${b.out}`];
  if (b.stride > 1) parts.push(`/${b.stride}`);
  const kr = [b.cardinality > 1 ? `K=${b.cardinality}` : '', b.radix > 1 ? `R=${b.radix}` : '']
    .filter(Boolean)
    .join(' ');
  if (kr) parts.push(kr);
  if (b.attention !== 'none') parts.push(b.attention);
  if (b.downsample) parts.push('↓');
  return parts.join(' · ');
}

export function heatmapGrid(b: Block): { rows: number; groups: number } | undefined {
  if (b.attention === 'none') return undefined;
  const rows = b.attention === 'splat' || b.attention === 'sk' ? Math.max(1, b.radix) : 1;
  return { rows, groups: Math.max(1, b.cardinality) };
}

/** Height of the heatmap band below a block's header (0 without attention). */
export function heatmapBand(b: Block): number {
  const g = heatmapGrid(b);
  return g ? g.rows * HEATMAP_ROW + HEATMAP_PAD : 0;
}
