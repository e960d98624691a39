/**
 * Benchmark of the diagram export at its worst case: ResNeSt-269e (88 blocks) with every block
 * expanded into its ONNX ops. The zoo builds the graph (weights stripped) and it is analysed from
 * the ONNX, as `splitlens diagram resnest269e --expand all` does; layout, SVG and the file write are timed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttentionResponse } from '../common/api-types.js';
import type { Analysis } from '../common/model.js';
import type { Diagram } from '../common/diagram.js';
import { readOnnx } from '../onnx/index.js';
import { buildGraph, resolvePreset } from '../zoo/index.js';
import { sourceFromOnnx } from './diagram-source.js';
import { layoutDiagram } from './layout.js';
import { renderSvg } from './svg.js';

export interface DiagramBenchResult {
  model: string;
  blocks: number;
  opNodes: number;
  nodes: number;
  edges: number;
  /** Zoo graph build (no weights), then ONNX read + analysis (not part of the export). */
  buildMs: number;
  analyzeMs: number;
  /** The export itself, first run in this process (what one CLI call pays). */
  layoutMs: number;
  svgMs: number;
  writeMs: number;
  exportMs: number;
  /** The same export repeated (median of `repeat`). */
  warmExportMs: number;
  svgBytes: number;
  /** The same export with a heatmap in every block (seeded attention of the taps' shapes). */
  svgBytesWithHeatmaps: number;
}

/** Attention of every tap's shape with values spread over (0, 1), for size measurements. */
function uniformAttention(analysis: Analysis, model: string): AttentionResponse {
  const blocks = analysis.stages
    .flatMap((s) => s.blocks)
    .flatMap((b) =>
      b.taps.map((t) => {
        const n = t.shape.reduce((a, c) => a * c, 1);
        return {
          name: b.name,
          kind: t.kind,
          dims: t.dims,
          shape: t.shape,
          values: Float32Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n),
        };
      }),
    );
  return { model, blocks };
}

const ms = (t0: number): number => Math.round((performance.now() - t0) * 10) / 10;

export async function benchDiagram(opts: { preset?: string; repeat?: number } = {}): Promise<DiagramBenchResult> {
  const preset = opts.preset ?? 'resnest269e';
  let t = performance.now();
  const graph = buildGraph(resolvePreset(preset), preset);
  const buildMs = ms(t);
  t = performance.now();
  const source = sourceFromOnnx(preset, await readOnnx(graph));
  const analyzeMs = ms(t);

  const dir = mkdtempSync(join(tmpdir(), 'splitlens-bench-'));
  try {
    const once = (): { layoutMs: number; svgMs: number; writeMs: number; svg: string; diagram: Diagram } => {
      let t0 = performance.now();
      const diagram = layoutDiagram(source.analysis, { modelId: preset, expand: 'all', opsOf: source.opsOf });
      const layoutMs = ms(t0);
      t0 = performance.now();
      const svg = renderSvg(diagram, { title: `${preset} — every block expanded` });
      const svgMs = ms(t0);
      t0 = performance.now();
      writeFileSync(join(dir, `${preset}.svg`), svg);
      const writeMs = ms(t0);
      return { layoutMs, svgMs, writeMs, svg, diagram };
    };
    const first = once();
    const warm = Array.from({ length: opts.repeat ?? 3 }, () => {
      const r = once();
      return r.layoutMs + r.svgMs + r.writeMs;
    }).sort((a, b) => a - b);
    return {
      model: preset,
      blocks: source.analysis.stages.reduce((n, s) => n + s.blocks.length, 0),
      opNodes: first.diagram.nodes.filter((n) => n.kind === 'op').length,
      nodes: first.diagram.nodes.length,
      edges: first.diagram.edges.length,
      buildMs,
      analyzeMs,
      layoutMs: first.layoutMs,
      svgMs: first.svgMs,
      writeMs: first.writeMs,
      exportMs: Math.round((first.layoutMs + first.svgMs + first.writeMs) * 10) / 10,
      warmExportMs: Math.round(warm[Math.floor(warm.length / 2)]! * 10) / 10,
      svgBytes: Buffer.byteLength(first.svg),
      svgBytesWithHeatmaps: Buffer.byteLength(
        renderSvg(first.diagram, { attention: uniformAttention(source.analysis, preset) }),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx src/diagram/bench.ts [preset]` prints the result as JSON.
if (process.argv[1] && /diagram[\\/]bench\.ts$/.test(process.argv[1])) {
  benchDiagram({ preset: process.argv[2] }).then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
}
