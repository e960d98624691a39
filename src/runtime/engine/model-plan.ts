/**
 * ONNX file or bytes → what the inference service loads: the analyzer's attention taps (already
 * graph outputs in splitlens-built models as `attn:<module path>`, added in memory for any other
 * export) and the CAM head (the tensor entering the global pool and the fc weights after it).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Analysis, Tap } from '../../common/model.js';
import { UserError } from '../../common/errors.js';
import { decodeModel, readOnnx, withExtraOutputs, type OnnxModel, type OnnxTensor } from '../../onnx/index.js';
import { readExternalTensor } from '../../onnx/external-data.js';
import { floatValues } from '../../onnx/tensor-floats.js';
import { analyzeOnnx } from '../../analysis/index.js';
import type { CamHead, ModelMeta } from './model-meta.js';
import { IMAGENET_DEFAULT } from '../image/preprocess.js';
import type { ModelSource } from './model-runner.js';

export interface ModelPlan {
  source: ModelSource;
  meta: ModelMeta;
  analysis: Analysis;
}

function tapsOf(analysis: Analysis): Tap[] {
  return analysis.stages.flatMap((s) =>
    s.blocks.flatMap((b) => b.taps.map((t) => ({ ...t, block: b.name, dims: [...t.dims], shape: [...t.shape] }))),
  );
}

/** Global pool (GlobalAveragePool / ReduceMean over H,W) → [Flatten/Reshape] → Gemm or MatMul(+Add). */
function camHeadOf(model: OnnxModel, analysis: Analysis): CamHead | undefined {
  const head = new Set(analysis.head.nodes);
  const nodes = model.nodes.filter((n) => head.has(n.name));
  const pool = nodes.find((n) => n.opType === 'GlobalAveragePool' || n.opType === 'ReduceMean');
  const fc = nodes.find((n) => n.opType === 'Gemm' || n.opType === 'MatMul');
  if (!pool || !fc) return undefined;
  const w = model.initializers.get(fc.inputs[1] ?? '');
  if (!w || w.dims.length !== 2) return undefined;
  let values: Float32Array | undefined;
  try {
    values = floatValues(model, w);
  } catch {
    return undefined; // weights stripped: no CAM
  }
  if (!values) return undefined;
  const transposed = fc.opType === 'Gemm' ? fc.attrs.get('transB') === 1 : false;
  const [rows, cols] = w.dims as [number, number];
  const [classes, channels] = transposed ? [rows, cols] : [cols, rows];
  const weight = transposed ? values : transpose(values, rows, cols);
  return { features: pool.inputs[0]!, weight, classes, channels };
}

function transpose(v: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = v[r * cols + c]!;
  return out;
}

export interface PlanOptions {
  name: string;
  weights?: ModelMeta['weights'];
  preprocess?: ModelMeta['preprocess'];
  labels?: string[];
  /** Skip the CAM head (no re-serialisation when the model already exposes every tap). */
  saliency?: boolean;
}

/** Read, analyse and expose taps/CAM features of a model so the runtime can load it. */
export async function planModel(source: string | Uint8Array, opts: PlanOptions): Promise<ModelPlan> {
  const model = typeof source === 'string' ? await readOnnx(source) : decodeModel(source, opts.name);
  const analysis = analyzeOnnx(model);
  const stripped = [...model.initializers.values()].some((t) => t.external && !externalPresent(model, t));
  if (stripped)
    throw new UserError(
      `${opts.name}: the weights are not in this file and its external data is missing; it can be analysed but not run`,
    );
  const taps = tapsOf(analysis);
  const cam = opts.saliency === false ? undefined : camHeadOf(model, analysis);
  const outputs = new Set(model.outputs.map((o) => o.name));
  const wanted = [...taps.map((t) => t.tensor), ...(cam ? [cam.features] : [])].filter((t) => !outputs.has(t));
  const main = model.outputs.find((o) => !o.name.startsWith('attn:'))?.name;
  const preprocess = opts.preprocess ?? recordedPreprocess(model);
  const meta: ModelMeta = {
    name: opts.name,
    weights: opts.weights ?? 'pretrained',
    ...(preprocess ? { preprocess } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
    ...(main ? { logits: main } : {}),
    taps,
    ...(cam ? { cam } : {}),
  };
  const src: ModelSource = wanted.length
    ? { bytes: withExtraOutputs(model, wanted) }
    : typeof source === 'string'
      ? { path: source }
      : { bytes: source };
  return { source: src, meta, analysis };
}

/**
 * A model with a dynamic input that records the size it is meant to run at (a splitlens build's
 * `splitlens.input_size`) is preprocessed to that size with ImageNet's default transform.
 */
function recordedPreprocess(model: OnnxModel): ModelMeta['preprocess'] {
  const dims = model.inputs[0]?.shape;
  if (dims && typeof dims[2] === 'number' && typeof dims[3] === 'number') return undefined;
  const prop = model.proto.metadataProps?.find((p) => p.key === 'splitlens.input_size')?.value;
  const m = prop ? /^(\d{1,4})(?:x(\d{1,4}))?$/.exec(prop) : null;
  if (!m) return undefined;
  const h = Number(m[1]);
  return { ...IMAGENET_DEFAULT, size: [h, m[2] ? Number(m[2]) : h] };
}

function externalPresent(model: OnnxModel, t: OnnxTensor): boolean {
  // Missing = weights stripped. A file that is there but leads out of the model's folder (symlink)
  // or is too short is its own error, thrown by readExternalTensor.
  if (!model.path || !existsSync(join(dirname(model.path), t.external!.location))) return false;
  readExternalTensor(model, { ...t, external: { ...t.external!, length: 0 } });
  return true;
}
