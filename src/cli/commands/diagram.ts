import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerDiagram(program: Command): void {
  program
    .command('diagram')
    .description('export a block diagram as SVG')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new UserError('diagram is not implemented yet');
    });
}
