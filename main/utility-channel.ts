/**
 * The inference worker in an Electron utility process: a `WorkerChannel` (src/runtime/
 * worker-channel.ts) over `utilityProcess.fork`. A utility process is Electron's own Node child,
 * so it works with the RunAsNode fuse off (child_process.fork does not), can load the worker from
 * inside app.asar, and a native crash in onnxruntime ends only that process, never the window.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import {
  isZombie,
  terminate,
  workerEnv,
  workerLifecycle,
  type ChannelEvents,
  type WorkerChannel,
} from '../src/runtime/worker/worker-channel.js';

/** `utilityProcess.fork`, passed in so this module is built and tested without Electron. */
export type ForkUtility = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess;

export interface UtilityChannelOptions {
  /** The bundled worker, dist/cli/inference-worker.mjs. */
  entry: string;
  debug?: boolean;
  /** How long `kill` waits after SIGTERM before SIGKILL (default 3 s). */
  killGraceMs?: number;
}

export function utilityChannel(fork: ForkUtility, opts: UtilityChannelOptions, ev: ChannelEvents): WorkerChannel {
  const child = fork(opts.entry, [], {
    serviceName: 'splitlens inference',
    stdio: ['ignore', 'inherit', 'pipe'],
    env: workerEnv(opts.debug),
  });
  const life = workerLifecycle(ev);
  let exited = false;
  const gone = new Promise<void>((res) => child.once('exit', () => res()));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', life.stderr);
  child.on('message', life.message);
  child.once('exit', (code: number) => {
    exited = true;
    life.exited(`exit code ${code}`);
  });
  // UtilityProcess.kill() sends SIGTERM; a hung or stopped worker gets SIGKILL after the grace period.
  const signals = {
    kill: (signal: NodeJS.Signals) =>
      signal === 'SIGTERM' ? child.kill() : child.pid !== undefined && process.kill(child.pid, signal),
  };
  return {
    send: (msg) => child.postMessage(msg),
    ready: life.ready,
    pid: child.pid,
    alive: () => !exited && !isZombie(child.pid),
    kill: async () => {
      if (exited) return;
      await terminate(signals, gone, opts.killGraceMs);
    },
  };
}
