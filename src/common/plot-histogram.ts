/**
 * Histograms of one statistic per block as small multiples (entropy of the softmax, or gate
 * values): one panel per block on a shared [0, 1] axis, so blocks compare at a glance.
 */
import type { Theme } from './diagram.js';
import type { AttentionKind } from './model.js';
import { PALETTES } from './palettes.js';
import type { Distribution } from './stats-report.js';
import { esc, fmt, plotDocument, px, type PlotText } from './plot-frame.js';

export interface HistogramPanel {
  label: string;
  kind: AttentionKind;
  dist: Distribution;
}

export interface HistogramSpec extends PlotText {
  panels: HistogramPanel[];
  xLabel: string;
  theme: Theme;
  /** Panels per row (default 4). */
  columns?: number;
  width?: number;
}

export function histogramPlot(spec: HistogramSpec): string {
  const p = PALETTES[spec.theme];
  const cols = spec.columns ?? 4;
  const width = spec.width ?? 640;
  const rows = Math.max(1, Math.ceil(spec.panels.length / cols));
  const cellW = (width - 32) / cols;
  const cellH = 104;
  const height = 58 + rows * cellH + 24;
  const parts: string[] = [];
  spec.panels.forEach((panel, i) => {
    const left = 16 + (i % cols) * cellW;
    const top = 58 + Math.floor(i / cols) * cellH;
    const w = cellW - 14;
    const h = cellH - 40;
    const counts = panel.dist.histogram.counts;
    const max = Math.max(1, ...counts);
    const bw = w / counts.length;
    parts.push(`<g class="panel" data-block="${esc(panel.label)}">`);
    parts.push(`<text x="${px(left)}" y="${px(top + 10)}" font-size="11" fill="${p.text}">${esc(panel.label)}</text>`);
    parts.push(
      `<text x="${px(left + w)}" y="${px(top + 10)}" font-size="10" text-anchor="end" fill="${p.muted}">μ ${fmt(panel.dist.mean)} σ ${fmt(panel.dist.std)}</text>`,
    );
    counts.forEach((c, b) => {
      const bh = (c / max) * h;
      const lo = panel.dist.histogram.lo + (b / counts.length) * (panel.dist.histogram.hi - panel.dist.histogram.lo);
      parts.push(
        `<rect x="${px(left + b * bw)}" y="${px(top + 16 + h - bh)}" width="${px(Math.max(0.5, bw - 1))}" height="${px(bh)}" fill="${p.accent[panel.kind]}"><title>${esc(`${panel.label}: ${c} in [${fmt(lo)}, ${fmt(lo + (panel.dist.histogram.hi - panel.dist.histogram.lo) / counts.length)})`)}</title></rect>`,
      );
    });
    parts.push(
      `<line x1="${px(left)}" x2="${px(left + w)}" y1="${px(top + 16 + h)}" y2="${px(top + 16 + h)}" stroke="${p.edge}"/>`,
      `<text x="${px(left)}" y="${px(top + 28 + h)}" font-size="9" fill="${p.muted}">${fmt(panel.dist.histogram.lo)}</text>`,
      `<text x="${px(left + w)}" y="${px(top + 28 + h)}" font-size="9" text-anchor="end" fill="${p.muted}">${fmt(panel.dist.histogram.hi)}</text>`,
      '</g>',
    );
  });
  parts.push(
    `<text x="${px(width / 2)}" y="${px(height - 8)}" font-size="11" text-anchor="middle" fill="${p.text}">${esc(spec.xLabel)}</text>`,
  );
  return plotDocument(spec.theme, width, height, spec, parts.join('\n'));
}
