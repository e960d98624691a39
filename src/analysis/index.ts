/** Architecture analysis of ONNX exports: stages, blocks, K, R, attention taps, params and MACs. */
export { analyzeOnnx, analyzeFile } from './analyze.js';
export { blockOps } from './block-ops.js';
export { benchAnalysis, type AnalysisTiming } from './bench-analysis.js';
