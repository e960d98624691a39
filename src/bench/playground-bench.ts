/**
 * The playground's part of `npm run bench` (issue 19): the time from an edit to the updated
 * diagram and numbers (the steps of Api.defineVariant: validate, cost, weights match, graph without
 * weights, analysis, layout; goal ≤ 300 ms for resnest50d-sized variants) and from an edit to a
 * measured latency (those of Api.measureLatency: build with weights, ORT session in the worker,
 * warm-up, timed runs). It composes the same layers the Api does (bench sits beside api).
 */
import type { VariantEdits } from '../common/playground.js';
import { readOnnx } from '../onnx/index.js';
import { analyzeOnnx, blockOps } from '../analysis/index.js';
import { layoutDiagram } from '../diagram/index.js';
import { buildVariant, describeVariant, variantGraph } from '../playground/index.js';
import { InferenceService } from '../runtime/worker/inference-service.js';
import { inputHW } from '../zoo/index.js';

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

/** What Api.defineVariant does for an edit, up to the laid-out diagram. */
async function define(edits: VariantEdits): Promise<{ params: number; macs: number }> {
  const s = describeVariant({ base: 'resnest50d', edits });
  if (!s.ok || !s.spec) throw new Error(`bench edit ${describe(edits)}: ${s.ok ? '' : s.reasons.join('; ')}`);
  const model = await readOnnx(variantGraph(s.spec, s.label));
  const analysis = analyzeOnnx(model);
  layoutDiagram(analysis, { modelId: s.label, expand: 'none', opsOf: (b) => blockOps(model, analysis, b) });
  return { params: s.cost.params, macs: s.cost.macs };
}

export async function benchPlayground(
  opts: { runs?: number; log?: (l: string) => void } = {},
): Promise<PlaygroundBench> {
  const log = opts.log ?? (() => undefined);
  const runs = opts.runs ?? 5;
  // Warm the code paths once (module initialisation, first layout) on another architecture.
  await define({ radix: 3, cardinality: 1, baseWidth: 48 });
  const edits: PlaygroundBench['edits'] = [];
  for (const e of EDITS) {
    const t0 = performance.now();
    const r = await define(e);
    const ms = performance.now() - t0;
    edits.push({ edit: describe(e), defineMs: ms, ...r });
    log(`playground: edit ${describe(e)} → diagram and numbers in ${ms.toFixed(1)} ms`);
  }
  const service = new InferenceService({});
  const latency: PlaygroundBench['latency'] = [];
  try {
    for (const e of [{ radix: 1 }, { radix: 4 }]) {
      const t0 = performance.now();
      const s = describeVariant({ base: 'resnest50d', edits: e });
      if (!s.ok || !s.spec) throw new Error(`bench edit ${describe(e)}: invalid`);
      const built = await buildVariant(s.spec, s.label);
      const id = `bench:${s.label}`;
      await service.open(id, { bytes: built.onnx, name: s.label, weights: built.weights });
      const [h, w] = inputHW(s.spec);
      const image = { tensor: new Float32Array(s.spec.inChans * h * w), dims: [1, s.spec.inChans, h, w] };
      const times: number[] = [];
      let provider = '';
      for (let i = 0; i < runs; i++) {
        const p = await service.predict(id, image, { top: 1 });
        times.push(p.latencyMs);
        provider = p.provider;
      }
      await service.unload(id);
      const totalMs = performance.now() - t0;
      latency.push({ edit: describe(e), totalMs, latencyMs: median(times), provider, runs });
      log(
        `playground: edit ${describe(e)} → latency ${median(times).toFixed(1)} ms on ${provider} after ${totalMs.toFixed(0)} ms`,
      );
    }
  } finally {
    await service.dispose();
  }
  const times = edits.map((x) => x.defineMs);
  return { edits, defineMedianMs: median(times), defineMaxMs: Math.max(...times), latency };
}

const f1 = (v: number): string => v.toFixed(1);

export function playgroundMarkdown(b: PlaygroundBench): string {
  return [
    '## Playground: edit → diagram and numbers, edit → measured latency (resnest50d variants)',
    '',
    `Edit → updated diagram and numbers (the steps of Api.defineVariant: validate, cost, weights match, graph without weights, analysis, layout): median ${f1(b.defineMedianMs)} ms, worst ${f1(b.defineMaxMs)} ms (goal ≤ 300 ms).`,
    '',
    '| edit of resnest50d | params | GMACs | edit → diagram ms |',
    '|---|---|---|---|',
    ...b.edits.map(
      (e) => `| ${e.edit} | ${e.params.toLocaleString('en-US')} | ${(e.macs / 1e9).toFixed(2)} | ${f1(e.defineMs)} |`,
    ),
    '',
    'Edit → measured latency (the steps of Api.measureLatency: build with seeded weights, ORT session in the worker, warm-up, median of the timed runs):',
    '',
    '| edit of resnest50d | edit → latency ms | of which one run (median) ms | provider | runs |',
    '|---|---|---|---|---|',
    ...b.latency.map((l) => `| ${l.edit} | ${f1(l.totalMs)} | ${f1(l.latencyMs)} | ${l.provider} | ${l.runs} |`),
  ].join('\n');
}
