/**
 * Pretrained timm checkpoints from the Hugging Face Hub (src/weights/README.md): the preset → checkpoint
 * registry, the huggingface_hub cache shared with Python, and resumable, verified downloads.
 */
export {
  CHECKPOINTS,
  checkpointFor,
  repoIdOf,
  type Checkpoint,
  type PretrainedConfig,
  type Interpolation,
} from './checkpoints.js';
export { removeCheckpoint, hubCacheDir, WEIGHTS_FILE } from './hub-cache.js';
export { pullCheckpoint, DEFAULT_ENDPOINT, type PullOptions } from './pull.js';
export {
  damagedNote,
  findCachedCheckpoint,
  inspectCheckpoint,
  listCheckpoints,
  refetchCommand,
  weightState,
  type CachedCheckpoint,
  type CheckpointState,
  type CheckpointStatus,
} from './catalog.js';
