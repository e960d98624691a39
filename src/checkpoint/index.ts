/** PyTorch / safetensors checkpoints → state dicts → an inferred ResNet spec and a built model. */
export { readStateDict, isCheckpointPath, CHECKPOINT_EXTENSIONS, type StateDict } from './state-dict.js';
export { inferSpec, describeInferred, specForStateDict, type InferredSpec } from './infer-spec.js';
export {
  inspectCheckpoint,
  buildCheckpoint,
  type LoadedCheckpoint,
  type CheckpointOptions,
} from './load-checkpoint.js';
export { LAYOUT_NAMES } from './key-layouts.js';
