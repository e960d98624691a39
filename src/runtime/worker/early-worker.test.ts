/**
 * `splitlens serve` forks the inference worker before the CLI bundle loads (bin/splitlens.mjs);
 * the first process channel adopts that worker instead of forking another, and answers through it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { openChannel, workerEntry, type WorkerChannel } from './worker-channel.js';
import type { WorkerResponse } from './worker-protocol.js';

const EARLY = Symbol.for('splitlens.earlyWorker');

/** What bin/splitlens.mjs does for `serve`: fork, keep its messages, leave it unref'd. */
function forkEarly(file: string): ChildProcess {
  const { execArgv } = workerEntry();
  const child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  const messages: unknown[] = [];
  const keep = (m: unknown): number => messages.push(m);
  child.on('message', keep);
  child.unref();
  child.channel?.unref();
  (globalThis as Record<symbol, unknown>)[EARLY] = { file, child, messages, keep };
  return child;
}

const exited = (child: ChildProcess): Promise<unknown> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));

describe('the early worker of a serve start', () => {
  let channel: WorkerChannel | undefined;
  afterEach(async () => {
    await channel?.kill();
    channel = undefined;
    delete (globalThis as Record<symbol, unknown>)[EARLY];
  });

  it('is adopted by the first process channel, and answers requests', async () => {
    const child = forkEarly(workerEntry().file);
    // Let it become ready before it is adopted: its ready message must not be lost.
    await new Promise<void>((r) => child.once('message', () => r()));
    const answers: WorkerResponse[] = [];
    channel = openChannel({ isolation: 'process' }, { onMessage: (m) => answers.push(m), onExit: () => undefined });
    expect(channel.pid).toBe(child.pid);
    await channel.ready;
    channel.send({ id: 1, call: { op: 'cacheStats' } });
    await expect.poll(() => answers.length, { timeout: 30_000 }).toBe(1);
    expect(answers[0]).toMatchObject({ id: 1, ok: true, result: { inferences: 0 } });
    expect((globalThis as Record<symbol, unknown>)[EARLY]).toBeUndefined(); // taken once
  });

  it('is not adopted for another entry or in debug mode: it is stopped and a fresh worker forked', async () => {
    const child = forkEarly('/nonexistent/inference-worker.mjs');
    channel = openChannel({ isolation: 'process' }, { onMessage: () => undefined, onExit: () => undefined });
    expect(channel.pid).not.toBe(child.pid);
    await exited(child);
    await channel.ready;
    await channel.kill();
    const other = forkEarly(workerEntry().file);
    channel = openChannel(
      { isolation: 'process', debug: true },
      { onMessage: () => undefined, onExit: () => undefined },
    );
    expect(channel.pid).not.toBe(other.pid);
    await exited(other);
  });
});
