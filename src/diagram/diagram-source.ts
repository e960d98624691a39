/**
 * What `splitlens diagram <model>` names → an analysis and its block ops: an ONNX file (read and
 * analysed from the graph alone; weights may be stripped) or a zoo preset built in memory.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Analysis, OpNode } from '../common/model.js';
import { UserError } from '../common/errors.js';
import { analyzeOnnx, blockOps } from '../analysis/index.js';
import { readOnnx, type OnnxModel } from '../onnx/index.js';
import { buildGraph, PRESET_NAMES, resolvePreset } from '../zoo/index.js';

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

export async function loadDiagramSource(arg: string): Promise<DiagramSource> {
  // A missing .onnx or a folder is readOnnx's one-line error (`<arg>: no such file` / `is a folder, not an ONNX file`).
  if (existsSync(arg) || /\.onnx$/i.test(arg)) return sourceFromOnnx(basename(arg), await readOnnx(arg));
  if (!PRESET_NAMES.includes(arg)) {
    throw new UserError(`${arg}: neither an ONNX file nor a zoo model (${PRESET_NAMES.join(', ')})`);
  }
  return sourceFromOnnx(arg, await readOnnx(buildGraph(resolvePreset(arg), arg)));
}
