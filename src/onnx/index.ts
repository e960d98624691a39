/** ONNX IO: read models (inline, external or stripped weights) and re-serialise them with extra outputs. */
export type { AttrValue, ExternalRef, OnnxModel, OnnxNode, OnnxTensor, ValueInfo } from './model.js';
export { readOnnx, decodeModel } from './read-onnx.js';
export { withExtraOutputs } from './extra-outputs.js';
export { externalTensors, readExternalTensor } from './external-data.js';
export { constantValues, tensorValues, numel, isFloating, DataType } from './tensor.js';
