/**
 * Benchmark of ONNX reading and architecture analysis (for `splitlens bench`): per file, node count,
 * decode time and analysis time (median and fastest of a few runs after a warm-up).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeModel } from '../onnx/read-onnx.js';
import { analyzeOnnx } from './analyze.js';

export interface AnalysisTiming {
  file: string;
  nodes: number;
  /** Medians over the runs. */
  decodeMs: number;
  analyzeMs: number;
  /** Fastest analysis run: the figure least disturbed by other processes on a busy machine. */
  analyzeMinMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchAnalysis(paths: string[], runs = 5): Promise<AnalysisTiming[]> {
  const out: AnalysisTiming[] = [];
  for (const path of paths) {
    const bytes = await readFile(path);
    const decode: number[] = [];
    const analyze: number[] = [];
    let nodes = 0;
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const model = decodeModel(bytes, basename(path), path);
      const t1 = performance.now();
      analyzeOnnx(model);
      const t2 = performance.now();
      nodes = model.nodes.length;
      if (i > 0) {
        decode.push(t1 - t0);
        analyze.push(t2 - t1);
      }
    }
    out.push({
      file: basename(path),
      nodes,
      decodeMs: median(decode),
      analyzeMs: median(analyze),
      analyzeMinMs: Math.min(...analyze),
    });
  }
  return out;
}
