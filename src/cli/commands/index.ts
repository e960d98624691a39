/** Every CLI command, each in its own file. Adding a command = adding a file and a line here. */
import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerBuild } from './build.js';
import { registerPredict } from './predict.js';
import { registerAttention } from './attention.js';
import { registerDiagram } from './diagram.js';
import { registerWeights } from './weights.js';
import { registerServe } from './serve.js';
import { registerBench } from './bench.js';
import { registerStats } from './stats.js';
import { registerSweep } from './sweep.js';

export const COMMANDS: ((program: Command) => void)[] = [
  registerAnalyze,
  registerBuild,
  registerPredict,
  registerAttention,
  registerDiagram,
  registerWeights,
  registerServe,
  registerBench,
  registerStats,
  registerSweep,
];
