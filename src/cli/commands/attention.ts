import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerAttention(program: Command): void {
  program
    .command('attention')
    .description('attention tensors per block for an image')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UserError('attention is not implemented yet');
    });
}
