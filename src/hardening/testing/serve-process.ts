/**
 * Test helper: a real `splitlens serve --port 0` child process (the esbuild bundle of the CLI, as
 * users run it) with the fixtures' tiny zoo, and the ways a hostile or heavy client talks to it:
 * JSON calls, raw request bytes streamed in chunks (body bombs without holding them in memory),
 * its resident memory and peak, its inference worker's pid, and SIGTERM with the time to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, ROOT, type CliBundle } from './cli-bundle.js';
import { childPids } from './proc-info.js';
import { FIXTURES } from '../../testing/fixtures.js';

export interface ServeProcess {
  pid: number;
  port: number;
  token: string;
  /** Lines the server printed on stderr so far. */
  stderr(): string;
  call(method: string, args: unknown[]): Promise<{ status: number; body: unknown }>;
  /** Resident memory now and its peak since start (VmRSS, VmHWM), in bytes. */
  memory(): { rss: number; peak: number };
  /** Pids of the inference workers this server has started and that are still alive. */
  workers(): number[];
  /** SIGTERM; resolves with the exit once the process is gone. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  dispose(): void;
}

export interface ServeOptions {
  env?: Record<string, string>;
}

let bundle: Promise<CliBundle> | undefined;
/** One CLI build per test file. */
export function serveBundle(): Promise<CliBundle> {
  return (bundle ??= buildCli());
}

/** A root like the app's (`assets/` and a built renderer) so `serve` starts without `npm run build`. */
function appRootFor(): string {
  const root = mkdtempSync(join(tmpdir(), 'splitlens-serve-root-'));
  symlinkSync(join(ROOT, 'assets'), join(root, 'assets'));
  mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>splitlens</title>');
  return root;
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

export async function startServe(opts: ServeOptions = {}): Promise<ServeProcess> {
  const cli = await serveBundle();
  const root = appRootFor();
  const child: ChildProcess = spawn(process.execPath, [cli.entry, 'serve', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SPLITLENS_ROOT: root,
      SPLITLENS_TINY_ZOO: `${FIXTURES}tiny/`,
      ...opts.env,
    },
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(new URL(m[1]!));
    });
    void exited.then((e) => reject(new Error(`serve exited (${e.code ?? e.signal}) before listening: ${err}`)));
  });
  const port = Number(url.port);
  const token = url.searchParams.get('token')!;
  const pid = child.pid!;
  return {
    pid,
    port,
    token,
    stderr: () => err,
    async call(method, args) {
      const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-splitlens-token': token },
        body: JSON.stringify(args),
      });
      return { status: res.status, body: await res.json() };
    },
    memory: () => memoryOf(pid),
    workers: () => childPids(pid, 'inference-worker'),
    async stop() {
      const t0 = performance.now();
      child.kill('SIGTERM');
      const e = await exited;
      return { ...e, ms: performance.now() - t0 };
    },
    dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface RawResult {
  /** HTTP status of the answer, 0 when the connection closed without one. */
  status: number;
  body: string;
  /** From the first byte sent to the end of the answer (or the connection). */
  ms: number;
  /** Body bytes written before the server answered or closed. */
  sent: number;
}

export interface RawRequest {
  method: string;
  /** Content-Length to declare; absent: chunked transfer encoding. */
  contentLength?: number;
  /** Body bytes: `chunk` repeated until `size` bytes were sent (then `tail`), or stop after `stallAfter` bytes and wait. */
  head?: Buffer;
  chunk?: Buffer;
  size?: number;
  tail?: Buffer;
  stallAfter?: number;
  /** Send only part of the headers and wait (a slow-headers client). */
  partialHeaders?: boolean;
}

/**
 * One authenticated POST written byte for byte on a socket: the body is streamed with back-pressure
 * and stops as soon as the server answers or closes, so a 300 MiB bomb never sits in this process.
 */
export function rawPost(server: Pick<ServeProcess, 'port' | 'token'>, req: RawRequest): Promise<RawResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = connect(server.port, '127.0.0.1');
    let reply = '';
    let sent = 0;
    let answered = false;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const [head = '', ...rest] = reply.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0),
        body: rest.join('\r\n\r\n'),
        ms: performance.now() - t0,
        sent,
      });
      socket.destroy();
    };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      reply += d;
      answered = true;
      // A complete answer: its headers plus the Content-Length they name.
      const m = /\r\ncontent-length: (\d+)/i.exec(reply);
      const split = reply.indexOf('\r\n\r\n');
      if (m && split >= 0 && Buffer.byteLength(reply.slice(split + 4)) >= Number(m[1])) finish();
    });
    socket.on('error', () => undefined); // EPIPE / ECONNRESET once the server stops reading
    socket.on('close', finish);
    const chunked = req.contentLength === undefined;
    const headers = [
      `POST /api/${req.method} HTTP/1.1`,
      `host: 127.0.0.1:${server.port}`,
      `x-splitlens-token: ${server.token}`,
      'content-type: application/json',
      chunked ? 'transfer-encoding: chunked' : `content-length: ${req.contentLength}`,
    ].join('\r\n');
    socket.once('connect', async () => {
      if (req.partialHeaders) {
        socket.write(headers.slice(0, 40));
        return; // and wait for the server to give up
      }
      const write = (b: Buffer): Promise<void> | void => {
        if (answered || done || b.length === 0) return;
        sent += b.length;
        const framed = chunked
          ? Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')])
          : b;
        // Wait for the socket to take it, then give incoming data a turn (the answer stops the loop).
        const drained = socket.write(framed) ? Promise.resolve() : new Promise<void>((r) => socket.once('drain', r));
        return drained.then(() => new Promise<void>((r) => setImmediate(r)));
      };
      socket.write(`${headers}\r\n\r\n`);
      if (req.head) await write(req.head);
      if (req.stallAfter !== undefined) {
        await write(req.chunk!.subarray(0, req.stallAfter));
        return; // and wait
      }
      if (req.chunk && req.size) {
        const body = req.size - (req.head?.length ?? 0) - (req.tail?.length ?? 0);
        for (let left = body; left > 0 && !answered && !done; left -= req.chunk.length)
          await write(left >= req.chunk.length ? req.chunk : req.chunk.subarray(0, left));
      }
      if (req.tail) await write(req.tail);
      if (chunked && !answered && !done) socket.write('0\r\n\r\n');
    });
  });
}
