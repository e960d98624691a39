/** The model zoo: timm ResNet-family specs → ONNX graphs with timm weights or a seeded init. */
export {
  buildModel,
  buildGraph,
  stateDictLayout,
  specParamCount,
  type BuildOptions,
  type BuiltModel,
} from './build-model.js';
export { PRESETS, PRESET_NAMES, HEADLINE_PRESETS, resolvePreset, type PresetOverrides } from './presets.js';
export { specFromTimmKwargs, specToTimmKwargs } from './timm-spec.js';
export { type TensorStore } from './weight-sources.js';
export {
  validateSpec,
  specSchemas,
  groupedWidth,
  expansion,
  familyOf,
  inputHW,
  formatInputSize,
  BLOCK_KINDS,
  SPEC_DEFAULTS,
  type ResNetSpec,
  type ZooBlockKind,
  type SkOptions,
} from './spec.js';
export { INPUT_NAME, LOGITS_NAME } from './resnet-graph.js';
export { benchBuild, writePresetCheckpoint, type BuildBenchRow } from './build-bench.js';
