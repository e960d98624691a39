import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UserError('bench is not implemented yet');
    });
}
