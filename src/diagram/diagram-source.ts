/**
 * An ONNX graph → its analysis and block ops, what a diagram is laid out from (the diagram bench).
 * What a user names (a file or a zoo preset) is resolved once, in `runtime/engine/model-sources.ts`,
 * and opened by the Api; the CLI's `diagram` is a host of that Api.
 */
import type { Analysis, OpNode } from '../common/model.js';
import { analyzeOnnx, blockOps } from '../analysis/index.js';
import type { OnnxModel } from '../onnx/index.js';

export interface DiagramSource {
  /** Preset name or file name. */
  name: string;
  analysis: Analysis;
  opsOf: (block: string) => OpNode[];
}

export function sourceFromOnnx(name: string, model: OnnxModel): DiagramSource {
  const analysis = analyzeOnnx(model);
  return { name, analysis, opsOf: (block) => blockOps(model, analysis, block) };
}
