/**
 * The weights one op reads, with their value statistics, for the op properties panel. Diagrams are
 * drawn from graphs without weights (zoo models are built weightless; a stripped export has none),
 * so the values come from the model the worker runs: an opened file as read (external data beside
 * it), a zoo model or checkpoint built here with its checkpoint or seed. The last model built is
 * kept, so clicking through one model's ops builds it once.
 */
import type { OpWeight } from '../common/api-types.js';
import { UserError } from '../common/errors.js';
import { opWeightTensors, weightStats } from '../analysis/index.js';
import { decodeModel, readOnnx, type OnnxModel } from '../onnx/index.js';
import { floatValues } from '../onnx/tensor-floats.js';
import { buildModel, resolvePreset } from '../zoo/index.js';
import { checkpointFor, findCachedCheckpoint } from '../weights/index.js';
import { buildCheckpoint, inspectCheckpoint } from '../checkpoint/index.js';
import type { ModelRecord } from './model-registry.js';

export const NOT_IN_FILE = 'weights not in the file';

/** The model with its weights, as the worker would run it. */
async function weighted(record: ModelRecord): Promise<OnnxModel> {
  if (record.entry.source === 'file') return (await record.graph()).model;
  const target = await record.target();
  if ('file' in target) return readOnnx(target.file);
  if ('bytes' in target) return decodeModel(target.bytes, target.name);
  if ('checkpoint' in target) {
    const ck = inspectCheckpoint(target.checkpoint, target.timmSpec ? { timmSpec: target.timmSpec } : {});
    return readOnnx((await buildCheckpoint(ck)).onnx);
  }
  const build =
    'build' in target
      ? target.build
      : (() => {
          const checkpoint = checkpointFor(target.preset);
          const cached = checkpoint ? findCachedCheckpoint(checkpoint.hfId) : undefined;
          const spec = resolvePreset(target.preset);
          return { spec, name: target.preset, seed: target.seed ?? 0, ...(cached ? { weights: cached } : {}) };
        })();
  return readOnnx((await buildModel(build)).onnx);
}

export class OpWeights {
  private last?: { key: string; model: Promise<OnnxModel> };

  async of(record: ModelRecord, opName: string): Promise<OpWeight[]> {
    const { model: graph } = await record.graph();
    const shapes = opWeightTensors(graph, opName);
    if (record.entry.weights === 'analysis-only') {
      return shapes.map((t) => ({ name: t.name, dims: [...t.dims], missing: NOT_IN_FILE }));
    }
    // Weights change when a checkpoint arrives: the state is part of the key.
    const key = `${record.entry.id}\u0000${record.entry.weights}`;
    if (this.last?.key !== key) {
      const model = weighted(record);
      model.catch(() => (this.last = undefined));
      this.last = { key, model };
    }
    const model = await this.last.model;
    return opWeightTensors(model, opName).map((t) => {
      const out: OpWeight = { name: t.name, dims: [...t.dims] };
      try {
        const values = floatValues(model, t);
        if (values) out.stats = weightStats(values);
        else out.missing = 'not a floating-point tensor';
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        out.missing = NOT_IN_FILE;
      }
      return out;
    });
  }

  /** Forget the model kept (a model closed, weights replaced). */
  reset(): void {
    this.last = undefined;
  }
}
