import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the splitlens UI in your browser (loopback only)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a random free port)')
    .action(() => {
      throw new UserError('serve is not implemented yet');
    });
}
