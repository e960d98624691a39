import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { WORKER_READY, type WorkerResponse } from '../src/runtime/worker/worker-protocol.js';
import { utilityChannel, type ForkUtility } from './utility-channel.js';

// Electron cannot run here: a stand-in with UtilityProcess's surface (message/exit events,
// postMessage, kill, stderr) checks the adapter's protocol handling.
function fakeUtility() {
  const proc = Object.assign(new EventEmitter(), {
    stderr: new PassThrough(),
    sent: [] as unknown[],
    killed: false,
    postMessage(m: unknown) {
      proc.sent.push(m);
    },
    kill() {
      proc.killed = true;
      queueMicrotask(() => proc.emit('exit', 15));
      return true;
    },
  });
  const forks: [string, string[], Record<string, unknown>][] = [];
  const fork: ForkUtility = (path, args, options) => {
    forks.push([path, args, options as Record<string, unknown>]);
    return proc as unknown as UtilityProcess;
  };
  return { proc, fork, forks };
}

describe('utilityChannel', () => {
  it('forks the worker entry, becomes ready on the ready message and passes messages both ways', async () => {
    const { proc, fork, forks } = fakeUtility();
    const received: WorkerResponse[] = [];
    const channel = utilityChannel(
      fork,
      { entry: '/app/dist/cli/inference-worker.mjs' },
      { onMessage: (m) => received.push(m), onExit: () => undefined },
    );
    expect(forks[0]![0]).toBe('/app/dist/cli/inference-worker.mjs');
    expect(forks[0]![2]).toMatchObject({ serviceName: 'splitlens inference' });
    proc.emit('message', WORKER_READY);
    await channel.ready;
    channel.send({ id: 1, cancel: true });
    proc.emit('message', { id: 1, ok: true, result: 42 });
    expect(proc.sent).toEqual([{ id: 1, cancel: true }]);
    expect(received).toEqual([{ id: 1, ok: true, result: 42 }]);
  });

  it('reports a crash with its exit code and last stderr line, and fails a pending start', async () => {
    const { proc, fork } = fakeUtility();
    const exits: string[] = [];
    const channel = utilityChannel(
      fork,
      { entry: 'w.mjs' },
      { onMessage: () => undefined, onExit: (r) => exits.push(r) },
    );
    proc.stderr.write('loading model\nterminate called after throwing an instance of Ort::Exception\n');
    await new Promise((r) => setImmediate(r));
    proc.emit('exit', 134);
    expect(exits).toEqual(['exit code 134: terminate called after throwing an instance of Ort::Exception']);
    await expect(channel.ready).rejects.toThrow('inference worker failed to start (exit code 134: terminate called');
    await channel.kill();
    expect(proc.killed).toBe(false);
  });

  it('kill waits for the process to exit', async () => {
    const { proc, fork } = fakeUtility();
    const exits: string[] = [];
    const channel = utilityChannel(
      fork,
      { entry: 'w.mjs', debug: true },
      { onMessage: () => undefined, onExit: (r) => exits.push(r) },
    );
    await channel.kill();
    expect(proc.killed).toBe(true);
    expect(exits).toEqual(['exit code 15']);
  });
});
