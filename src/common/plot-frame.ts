/**
 * What every statistics plot shares: the SVG document with the diagram export's look (same
 * palettes, font and background, src/common/palettes.ts), a title, a caption line saying which
 * weights the numbers came from, axes with ticks, and escaping. Pure strings, environment-neutral,
 * so the renderer's Statistics view, its SVG/PNG export and the CLI draw the same figure.
 */
import type { Theme } from './diagram.js';
import { PALETTES, type Palette } from './palettes.js';

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Colours of the series of one plot, in order (zooms, splits): distinct in both themes. */
export const SERIES: Record<Theme, string[]> = {
  light: ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#9a6700', '#bf3989'],
  dark: ['#58a6ff', '#ff7b72', '#3fb950', '#bc8cff', '#d29922', '#ff80c8'],
};

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** A coordinate with at most one decimal. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);

/** A value for a tick label or tooltip: 3 significant digits. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  return String(Number(v.toPrecision(3)));
}

export interface PlotText {
  title: string;
  /** Which weights, photos and model the numbers came from (every figure says it). */
  caption: string;
}

export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** `count` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** The document around a plot: background, title, caption; `body` drawn in between. */
export function plotDocument(theme: Theme, width: number, height: number, text: PlotText, body: string): string {
  const p = PALETTES[theme];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}" data-theme="${theme}">`,
    `<title>${esc(text.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="${p.background}"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600" fill="${p.text}">${esc(text.title)}</text>`,
    `<text x="16" y="42" font-size="11" fill="${p.muted}" class="caption">${esc(text.caption)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

/** Y axis with grid lines and tick labels, x axis line, and the y label. */
export function yAxis(p: Palette, a: Area, lo: number, hi: number, label: string): string {
  const y = (v: number): number => a.top + a.height - ((v - lo) / (hi - lo || 1)) * a.height;
  const parts = ticks(lo, hi).map(
    (t) =>
      `<line x1="${px(a.left)}" x2="${px(a.left + a.width)}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${p.stageStroke}" stroke-width="1"/>` +
      `<text x="${px(a.left - 6)}" y="${px(y(t) + 4)}" font-size="10" text-anchor="end" fill="${p.muted}">${fmt(t)}</text>`,
  );
  parts.push(
    `<line x1="${px(a.left)}" x2="${px(a.left)}" y1="${px(a.top)}" y2="${px(a.top + a.height)}" stroke="${p.edge}"/>`,
    `<text transform="translate(${px(a.left - 40)} ${px(a.top + a.height / 2)}) rotate(-90)" font-size="11" text-anchor="middle" fill="${p.text}">${esc(label)}</text>`,
  );
  return parts.join('\n');
}

export function legend(p: Palette, x: number, y: number, items: { label: string; colour: string }[]): string {
  return items
    .map(
      (it, i) =>
        `<g transform="translate(${px(x)} ${px(y + i * 16)})"><rect width="12" height="3" y="-4" fill="${it.colour}"/>` +
        `<text x="18" y="0" font-size="11" fill="${p.text}">${esc(it.label)}</text></g>`,
    )
    .join('\n');
}
