import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build a model from an architecture spec into ONNX')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UserError('build is not implemented yet');
    });
}
