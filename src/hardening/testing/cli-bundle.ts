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

export interface CliBundle {
  run(args: string[], timeoutMs?: number): Promise<CliRun>;
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
    run: (args, timeoutMs = 120_000) => runNode([entry, ...args], timeoutMs),
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

function runNode(args: string[], timeoutMs: number): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
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
