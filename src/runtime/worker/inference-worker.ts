/**
 * Entry point of the inference worker (bundled as `dist/cli/inference-worker.mjs`). Finds its
 * transport — a worker_threads parent port, a forked Node process's IPC channel, or an Electron
 * utility process's `process.parentPort` — and serves the protocol of `worker-protocol.ts`.
 */
import { parentPort } from 'node:worker_threads';
import { WorkerHost } from './worker-host.js';
import { WORKER_ERROR_PREFIX, WORKER_READY, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';
import { oneLine } from '../../common/errors.js';

/** Electron's utility-process port, typed structurally so src/ stays Electron-free. */
interface UtilityParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

function serve(post: (msg: WorkerResponse | string) => void, listen: (on: (msg: WorkerRequest) => void) => void): void {
  const host = new WorkerHost(post);
  listen((msg) => host.handle(msg));
  post(WORKER_READY);
}

// In a process of its own (forked, or Electron's utility process), our own fatal error goes on
// stderr marked, so the service names it as the crash reason instead of whatever a native library
// printed last. (A worker thread's error reaches the parent as its 'error' event.)
if (!parentPort) {
  const fatal = (e: unknown): never => {
    process.stderr.write(`${WORKER_ERROR_PREFIX}${oneLine(e)}\n`);
    process.exit(70);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}

const electronPort = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
if (parentPort) {
  const port = parentPort;
  serve(
    (m) => port.postMessage(m),
    (on) => port.on('message', on),
  );
} else if (electronPort) {
  serve(
    (m) => electronPort.postMessage(m),
    (on) => electronPort.on('message', (e) => on(e.data as WorkerRequest)),
  );
} else if (process.send) {
  const send = process.send.bind(process);
  serve(
    (m) => void send(m),
    (on) => process.on('message', (m) => on(m as WorkerRequest)),
  );
  // The parent went away: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
}
