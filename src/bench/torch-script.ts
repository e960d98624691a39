/**
 * The PyTorch side of the eager peer (`npm run bench`, part `torch`): scripts/bench-torch.py run by a
 * Python that has torch and torchvision (Debian's python3-torch at /usr/bin/python3). Probes the
 * interpreter, runs the script and parses its JSON, so the caller never sees a Python traceback.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as Zod from 'zod';
import { lazyRequire } from '../platform/lazy-require.js';
import { appRoot } from '../platform/paths.js';

const zod = lazyRequire<typeof Zod>('zod');

/** Debian's interpreter, where `apt-get install python3-torch python3-torchvision` puts torch. */
export const DEFAULT_TORCH_PYTHON = '/usr/bin/python3';

export function torchScriptPath(): string {
  return join(appRoot(), 'scripts', 'bench-torch.py');
}

export type TorchProbe = { ok: true; torch: string } | { ok: false; reason: string };

/** Whether `python` can import torch and torchvision; the reason in one line when not. */
export function probeTorch(python: string = DEFAULT_TORCH_PYTHON): TorchProbe {
  if (!existsSync(torchScriptPath()) || !existsSync(join(appRoot(), 'fixtures', 'tiny')))
    return { ok: false, reason: 'scripts/bench-torch.py and fixtures/tiny are only in a source checkout' };
  const r = spawnSync(python, ['-c', 'import torch, torchvision; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const install = 'apt-get install python3-torch python3-torchvision';
  if (r.error) return { ok: false, reason: `${python} cannot be run (${(r.error as NodeJS.ErrnoException).code})` };
  if (r.status !== 0) {
    const last = r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`;
    return { ok: false, reason: `${python} cannot import torch and torchvision (${last}); ${install}` };
  }
  return { ok: true, torch: r.stdout.trim() };
}

/** The script's output schemas, made on first use (zod is loaded only when a bench runs PyTorch). */
function makeSchemas(z: typeof Zod.z) {
  const fixtureCheck = z.object({
    fixture: z.string(),
    block: z.string(),
    maxAbsDiff: z.number(),
    ok: z.boolean(),
  });
  const timing = z.object({
    batch: z.number().int().positive(),
    runs: z.number().int().positive(),
    firstMs: z.number().nonnegative(),
    medianMs: z.number().nonnegative(),
    minMs: z.number().nonnegative(),
  });
  /** `bench-torch.py --check`: the port on every tiny fixture. */
  const check = z.object({
    torch: z.string(),
    threads: z.number().int().positive(),
    ompWaitPolicy: z.string(),
    tolerance: z.number(),
    checks: z.array(fixtureCheck),
  });
  /** `bench-torch.py --model m`: the family's fixture checks, then the logits of `--input` and timings. */
  const run = check.extend({
    model: z.string(),
    impl: z.enum(['torchvision', 'port']),
    torchvisionVsPort: z.number().optional(),
    logits: z.array(z.number()).optional(),
    timings: z.array(timing).default([]),
    /** Set when a check failed: nothing was timed. */
    error: z.string().optional(),
  });
  /** One `time` request's answer in `--serve` mode. */
  const times = z.object({ ms: z.array(z.number().nonnegative()) });
  return { fixtureCheck, timing, check, run, times };
}

type TorchSchemas = ReturnType<typeof makeSchemas>;
let schemas: TorchSchemas | undefined;

/** `check` (`bench-torch.py --check`) and `run` (`--model m`): what the script prints, as schemas. */
export function torchSchemas(): TorchSchemas {
  return (schemas ??= makeSchemas(zod().z));
}

export type FixtureCheck = Zod.z.infer<TorchSchemas['fixtureCheck']>;
export type TorchTiming = Zod.z.infer<TorchSchemas['timing']>;
export type TorchCheck = Zod.z.infer<TorchSchemas['check']>;
export type TorchRun = Zod.z.infer<TorchSchemas['run']>;

/** The script's stdout (one JSON object) validated by `schema`; a bad one is an Error naming the problem. */
export function parseScriptOutput<S extends Zod.z.ZodType>(stdout: string, schema: S): Zod.z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new Error(`bench-torch.py printed no JSON: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`bench-torch.py output: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  /** The last lines of stderr, for an error message. */
  stderrTail: string;
}

/** Passes the script's `bench-torch: …` progress lines to `log`; returns the last lines, for errors. */
function followStderr(child: ChildProcess, log: (line: string) => void): () => string {
  const tail: string[] = [];
  let pending = '';
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      tail.push(line);
      if (tail.length > 5) tail.shift();
      if (line.startsWith('bench-torch: ')) log(line.slice('bench-torch: '.length));
    }
  });
  return () => [...tail, pending].join('\n').trim();
}

/** Runs the script with `args`; its stderr progress lines go to `log`. */
export function runTorchScript(
  args: string[],
  opts: { python?: string; log?: (line: string) => void } = {},
): Promise<ScriptResult> {
  const log = opts.log ?? (() => undefined);
  return new Promise((resolve, reject) => {
    const child = spawn(opts.python ?? DEFAULT_TORCH_PYTHON, [torchScriptPath(), ...args], {
      cwd: appRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const stderrTail = followStderr(child, log);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderrTail: stderrTail() }));
  });
}

/** The script in `--serve` mode: its result line first, then PyTorch timings on request. */
export interface TorchServer {
  /** The checks, logits and versions; `error` set (and the process gone) when a check failed. */
  readonly run: TorchRun;
  /** `runs` forward passes at `batch` on the bench input, each in ms (measured inside Python). */
  time(batch: number, runs: number): Promise<number[]>;
  /** Ends the process (EOF on stdin); resolves with its exit code. */
  close(): Promise<number | null>;
}

export function startTorchServer(
  args: string[],
  opts: { python?: string; log?: (line: string) => void } = {},
): Promise<TorchServer> {
  const log = opts.log ?? (() => undefined);
  const child = spawn(opts.python ?? DEFAULT_TORCH_PYTHON, [torchScriptPath(), ...args, '--serve'], {
    cwd: appRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => undefined); // EPIPE after a refused check: the exit says why
  const stderrTail = followStderr(child, log);
  // stdout is one JSON object per line; each line answers the oldest waiting request.
  const waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  let outPending = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (outPending + d.toString()).split('\n');
    outPending = lines.pop()!;
    for (const line of lines) if (line.trim()) waiting.shift()?.resolve(line);
  });
  let gone: Error | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  void exited.then((code) => {
    gone = new Error(`bench-torch.py exited (${code}): ${stderrTail()}`);
    for (const w of waiting.splice(0)) w.reject(gone);
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => (gone ? reject(gone) : waiting.push({ resolve, reject })));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    nextLine().then((first) => {
      let run: TorchRun;
      try {
        run = parseScriptOutput(first, torchSchemas().run);
      } catch (e) {
        child.kill();
        reject(e as Error);
        return;
      }
      resolve({
        run,
        async time(batch, runs) {
          const answer = nextLine();
          child.stdin.write(JSON.stringify({ batch, runs }) + '\n');
          return parseScriptOutput(await answer, torchSchemas().times).ms;
        },
        close() {
          child.stdin.end();
          return exited;
        },
      });
    }, reject);
  });
}
