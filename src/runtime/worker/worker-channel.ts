/**
 * Starts the inference worker on a transport and gives the service one small interface to it:
 * `process` (a forked Node process: a native crash in onnxruntime takes only the worker down),
 * `thread` (worker_threads: cheaper, but a native abort still ends the whole process) or an
 * in-process host (no isolation, for tools and debugging).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  WORKER_DEBUG_ENV,
  WORKER_ERROR_PREFIX,
  WORKER_READY,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol.js';

export type Isolation = 'process' | 'thread' | 'none';

export interface WorkerChannel {
  send(msg: WorkerRequest): void;
  /** Resolves once the worker can take requests. */
  readonly ready: Promise<void>;
  /**
   * False once the worker is known to be gone — also when it died an instant ago and its exit
   * event has not been delivered yet (a forked process that is already a zombie).
   */
  alive(): boolean;
  /** The worker's process id, when it runs in a process of its own. */
  readonly pid?: number;
  /** Ends the worker: SIGTERM, then SIGKILL when it has not exited after the grace period. */
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
  /** How long `kill` waits after SIGTERM before SIGKILL (default 3 s). */
  killGraceMs?: number;
}

export const DEFAULT_KILL_GRACE_MS = 3000;

/**
 * Ends a child process: SIGTERM, and SIGKILL if it is still there after `graceMs` (a stopped or
 * hung process never acts on SIGTERM). Resolves when it has exited; the timer never outlives it.
 */
export async function terminate(
  proc: { kill(signal: NodeJS.Signals): unknown },
  exited: Promise<unknown>,
  graceMs = DEFAULT_KILL_GRACE_MS,
): Promise<void> {
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const escalate = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, escalate]);
  clearTimeout(timer);
  await exited;
}

/** A process that has died but was not reaped yet (Linux: state Z or X in /proc); false where /proc is absent. */
export function isZombie(pid: number | undefined): boolean {
  if (pid === undefined || process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true; // no such process
  }
}

/**
 * A worker entry point by name: `<name>.ts` when running from sources (tsx/vitest), `<name>.mjs`
 * next to the CLI bundle or the inference worker's bundle (dist/cli), `../cli/<name>.mjs` from the
 * Electron main bundle (dist/main).
 */
export function bundledEntry(name: 'inference-worker' | 'prep-thread'): { file: string; execArgv: string[] } {
  // In the CommonJS Electron main bundle (dist/main/main.cjs) esbuild leaves import.meta empty.
  const here = typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(__filename).href;
  if (here.endsWith('.cjs')) return { file: fileURLToPath(new URL(`../cli/${name}.mjs`, here)), execArgv: [] };
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    const source = name === 'prep-thread' ? 'prep-thread-main' : name;
    return { file: fileURLToPath(new URL(`./${source}.ts`, here)), execArgv: ['--import', tsx] };
  }
  return { file: fileURLToPath(new URL(`./${name}.mjs`, here)), execArgv: [] };
}

/** The inference worker's entry point (see `bundledEntry`). */
export function workerEntry(): { file: string; execArgv: string[] } {
  return bundledEntry('inference-worker');
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
  // The crash reason a user sees: the worker's own last error (lines it marks with
  // WORKER_ERROR_PREFIX), else the last stderr line that is not a native library's log line
  // (`PhysicalDeviceVk.cpp:253 …`, `[W:onnxruntime:…]`), which says nothing about the crash.
  let own = '';
  let other = '';
  return {
    ready,
    message: (m) => (m === WORKER_READY ? resolve() : ev.onMessage(m as WorkerResponse)),
    stderr: (chunk) => {
      for (const line of chunk.split('\n').map((l) => l.trim())) {
        if (line.startsWith(WORKER_ERROR_PREFIX)) own = line.slice(WORKER_ERROR_PREFIX.length);
        else if (line && !isNativeLogLine(line)) other = line;
      }
    },
    failed: (message) => (own = message.split('\n')[0]!),
    exited: (how) => {
      const last = own || other;
      const reason = last ? `${how}: ${last.slice(0, 200)}` : how;
      reject(new Error(`inference worker failed to start (${reason})`));
      ev.onExit(reason);
    },
  };
}

/** A log line of native code (a C/C++ source location, onnxruntime's or a GPU driver's log prefix). */
export function isNativeLogLine(line: string): boolean {
  return (
    /\.(c|cc|cpp|cxx|h|hpp|mm?)[:(]\d+/i.test(line) ||
    /^\[?[VIWEF]:onnxruntime/i.test(line) ||
    /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(line)
  );
}

/** A worker `bin/splitlens.mjs` forked before the CLI bundle loaded (`splitlens serve`), with the messages it sent meanwhile. */
interface EarlyWorker {
  file: string;
  child: ChildProcess;
  messages: unknown[];
  keep: (m: unknown) => void;
}

const EARLY_WORKER = Symbol.for('splitlens.earlyWorker');

/**
 * The worker forked early for this entry, taken once: the first process channel of a serve start
 * uses it instead of forking (it has been importing its modules while the CLI bundle loaded). A
 * worker that already exited, or another entry or debug switch, is not adopted.
 */
export function adoptEarlyWorker(
  file: string,
  debug?: boolean,
): { child: ChildProcess; messages: unknown[] } | undefined {
  const g = globalThis as { [EARLY_WORKER]?: EarlyWorker };
  const early = g[EARLY_WORKER];
  if (!early) return undefined;
  delete g[EARLY_WORKER];
  const { child } = early;
  child.off('message', early.keep);
  if (early.file !== file || debug || child.exitCode !== null || child.signalCode !== null || !child.connected) {
    child.kill('SIGKILL');
    return undefined;
  }
  child.ref();
  child.channel?.ref();
  return { child, messages: early.messages };
}

function processChannel(opts: ChannelOptions, ev: ChannelEvents): WorkerChannel {
  const { file, execArgv } = entryFor(opts);
  const early = adoptEarlyWorker(file, opts.debug);
  const child: ChildProcess =
    early?.child ??
    fork(file, [], {
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
  for (const m of early?.messages ?? []) life.message(m); // what it sent before it was adopted (it is ready)
  child.on('exit', (code, signal) => life.exited(signal ? `signal ${signal}` : `exit code ${code}`));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  // One look at /proc per turn of the event loop: a request checks several times, and each read
  // is a few system calls on the thread that serves the UI.
  let zombie: boolean | undefined;
  const zombieNow = (): boolean => {
    if (zombie === undefined) {
      zombie = isZombie(child.pid);
      if (!zombie) setImmediate(() => (zombie = undefined)).unref();
    }
    return zombie;
  };
  return {
    // A send racing the worker's death fails quietly: the exit event fails the request.
    send: (msg) => void (child.connected && child.send(msg, () => undefined)),
    ready: life.ready,
    pid: child.pid,
    alive: () => !gone() && child.connected && !zombieNow(),
    kill: async () => {
      if (gone()) return;
      await terminate(child, exited, opts.killGraceMs);
    },
  };
}

/** A worker thread running `entry` (its `.ts` source under tsx, its bundle otherwise). */
export function workerThread(entry: { file: string; execArgv: string[] }, options: WorkerOptions = {}): Worker {
  const { file, execArgv } = entry;
  if (!file.endsWith('.ts')) return new Worker(file, { ...options, execArgv });
  // `--import tsx` does not reach worker threads on Node 20: load the .ts entry through tsx's API.
  const url = JSON.stringify(pathToFileURL(file).href);
  return new Worker(`import(${JSON.stringify(tsxApi())}).then((m) => m.tsImport(${url}, ${url}))`, {
    ...options,
    eval: true,
  });
}

function threadChannel(opts: ChannelOptions, ev: ChannelEvents): WorkerChannel {
  const { file, execArgv } = entryFor(opts);
  const worker = workerThread({ file, execArgv }, { env: workerEnv(opts.debug) });
  const life = workerLifecycle(ev);
  worker.on('message', life.message);
  worker.on('error', (e) => life.failed(e.message));
  let exited = false;
  worker.on('exit', (code) => {
    exited = true;
    life.exited(`exit code ${code}`);
  });
  return {
    send: (msg) => worker.postMessage(msg),
    ready: life.ready,
    alive: () => !exited,
    kill: async () => void (await worker.terminate()),
  };
}

function inProcessChannel(ev: ChannelEvents): WorkerChannel {
  // Imported on demand: a service that isolates inference never loads onnxruntime in this process.
  let host: { handle(msg: WorkerRequest): void } | undefined;
  const ready = import('./worker-host.js').then((m) => void (host = new m.WorkerHost((r) => ev.onMessage(r))));
  return { send: (msg) => host?.handle(msg), ready, alive: () => true, kill: async () => undefined };
}

export function openChannel(opts: ChannelOptions, ev: ChannelEvents): WorkerChannel {
  if (opts.isolation === 'process') return processChannel(opts, ev);
  if (opts.isolation === 'thread') return threadChannel(opts, ev);
  return inProcessChannel(ev);
}
