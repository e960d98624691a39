/**
 * Test helper: the real CLI as users run it — the esbuild bundle of `src/cli/main.ts` and the
 * inference worker, built from the current sources into a private folder (so a stale or
 * concurrently rebuilt `dist/` cannot skew results) — run as a child process with a timeout.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Where the child's stdout goes: a pipe we read, a file descriptor (`/dev/full`), or a pipe closed at once. */
export interface RunOptions {
  stdout?: 'pipe' | number | 'closed';
  /** Shell commands run before the CLI in the same process (`ulimit -f 1`). */
  prelude?: string;
  cwd?: string;
}

export interface CliBundle {
  /** The bundle's entry point (`…/cli/splitlens.mjs`). */
  entry: string;
  run(args: string[], timeoutMs?: number, opts?: RunOptions): Promise<CliRun>;
  dispose(): void;
}

/** Same options as scripts/build.mjs; the folder ends in `cli/` so the bundle runs its main. */
export async function buildCli(): Promise<CliBundle> {
  const base = join(ROOT, 'node_modules', '.cache', `splitlens-hardening-${process.pid}`);
  const outdir = join(base, 'cli');
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { splitlens: 'src/cli/main.ts', 'inference-worker': 'src/runtime/worker/inference-worker.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    define: { __SPLITLENS_VERSION__: JSON.stringify('0.0.0-hardening') },
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  const entry = join(outdir, 'splitlens.mjs');
  return {
    entry,
    run: (args, timeoutMs = 120_000, opts = {}) => runNode([entry, ...args], timeoutMs, opts),
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

function runNode(args: string[], timeoutMs: number, opts: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const out = opts.stdout ?? 'pipe';
    const stdio = ['ignore', typeof out === 'number' ? out : 'pipe', 'pipe'] as const;
    const child = opts.prelude
      ? spawn('/bin/sh', ['-c', `${opts.prelude}; exec ${[process.execPath, ...args].map(shellQuote).join(' ')}`], {
          cwd: opts.cwd ?? ROOT,
          stdio: [...stdio],
        })
      : spawn(process.execPath, args, { cwd: opts.cwd ?? ROOT, stdio: [...stdio] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    if (out === 'closed') child.stdout!.destroy();
    else child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}

/** A CLI run that ended the way user errors must: exit 2 and exactly one `error:` line on stderr. */
export function isCleanCliError(r: CliRun): boolean {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('note: '));
  return !r.timedOut && r.status === 2 && lines.length === 1 && lines[0]!.startsWith('error: ');
}
