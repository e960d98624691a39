/**
 * The inference worker in an Electron utility process: a `WorkerChannel` (src/runtime/
 * worker-channel.ts) over `utilityProcess.fork`. A utility process is Electron's own Node child,
 * so it works with the RunAsNode fuse off (child_process.fork does not), can load the worker from
 * inside app.asar, and a native crash in onnxruntime ends only that process, never the window.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import type { ChannelEvents, WorkerChannel } from '../src/runtime/worker-channel.js';
import { WORKER_DEBUG_ENV, WORKER_READY, type WorkerResponse } from '../src/runtime/worker-protocol.js';

/** `utilityProcess.fork`, passed in so this module is built and tested without Electron. */
export type ForkUtility = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess;

export interface UtilityChannelOptions {
  /** The bundled worker, dist/cli/inference-worker.mjs. */
  entry: string;
  debug?: boolean;
}

export function utilityChannel(fork: ForkUtility, opts: UtilityChannelOptions, ev: ChannelEvents): WorkerChannel {
  const env = { ...process.env, ...(opts.debug ? { [WORKER_DEBUG_ENV]: '1' } : {}) } as Record<string, string>;
  const child = fork(opts.entry, [], { serviceName: 'splitlens inference', stdio: ['ignore', 'inherit', 'pipe'], env });
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);
  let exited = false;
  let lastErr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length) lastErr = lines[lines.length - 1]!;
  });
  child.on('message', (m: unknown) => (m === WORKER_READY ? resolveReady() : ev.onMessage(m as WorkerResponse)));
  child.once('exit', (code: number) => {
    exited = true;
    const reason = lastErr ? `exit code ${code}: ${lastErr.slice(0, 200)}` : `exit code ${code}`;
    rejectReady(new Error(`inference worker failed to start (${reason})`));
    ev.onExit(reason);
  });
  return {
    send: (msg) => child.postMessage(msg),
    ready,
    kill: async () => {
      if (exited) return;
      const gone = new Promise<void>((res) => child.once('exit', () => res()));
      child.kill();
      await gone;
    },
  };
}
