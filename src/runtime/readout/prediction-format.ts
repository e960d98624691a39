/**
 * Prediction results as a person or a spreadsheet reads them: aligned text, CSV (one row per
 * top-k entry) and the folder listing the batch runs over.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelPrediction, PredictResponse } from '../../common/api-types.js';

/** Extensions the batch mode picks up in a folder (what sharp decodes). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.heic', '.bmp'];

/** The images of a folder (not recursive), sorted by name; a file is a list of one. */
export function imagesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => IMAGE_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e)))
    .sort()
    .map((f) => join(path, f));
}

const ms = (v: number | undefined): string => (v === undefined ? '' : v.toFixed(1));

export function formatText(r: PredictResponse): string {
  const lines = [r.image];
  for (const m of r.results) {
    if (m.error) {
      lines.push(`  ${m.model} · error: ${m.error}`);
      continue;
    }
    const first = m.firstRunMs !== undefined ? ` (first run ${ms(m.firstRunMs)} ms)` : '';
    lines.push(`  ${m.model} · ${m.weights} · ${m.provider} · ${ms(m.latencyMs)} ms${first}`);
    for (const t of m.top)
      lines.push(`    ${(t.prob * 100).toFixed(2).padStart(6)}%  ${String(t.index).padStart(4)}  ${t.label}`);
  }
  return lines.join('\n') + '\n';
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = 'image,model,weights,provider,latency_ms,first_run_ms,rank,index,label,prob,error';

export function csvRows(r: PredictResponse): string[] {
  const row = (m: ModelPrediction, rest: (string | number)[]): string =>
    [r.image, m.model, m.weights, m.provider, ms(m.latencyMs), ms(m.firstRunMs), ...rest].map(csvField).join(',');
  return r.results.flatMap((m) =>
    m.error
      ? [row(m, ['', '', '', '', m.error])]
      : m.top.map((t, i) => row(m, [i + 1, t.index, t.label, t.prob.toPrecision(6), ''])),
  );
}
