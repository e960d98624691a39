import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerWeights(program: Command): void {
  program
    .command('weights')
    .description('pretrained checkpoints: list, pull, rm')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UserError('weights is not implemented yet');
    });
}
