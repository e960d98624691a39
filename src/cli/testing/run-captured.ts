/**
 * Runs the CLI in-process with stdout/stderr captured: what a user would see, plus the exit code.
 * For tests of the commands (a child process costs a Node start-up per case).
 */
import { runCli } from '../main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCaptured(argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await runCli(argv), out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
