/**
 * `splitlens` command line: one commander program, one file per command in `commands/`.
 * User mistakes print one `error:` line and exit 2; internal faults exit 1 (docs/cli.md).
 */
import { Command, CommanderError } from 'commander';
import { isUserError, oneLine } from '../common/errors.js';
import { describeFsError } from '../common/file-kinds.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../common/version.js';

function createProgram(): Command {
  const program = new Command('splitlens')
    .description('Compare ResNet, ResNeXt, SE-ResNet, SK-ResNet and ResNeSt: predictions, diagrams, attention.')
    .version(VERSION)
    .showHelpAfterError('(run splitlens --help for usage)')
    .exitOverride()
    .configureOutput({
      // Commander's own messages already start with "error:"; keep them to one line.
      writeErr: (s) => process.stderr.write(s),
    });
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`error: ${oneLine(e)}\n`);
    if (!isUserError(e) && process.env.SPLITLENS_DEBUG) console.error(e);
    return isUserError(e) ? 2 : 1;
  }
}

/**
 * Output that cannot be written is the user's environment, not our fault: `splitlens … | head`
 * closes stdout early, and we stop quietly as Unix tools do; a full disk (`> /dev/full`), a closed
 * descriptor or an I/O error is one `error:` line and exit 2 — never a stack trace.
 */
function guardStdout(): void {
  process.stderr.on('error', () => undefined); // nowhere left to report to
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    process.stderr.write(`error: cannot write to standard output: ${describeFsError(e)}\n`);
    process.exit(2);
  });
}

/** The process entry point (bin/splitlens.mjs, or this file run directly). */
export async function main(argv: string[]): Promise<void> {
  guardStdout();
  try {
    process.exitCode = await runCli(argv);
  } catch (e) {
    process.stderr.write(`error: ${oneLine(e)}\n`);
    process.exitCode = 1;
  }
}

// Entry point when bundled as dist/cli/splitlens.mjs or run with tsx.
const invokedDirectly = process.argv[1] && /cli[\\/](?:splitlens\.mjs|main\.ts)$/.test(process.argv[1]);
if (invokedDirectly) void main(process.argv.slice(2));
