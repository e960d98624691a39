/**
 * A line plot over the blocks of a network: x = blocks in order (stage boundaries marked), y = a
 * statistic, one line per series with its spread drawn as error bars. The per-stage entropy and
 * split weight plots use it, and the scale experiment's curves (one line per zoom, as in SKNet's
 * figure of the attention difference per block).
 */
import type { Theme } from './diagram.js';
import { PALETTES } from './palettes.js';
import { esc, fmt, legend, plotDocument, px, SERIES, yAxis, type PlotText } from './plot-frame.js';

export interface LineSeries {
  label: string;
  /** One value per x label (null: none). */
  values: (number | null)[];
  /** ± spread per value, drawn as an error bar. */
  spread?: (number | null)[];
}

export interface LinePlotSpec extends PlotText {
  xLabels: string[];
  /** Stage of each x label: a boundary line where it changes. */
  groups?: string[];
  series: LineSeries[];
  yLabel: string;
  /** Fixed y range; default: the data's, padded. */
  yRange?: [number, number];
  /** Draw a line at y = 0 (differences). */
  zeroLine?: boolean;
  theme: Theme;
  width?: number;
  height?: number;
}

export function linePlot(spec: LinePlotSpec): string {
  const p = PALETTES[spec.theme];
  const width = spec.width ?? 640;
  const height = spec.height ?? 320;
  const colours = SERIES[spec.theme];
  const a = { left: 64, top: 58, width: width - 64 - 130, height: height - 58 - 56 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series)
    s.values.forEach((v, i) => {
      if (v === null) return;
      const e = s.spread?.[i] ?? 0;
      lo = Math.min(lo, v - e);
      hi = Math.max(hi, v + e);
    });
  if (spec.zeroLine) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.08;
  const [y0, y1] = spec.yRange ?? [lo - pad, hi + pad];
  const n = spec.xLabels.length;
  const x = (i: number): number => a.left + (n <= 1 ? a.width / 2 : (i / (n - 1)) * a.width);
  const y = (v: number): number => a.top + a.height - ((v - y0) / (y1 - y0 || 1)) * a.height;
  const parts = [yAxis(p, a, y0, y1, spec.yLabel)];
  if (spec.zeroLine)
    parts.push(
      `<line x1="${px(a.left)}" x2="${px(a.left + a.width)}" y1="${px(y(0))}" y2="${px(y(0))}" stroke="${p.edge}" stroke-dasharray="4 3"/>`,
    );
  // Stage boundaries and x labels.
  spec.groups?.forEach((g, i) => {
    if (i > 0 && g !== spec.groups![i - 1])
      parts.push(
        `<line x1="${px((x(i) + x(i - 1)) / 2)}" x2="${px((x(i) + x(i - 1)) / 2)}" y1="${px(a.top)}" y2="${px(a.top + a.height)}" stroke="${p.nodeStroke}" stroke-dasharray="2 3"/>`,
      );
  });
  const every = Math.max(1, Math.ceil(n / 16));
  spec.xLabels.forEach((l, i) => {
    if (i % every) return;
    parts.push(
      `<text transform="translate(${px(x(i))} ${px(a.top + a.height + 12)}) rotate(35)" font-size="10" fill="${p.muted}">${esc(l)}</text>`,
    );
  });
  spec.series.forEach((s, si) => {
    const c = colours[si % colours.length]!;
    const pts = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
    const runs: string[] = [];
    let run = '';
    for (const pt of pts) {
      if (!pt) {
        if (run) runs.push(run);
        run = '';
        continue;
      }
      run += `${run ? 'L' : 'M'}${px(pt[0])} ${px(pt[1])}`;
    }
    if (run) runs.push(run);
    for (const d of runs) parts.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (v === null) return;
      const e = s.spread?.[i];
      if (e)
        parts.push(
          `<line x1="${px(x(i))}" x2="${px(x(i))}" y1="${px(y(v - e))}" y2="${px(y(v + e))}" stroke="${c}" stroke-width="1" opacity="0.7"/>`,
        );
      parts.push(
        `<circle cx="${px(x(i))}" cy="${px(y(v))}" r="3" fill="${c}"><title>${esc(`${s.label} · ${spec.xLabels[i]}: ${fmt(v)}${e ? ` ± ${fmt(e)}` : ''}`)}</title></circle>`,
      );
    });
  });
  parts.push(
    legend(
      p,
      a.left + a.width + 16,
      a.top + 6,
      spec.series.map((s, i) => ({ label: s.label, colour: colours[i % colours.length]! })),
    ),
  );
  return plotDocument(spec.theme, width, height, spec, parts.join('\n'));
}
