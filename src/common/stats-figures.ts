/**
 * A stats or scale report → the figures of the Statistics view and of its exports: per-stage
 * line plots of entropy and split weight, per-block histograms, the photo × block matrix, and
 * the scale experiment's curves per zoom. Every figure's caption names the model, the weights its
 * numbers came from (untrained weights labelled meaningless) and the photos.
 */
import type { Theme } from './diagram.js';
import type { ModelStats, ScaleReport, StatsReport } from './stats-report.js';
import { weightsNote } from './stats-report.js';
import { histogramPlot } from './plot-histogram.js';
import { linePlot } from './plot-line.js';
import { matrixPlot } from './plot-matrix.js';

export type FigureKind = 'entropy' | 'split-weight' | 'histogram' | 'matrix' | 'scale';

export interface Figure {
  /** Stable id (`entropy:resnest50d`), also the export's file stem. */
  id: string;
  kind: FigureKind;
  model: string;
  title: string;
  svg: string;
}

function caption(m: { model: string; weights: ModelStats['weights'] }, photos: number, partial: boolean): string {
  return `${m.model} · ${weightsNote(m.weights)} · ${photos} photo${photos === 1 ? '' : 's'}${partial ? ' · partial run (cancelled)' : ''}`;
}

/** The values' range, so photos that differ stand out (a flat range widened a little). */
function dataRange(values: (number | null)[]): [number, number] {
  const xs = values.filter((v): v is number => v !== null);
  if (!xs.length) return [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return hi - lo > 1e-6 ? [lo, hi] : [lo - 0.01, hi + 0.01];
}

const safeId = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

export function statsFigures(report: StatsReport, theme: Theme, width = 640): Figure[] {
  const out: Figure[] = [];
  const partial = !report.complete;
  for (const m of report.models) {
    if (!m.blocks.length) continue;
    const id = safeId(m.model);
    const photos = Math.max(...m.blocks.map((b) => b.photos));
    const cap = caption(m, photos, partial);
    const softmax = m.blocks.filter((b) => b.entropy);
    const gates = m.blocks.filter((b) => b.gate);
    // Per-block histograms of one quantity: entropy of the split softmax, or SE gate values.
    const histogram = (
      what: string,
      title: string,
      xLabel: string,
      panels: Parameters<typeof histogramPlot>[0]['panels'],
    ): Figure => ({
      id: `histogram-${what}-${id}`,
      kind: 'histogram',
      model: m.model,
      title,
      svg: histogramPlot({ title, caption: cap, theme, width, xLabel, panels }),
    });
    if (softmax.length) {
      const xLabels = softmax.map((b) => b.block);
      const groups = softmax.map((b) => b.stage);
      // Both line plots run over the same blocks, on a 0..1 axis.
      const perBlock = { caption: cap, theme, width, xLabels, groups, yRange: [0, 1] as [number, number] };
      let title = `Normalised entropy of the split softmax per block — ${m.model}`;
      out.push({
        id: `entropy-${id}`,
        kind: 'entropy',
        model: m.model,
        title,
        svg: linePlot({
          title,
          ...perBlock,
          yLabel: 'entropy / log R',
          series: [
            {
              label: 'mean ± std',
              values: softmax.map((b) => b.entropy!.mean),
              spread: softmax.map((b) => b.entropy!.std),
            },
          ],
        }),
      });
      const rows = Math.max(...softmax.map((b) => b.rows));
      const axis = softmax[0]!.axis === 'path' ? 'path' : 'split';
      title = `Mean weight of each ${axis} per block — ${m.model}`;
      out.push({
        id: `split-weight-${id}`,
        kind: 'split-weight',
        model: m.model,
        title,
        svg: linePlot({
          title,
          ...perBlock,
          yLabel: `${axis} weight`,
          series: Array.from({ length: rows }, (_, r) => ({
            label: `${axis} ${r}`,
            values: softmax.map((b) => b.splitTotals[r]?.mean ?? null),
            spread: softmax.map((b) => b.splitTotals[r]?.std ?? null),
          })),
        }),
      });
      out.push(
        histogram(
          'entropy',
          `Entropy of the split softmax, per block — ${m.model}`,
          'entropy / log R (0 decisive, 1 uniform), over photos × groups × channels',
          softmax.map((b) => ({ label: b.block, kind: b.kind, dist: b.entropy! })),
        ),
      );
    }
    if (gates.length) {
      out.push(
        histogram(
          'gate',
          `Gate values, per block — ${m.model}`,
          'gate value (sigmoid), over photos × channels',
          gates.map((b) => ({ label: b.block, kind: b.kind, dist: b.gate! })),
        ),
      );
    }
    const title = `Photo × block — ${m.model}`;
    out.push({
      id: `matrix-${id}`,
      kind: 'matrix',
      model: m.model,
      title,
      svg: matrixPlot({
        title,
        caption: cap,
        theme,
        width,
        photos: report.photos,
        blocks: m.blocks.map((b) => b.block),
        values: m.blocks.map((b) => b.perPhoto),
        range: dataRange(m.blocks.flatMap((b) => b.perPhoto)),
        valueLabel:
          softmax.length && gates.length
            ? 'entropy / log R, or mean gate'
            : softmax.length
              ? 'entropy / log R'
              : 'mean gate',
      }),
    });
  }
  return out;
}

/** SKNet's figure: per block, the mean (last − first) split weight at each zoom, ± its spread. */
export function scaleFigures(report: ScaleReport, theme: Theme, width = 640): Figure[] {
  return report.models
    .filter((m) => m.blocks.length)
    .map((m) => {
      const axis = m.blocks[0]!.axis === 'path' ? 'large − small kernel path' : 'last − first split';
      const title = `Scale experiment: ${axis} — ${m.model}`;
      const n = Math.max(...m.blocks.map((b) => b.points[0]?.n ?? 0));
      return {
        id: `scale-${safeId(m.model)}`,
        kind: 'scale' as const,
        model: m.model,
        title,
        svg: linePlot({
          title,
          caption: caption(m, n, !report.complete),
          theme,
          width,
          xLabels: m.blocks.map((b) => b.block),
          groups: m.blocks.map((b) => b.stage),
          yLabel: 'mean attention difference',
          zeroLine: true,
          series: report.zooms.map((z, zi) => ({
            label: `${z}× zoom`,
            values: m.blocks.map((b) => (b.points[zi]?.n ? b.points[zi].meanDiff : null)),
            spread: m.blocks.map((b) => (b.points[zi]?.n ? b.points[zi].std : null)),
          })),
        }),
      };
    });
}
