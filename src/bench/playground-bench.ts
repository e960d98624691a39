/**
 * The playground's part of `npm run bench` (issue 19): the time from an edit to the updated
 * diagram and numbers (Api.defineVariant: validate, cost, graph without weights, analysis, layout;
 * goal ≤ 300 ms for resnest50d-sized variants) and from an edit to a measured latency
 * (Api.measureLatency: build with weights, ORT session in the worker, warm-up, timed runs).
 */
import type { VariantEdits } from '../common/playground.js';
import { createApi } from '../api/create-api.js';

export interface PlaygroundBench {
  edits: { edit: string; defineMs: number; params: number; macs: number }[];
  defineMedianMs: number;
  defineMaxMs: number;
  latency: { edit: string; totalMs: number; latencyMs: number; provider: string; runs: number }[];
}

/** R × K edits of resnest50d, each a new architecture (nothing cached from the one before). */
const EDITS: VariantEdits[] = [
  { radix: 1 },
  { radix: 4 },
  { radix: 2, cardinality: 2, baseWidth: 40 },
  { radix: 4, cardinality: 2, baseWidth: 40, avd: 'before' },
  { radix: 1, cardinality: 4, baseWidth: 24 },
  { radix: 0 },
  { attention: 'se', radix: 1, avd: 'none' },
  { attention: 'sk', radix: 2, avd: 'none' },
  { layers: [3, 4, 23, 3] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const describe = (e: VariantEdits) =>
  Object.entries(e)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('-') : String(v)}`)
    .join(' ');

export async function benchPlayground(
  opts: { runs?: number; log?: (l: string) => void } = {},
): Promise<PlaygroundBench> {
  const log = opts.log ?? (() => undefined);
  const api = createApi({ host: 'cli', zoo: [] });
  try {
    // Warm the code paths once (module initialisation, first layout) on another architecture.
    await api.defineVariant({ base: 'resnest50d', edits: { radix: 3, cardinality: 1, baseWidth: 48 } });
    const edits: PlaygroundBench['edits'] = [];
    for (const e of EDITS) {
      const t0 = performance.now();
      const s = await api.defineVariant({ base: 'resnest50d', edits: e });
      const ms = performance.now() - t0;
      if (!s.ok) throw new Error(`bench edit ${describe(e)}: ${s.reasons.join('; ')}`);
      edits.push({ edit: describe(e), defineMs: ms, params: s.cost.params, macs: s.cost.macs });
      log(`playground: edit ${describe(e)} → diagram and numbers in ${ms.toFixed(1)} ms`);
    }
    const latency: PlaygroundBench['latency'] = [];
    for (const e of [{ radix: 1 }, { radix: 4 }]) {
      const t0 = performance.now();
      const r = await api.measureLatency({ variant: { base: 'resnest50d', edits: e }, runs: opts.runs ?? 5 });
      const totalMs = performance.now() - t0;
      latency.push({ edit: describe(e), totalMs, latencyMs: r.latencyMs, provider: r.provider, runs: r.runs });
      log(
        `playground: edit ${describe(e)} → latency ${r.latencyMs.toFixed(1)} ms on ${r.provider} after ${totalMs.toFixed(0)} ms`,
      );
    }
    const times = edits.map((x) => x.defineMs);
    return { edits, defineMedianMs: median(times), defineMaxMs: Math.max(...times), latency };
  } finally {
    await api.dispose();
  }
}

const f1 = (v: number): string => v.toFixed(1);

export function playgroundMarkdown(b: PlaygroundBench): string {
  return [
    '## Playground: edit → diagram and numbers, edit → measured latency (resnest50d variants)',
    '',
    `Edit → updated diagram and numbers (Api.defineVariant: validate, cost, graph without weights, analysis, layout): median ${f1(b.defineMedianMs)} ms, worst ${f1(b.defineMaxMs)} ms (goal ≤ 300 ms).`,
    '',
    '| edit of resnest50d | params | GMACs | edit → diagram ms |',
    '|---|---|---|---|',
    ...b.edits.map(
      (e) => `| ${e.edit} | ${e.params.toLocaleString('en-US')} | ${(e.macs / 1e9).toFixed(2)} | ${f1(e.defineMs)} |`,
    ),
    '',
    'Edit → measured latency (Api.measureLatency: build with seeded weights, ORT session in the worker, warm-up, median of the timed runs):',
    '',
    '| edit of resnest50d | edit → latency ms | of which one run (median) ms | provider | runs |',
    '|---|---|---|---|---|',
    ...b.latency.map((l) => `| ${l.edit} | ${f1(l.totalMs)} | ${f1(l.latencyMs)} | ${l.provider} | ${l.runs} |`),
  ].join('\n');
}
