/** Architecture analysis of ONNX exports: stages, blocks, K, R, attention taps, params and MACs. */
export { analyzeOnnx, analyzeFile } from './analyze.js';
export { blockOps, opWeightTensors } from './block-ops.js';
export { weightStats } from './weight-stats.js';
export { benchAnalysis, type AnalysisTiming } from './bench-analysis.js';
