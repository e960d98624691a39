/**
 * The photo × block matrix: one cell per photo (row) and block (column) coloured by that photo's
 * per-block number (viridis, as the attention heatmaps), so a photo that behaves unlike the rest
 * stands out. Cells carry `data-photo` / `data-block` so the UI can link a cell to that photo's
 * own heatmaps.
 */
import type { Theme } from './diagram.js';
import { PALETTES } from './palettes.js';
import { colorFor } from './colour-scale.js';
import { esc, fmt, plotDocument, px, type PlotText } from './plot-frame.js';

export interface MatrixSpec extends PlotText {
  photos: string[];
  blocks: string[];
  /** values[block][photo] (null: did not run). */
  values: (number | null)[][];
  /** Colour range (default [0, 1]). */
  range?: [number, number];
  valueLabel: string;
  theme: Theme;
  width?: number;
}

export function matrixPlot(spec: MatrixSpec): string {
  const p = PALETTES[spec.theme];
  const width = spec.width ?? 640;
  const labelW = 140;
  const [lo, hi] = spec.range ?? [0, 1];
  const cellW = Math.max(6, Math.min(40, (width - labelW - 40) / Math.max(1, spec.blocks.length)));
  const cellH = Math.max(6, Math.min(22, 360 / Math.max(1, spec.photos.length)));
  const top = 96;
  const height = top + spec.photos.length * cellH + 48;
  const parts: string[] = [];
  spec.blocks.forEach((b, j) =>
    parts.push(
      `<text transform="translate(${px(labelW + j * cellW + cellW / 2)} ${px(top - 6)}) rotate(-55)" font-size="10" fill="${p.muted}">${esc(b)}</text>`,
    ),
  );
  spec.photos.forEach((photo, i) => {
    const y = top + i * cellH;
    if (cellH >= 9)
      parts.push(
        `<text x="${px(labelW - 6)}" y="${px(y + cellH * 0.7)}" font-size="10" text-anchor="end" fill="${p.text}">${esc(photo.length > 22 ? photo.slice(0, 21) + '…' : photo)}</text>`,
      );
    spec.blocks.forEach((b, j) => {
      const v = spec.values[j]?.[i] ?? null;
      const fill = v === null ? p.stageFill : colorFor(v, lo, hi);
      parts.push(
        `<rect class="cell" data-photo="${i}" data-block="${esc(b)}" x="${px(labelW + j * cellW)}" y="${px(y)}" width="${px(cellW - 1)}" height="${px(cellH - 1)}" fill="${fill}"><title>${esc(`${photo} · ${b}: ${v === null ? 'did not run' : fmt(v)} (${spec.valueLabel})`)}</title></rect>`,
      );
    });
  });
  // Colour bar.
  const barY = top + spec.photos.length * cellH + 14;
  for (let s = 0; s < 20; s++)
    parts.push(
      `<rect x="${px(labelW + s * 8)}" y="${px(barY)}" width="8" height="8" fill="${colorFor(s / 19, 0, 1)}"/>`,
    );
  parts.push(
    `<text x="${px(labelW - 6)}" y="${px(barY + 8)}" font-size="10" text-anchor="end" fill="${p.muted}">${fmt(lo)}</text>`,
    `<text x="${px(labelW + 166)}" y="${px(barY + 8)}" font-size="10" fill="${p.muted}">${fmt(hi)} · ${esc(spec.valueLabel)}</text>`,
  );
  return plotDocument(spec.theme, width, height, spec, parts.join('\n'));
}
