/**
 * The CSV forms of a stats and a scale report (`-o stats.csv`): one row per split × group of each
 * softmax block, or one row per gate block, with the block's entropy, gate and variance figures
 * repeated on each row so every row reads alone; the scale report one row per block × zoom.
 */
import type { ScaleReport, StatsReport } from './stats-report.js';
import { weightsNote } from './stats-report.js';

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const row = (cells: (string | number | null | undefined)[]): string => cells.map(field).join(',');

export const STATS_CSV_HEADER =
  'model,weights,block,stage,kind,axis,photos,split,group,mean,std,win_rate,entropy_mean,entropy_std,gate_mean,gate_std,between_var,within_var,var_ratio,complete';

export function statsCsv(r: StatsReport): string {
  const lines = [STATS_CSV_HEADER];
  for (const m of r.models) {
    for (const b of m.blocks) {
      const tail = [
        b.entropy?.mean,
        b.entropy?.std,
        b.gate?.mean,
        b.gate?.std,
        b.variance.between,
        b.variance.within,
        b.variance.ratio,
        r.complete ? 'yes' : 'partial',
      ];
      const head = [m.model, m.weights, b.block, b.stage, b.kind, b.axis, b.photos];
      if (!b.splits.length) lines.push(row([...head, '', '', b.gate?.mean, b.gate?.std, '', ...tail]));
      for (const s of b.splits) lines.push(row([...head, s.split, s.group, s.mean, s.std, s.winRate, ...tail]));
    }
  }
  return lines.join('\n') + '\n';
}

export const SCALE_CSV_HEADER = 'model,weights,block,stage,kind,axis,zoom,photos,mean_diff,std,split_means,complete';

export function scaleCsv(r: ScaleReport): string {
  const lines = [SCALE_CSV_HEADER];
  for (const m of r.models)
    for (const b of m.blocks)
      for (const p of b.points)
        lines.push(
          row([
            m.model,
            m.weights,
            b.block,
            b.stage,
            b.kind,
            b.axis,
            p.zoom,
            p.n,
            p.meanDiff,
            p.std,
            p.splitMeans.map((v) => Number(v.toPrecision(6))).join(' '),
            r.complete ? 'yes' : 'partial',
          ]),
        );
  return lines.join('\n') + '\n';
}

/** One line per model for the terminal: which weights, how many blocks, mean entropy. */
export function statsSummary(r: StatsReport): string {
  const lines = [`${r.photos.length} photos × ${r.models.length} models${r.complete ? '' : ' (partial: cancelled)'}`];
  for (const m of r.models) {
    lines.push(`  ${m.model} · ${weightsNote(m.weights)}`);
    for (const b of m.blocks) {
      const what = b.entropy
        ? `entropy ${b.entropy.mean.toFixed(3)} ± ${b.entropy.std.toFixed(3)}  win ${b.splitTotals.map((s) => s.winRate.toFixed(2)).join('/')}`
        : `gate ${b.gate!.mean.toFixed(3)} ± ${b.gate!.std.toFixed(3)}`;
      const ratio = b.variance.ratio === null ? '–' : b.variance.ratio.toFixed(3);
      lines.push(`    ${b.block.padEnd(10)} ${b.kind.padEnd(5)} ${what}  between/within ${ratio}`);
    }
    if (m.errors.length) lines.push(`    ${m.errors.length} photo(s) failed: ${m.errors[0]!.message}`);
  }
  return lines.join('\n') + '\n';
}
