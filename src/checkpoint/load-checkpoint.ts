/**
 * A checkpoint file → a built ONNX model: read the state dict, take the spec the user gave (timm
 * kwargs) or infer it from the shapes, and build the zoo graph with those weights. Shared by the
 * CLI (`--model ckpt.pth`, `build --weights`), the app's Open model and the inference worker.
 */
import { buildModel, specFromTimmKwargs, type BuiltModel, type ResNetSpec } from '../zoo/index.js';
import { checkpointName, readStateDict, type StateDict } from './state-dict.js';
import { describeInferred, inferSpec, specForStateDict, type InferredSpec } from './infer-spec.js';

export interface CheckpointOptions {
  /** timm ResNet kwargs overriding the inference (`--timm-spec`, the app's confirmed spec). */
  timmSpec?: unknown;
  /** Input size when neither the spec nor the user gives one. */
  inputSize?: ResNetSpec['inputSize'];
}

export interface LoadedCheckpoint {
  name: string;
  stateDict: StateDict;
  inferred: InferredSpec;
  /** What a person reads to confirm the spec. */
  summary: string[];
}

export function inspectCheckpoint(
  source: string | { bytes: Uint8Array; name: string },
  opts: CheckpointOptions = {},
): LoadedCheckpoint {
  const stateDict = readStateDict(source);
  const inputSize = opts.inputSize !== undefined ? { inputSize: opts.inputSize } : {};
  const inferred =
    opts.timmSpec !== undefined
      ? specForStateDict(stateDict, specFromTimmKwargs(opts.timmSpec, inputSize))
      : inferSpec(stateDict, inputSize);
  const name = checkpointName(typeof source === 'string' ? source : source.name);
  return { name, stateDict, inferred, summary: describeInferred(inferred) };
}

/** Build the checkpoint's model (dynamic height and width unless `fixedSize`). */
export async function buildCheckpoint(
  ck: LoadedCheckpoint,
  opts: { foldBn?: boolean; fixedSize?: boolean } = {},
): Promise<BuiltModel> {
  return buildModel({ spec: ck.inferred.spec, stateDict: ck.inferred.store, name: ck.name, ...opts });
}
