/**
 * Starts the inference worker on a transport and gives the service one small interface to it:
 * `process` (a forked Node process: a native crash in onnxruntime takes only the worker down),
 * `thread` (worker_threads: cheaper, but a native abort still ends the whole process) or an
 * in-process host (no isolation, for tools and debugging).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKER_DEBUG_ENV, WORKER_READY, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';

export type Isolation = 'process' | 'thread' | 'none';

export interface WorkerChannel {
  send(msg: WorkerRequest): void;
  /** Resolves once the worker can take requests. */
  readonly ready: Promise<void>;
  kill(): Promise<void>;
}

export interface ChannelEvents {
  onMessage(msg: WorkerResponse): void;
  /** The worker died; `reason` is one line (exit code or signal, and its last stderr line). */
  onExit(reason: string): void;
}

export interface ChannelOptions {
  isolation: Isolation;
  /** The worker script; default: next to this module (`.ts` from sources, `.mjs` in dist/cli). */
  entry?: string;
  debug?: boolean;
}

/**
 * `inference-worker.ts` when running from sources (tsx/vitest), `inference-worker.mjs` next to the
 * CLI bundle (dist/cli), `../cli/inference-worker.mjs` from the Electron main bundle (dist/main).
 */
export function workerEntry(): { file: string; execArgv: string[] } {
  // In the CommonJS Electron main bundle (dist/main/main.cjs) esbuild leaves import.meta empty.
  const here = typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(__filename).href;
  if (here.endsWith('.cjs')) return { file: fileURLToPath(new URL('../cli/inference-worker.mjs', here)), execArgv: [] };
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { file: fileURLToPath(new URL('./inference-worker.ts', here)), execArgv: ['--import', tsx] };
  }
  return { file: fileURLToPath(new URL('./inference-worker.mjs', here)), execArgv: [] };
}

function tsxApi(): string {
  // The ESM build of `tsx/esm/api` (require.resolve would pick the CommonJS one).
  const loader = createRequire(import.meta.url).resolve('tsx'); // tsx/dist/loader.mjs
  return pathToFileURL(join(dirname(loader), 'esm', 'api', 'index.mjs')).href;
}

function entryFor(opts: ChannelOptions): { file: string; execArgv: string[] } {
  const e = opts.entry ? { file: opts.entry, execArgv: [] } : workerEntry();
  if (!existsSync(e.file)) throw new Error(`inference worker not found at ${e.file} (run node scripts/build.mjs cli)`);
  return e;
}

/** The parent's environment, plus the debug switch that lets tests crash the worker. */
export function workerEnv(debug?: boolean): Record<string, string> {
  return { ...process.env, ...(debug ? { [WORKER_DEBUG_ENV]: '1' } : {}) } as Record<string, string>;
}

/**
 * What every worker transport (thread, process, Electron utility process) shares: the ready
 * promise settled by the worker's first message, the last line it printed (the crash reason a
 * user sees), and one way to report its exit.
 */
export function workerLifecycle(ev: ChannelEvents): {
  ready: Promise<void>;
  message(m: unknown): void;
  stderr(chunk: string): void;
  failed(message: string): void;
  exited(how: string): void;
} {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  ready.catch(() => undefined);
  let last = '';
  return {
    ready,
    message: (m) => (m === WORKER_READY ? resolve() : ev.onMessage(m as WorkerResponse)),
    stderr: (chunk) => {
      const lines = chunk
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (lines.length) last = lines[lines.length - 1]!;
    },
    failed: (message) => (last = message.split('\n')[0]!),
    exited: (how) => {
      const reason = last ? `${how}: ${last.slice(0, 200)}` : how;
      reject(new Error(`inference worker failed to start (${reason})`));
      ev.onExit(reason);
    },
  };
}

function processChannel(opts: ChannelOptions, ev: ChannelEvents): WorkerChannel {
  const { file, execArgv } = entryFor(opts);
  const child: ChildProcess = fork(file, [], {
    execArgv,
    env: workerEnv(opts.debug),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  const life = workerLifecycle(ev);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    life.stderr(s);
    if (process.env.SPLITLENS_DEBUG) process.stderr.write(s);
  });
  child.on('error', (e) => life.failed(e.message));
  child.on('message', life.message);
  child.on('exit', (code, signal) => life.exited(signal ? `signal ${signal}` : `exit code ${code}`));
  return {
    send: (msg) => void child.send(msg),
    ready: life.ready,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((res) => child.once('exit', () => res()));
      child.kill();
      await gone;
    },
  };
}

function threadChannel(opts: ChannelOptions, ev: ChannelEvents): WorkerChannel {
  const { file, execArgv } = entryFor(opts);
  const env = workerEnv(opts.debug);
  // `--import tsx` does not reach worker threads on Node 20: load the .ts entry through tsx's API.
  const worker = file.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(tsxApi())}).then((m) => m.tsImport(${JSON.stringify(pathToFileURL(file).href)}, ${JSON.stringify(pathToFileURL(file).href)}))`,
        { eval: true, env },
      )
    : new Worker(file, { execArgv, env });
  const life = workerLifecycle(ev);
  worker.on('message', life.message);
  worker.on('error', (e) => life.failed(e.message));
  worker.on('exit', (code) => life.exited(`exit code ${code}`));
  return {
    send: (msg) => worker.postMessage(msg),
    ready: life.ready,
    kill: async () => void (await worker.terminate()),
  };
}

function inProcessChannel(ev: ChannelEvents): WorkerChannel {
  // Imported on demand: a service that isolates inference never loads onnxruntime in this process.
  let host: { handle(msg: WorkerRequest): void } | undefined;
  const ready = import('./worker-host.js').then((m) => void (host = new m.WorkerHost((r) => ev.onMessage(r))));
  return { send: (msg) => host?.handle(msg), ready, kill: async () => undefined };
}

export function openChannel(opts: ChannelOptions, ev: ChannelEvents): WorkerChannel {
  if (opts.isolation === 'process') return processChannel(opts, ev);
  if (opts.isolation === 'thread') return threadChannel(opts, ev);
  return inProcessChannel(ev);
}
