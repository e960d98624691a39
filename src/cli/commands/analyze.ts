import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('architecture of an ONNX export (stages, blocks, K, R, attention)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UserError('analyze is not implemented yet');
    });
}
