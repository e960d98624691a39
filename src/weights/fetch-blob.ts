/**
 * Streams one remote file into a `.incomplete` file, resuming with an HTTP Range request from
 * whatever is already there (RFC 9110 §14), retrying a dropped connection from where it broke,
 * and fsyncing before it returns. Verification and the final rename are the caller's.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { lstat, open, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { CancelledError, UserError } from '../common/errors.js';
import { NetworkError, describeNetError, drain, httpRequest, isNetworkError } from './http-client.js';

export type ProgressFn = (done: number, total: number) => void;

export interface FetchOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  onProgress?: ProgressFn;
  /** Names the download in messages (`timm/resnet50.a1_in1k`). */
  label: string;
}

const MAX_REDIRECTS = 5;
/** Reconnects after a connection drops mid-body, each resuming where the last stopped. */
const MAX_RESUMES = 3;

/** The file's size, 0 when it does not exist. */
export async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * Reports progress at most every 0.1% (always the first, the last, and any step back, as when a
 * server ignores Range or a corrupt file is refetched), whatever the chunk size.
 */
function throttled(total: number, fn: ProgressFn | undefined): ProgressFn {
  let last = -Infinity;
  const step = Math.max(1, total / 1000);
  return (done) => {
    if (!fn || (done >= last && done - last < step && done !== total)) return;
    last = done;
    fn(done, total);
  };
}

async function get(url: URL, headers: Record<string, string>, opts: FetchOptions): Promise<IncomingMessage> {
  for (let hop = 0; ; hop++) {
    const res = await httpRequest(url, { method: 'GET', headers, signal: opts.signal, timeoutMs: opts.timeoutMs });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      drain(res);
      if (hop >= MAX_REDIRECTS) throw new UserError(`${opts.label}: too many redirects from ${url.host}`);
      url = new URL(location, url);
      continue;
    }
    return res;
  }
}

const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

interface BodySink {
  fh: FileHandle;
  /** File offset of the body's first byte. */
  start: number;
  /** Most body bytes allowed (the announced size minus `start`). */
  limit: number;
  signal: AbortSignal | undefined;
  onWritten: (n: number) => void;
  tooLong: () => Error;
}

/**
 * Writes a response body at `sink.start`. Unlike `for await`, a body cut short loses nothing that
 * arrived: chunks are queued on receipt and written before the failure is reported, so a resume
 * starts after the last byte received. Must be called with no await since the response head
 * arrived, or an early `close` goes unseen. Pauses the socket only when the disk falls 8 MB behind.
 */
function copyBody(res: IncomingMessage, sink: BodySink): Promise<void> {
  return new Promise((resolve, reject) => {
    const queue: Buffer[] = [];
    let queued = 0;
    let received = 0;
    let position = sink.start;
    let writing = false;
    let ended = false;
    let failure: unknown;
    let stop = false; // a write failed or the user cancelled: write no more
    const settle = (): void => {
      if (writing || (queue.length > 0 && !stop)) return;
      if (failure !== undefined) reject(failure);
      else if (ended) resolve();
    };
    const fail = (e: unknown): void => {
      failure ??= e;
      if (e instanceof CancelledError) stop = true;
      settle();
    };
    const pump = async (): Promise<void> => {
      if (writing) return;
      writing = true;
      try {
        while (queue.length > 0 && !stop) {
          if (sink.signal?.aborted) {
            failure ??= new CancelledError();
            stop = true;
            res.destroy();
            break;
          }
          const buf = queue.shift()!;
          queued -= buf.length;
          if (queued < LOW_WATER && res.isPaused()) res.resume();
          await sink.fh.write(buf, 0, buf.length, position);
          position += buf.length;
          sink.onWritten(buf.length);
        }
      } catch (e) {
        failure ??= e;
        stop = true;
        res.destroy();
      } finally {
        writing = false;
        settle();
      }
    };
    res.on('data', (buf: Buffer) => {
      received += buf.length;
      if (received > sink.limit) {
        failure ??= sink.tooLong();
        res.destroy();
        return;
      }
      queue.push(buf);
      queued += buf.length;
      if (queued > HIGH_WATER) res.pause();
      void pump();
    });
    res.once('end', () => {
      ended = true;
      if (!res.complete) failure ??= new NetworkError('connection closed early');
      settle();
    });
    res.once('error', fail);
    res.once('close', () => {
      if (!ended) fail(new NetworkError('connection closed early'));
    });
  });
}

/** O_NOFOLLOW where the platform has it (not Windows, where links need privileges to make). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Opens the partial file for writing, never through a link (O_NOFOLLOW; O_EXCL when creating it). */
async function openForWriting(file: string): Promise<FileHandle> {
  try {
    return await open(file, constants.O_RDWR | NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return open(file, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o644);
  }
}

/**
 * A partial download is only ever a regular file we wrote: anything else in its place (a link
 * planted to make us write into another file, a folder) is removed — the link, never its target.
 */
async function clearForeignPartial(file: string): Promise<void> {
  try {
    const st = await lstat(file);
    if (!st.isFile()) await rm(file, { force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * One GET from `offset` into `file` (200: rewritten from byte 0; 206: continued at `offset`).
 * Throws NetworkError, CancelledError... when cut short, leaving exactly the bytes received.
 */
async function fetchOnce(
  url: URL,
  file: string,
  offset: number,
  total: number,
  opts: FetchOptions,
  tick: (done: number, chunk: number) => void,
): Promise<'complete' | 'restart'> {
  const fh = await openForWriting(file); // opened first: no await may separate response and reader
  let done = offset;
  try {
    const res = await get(url, offset > 0 ? { range: `bytes=${offset}-` } : {}, opts);
    const status = res.statusCode ?? 0;
    if (status === 416 && offset > 0) {
      drain(res); // our partial file is no prefix of theirs: start over
      done = 0;
      return 'restart';
    }
    if (status !== 200 && status !== 206) {
      drain(res);
      throw new UserError(`${opts.label}: ${url.host} answered HTTP ${status} for the file download`);
    }
    const start = status === 200 ? 0 : Number(/^bytes (\d+)-/.exec(res.headers['content-range'] ?? '')?.[1] ?? NaN);
    if (start !== 0 && start !== offset) {
      drain(res);
      throw new UserError(`${opts.label}: ${url.host} resumed at byte ${start}, not ${offset}`);
    }
    done = start;
    tick(done, 0);
    await copyBody(res, {
      fh,
      start,
      limit: total - start,
      signal: opts.signal,
      onWritten: (n) => {
        done += n;
        tick(done, n);
      },
      tooLong: () => new UserError(`${opts.label}: ${url.host} sent more than the announced ${total} bytes`),
    });
    return 'complete';
  } finally {
    // Keep exactly the bytes received, durable, for the next resume.
    await fh.truncate(done).catch(() => undefined);
    await fh.sync().catch(() => undefined);
    await fh.close();
  }
}

/**
 * Brings `file` towards `total` bytes from `url`, resuming from its current length. A connection
 * that drops after making progress is resumed up to MAX_RESUMES times; other failures throw. The
 * result is unverified: the caller checks size and sha256.
 */
export async function fetchToFile(url: URL, file: string, total: number, opts: FetchOptions): Promise<void> {
  const report = throttled(total, opts.onProgress);
  let resumes = 0;
  await clearForeignPartial(file);
  for (;;) {
    if (opts.signal?.aborted) throw new CancelledError(`download of ${opts.label} cancelled`);
    let have = await sizeOf(file);
    if (have > total) {
      await truncate(file, 0);
      have = 0;
    }
    if (have === total && total > 0) return report(total, total);
    let received = 0;
    try {
      const outcome = await fetchOnce(url, file, have, total, opts, (done, chunk) => {
        received += chunk;
        report(done, total);
      });
      if (outcome === 'complete') return;
    } catch (e) {
      if (e instanceof CancelledError || (e as Error).name === 'AbortError') {
        throw new CancelledError(
          `download of ${opts.label} cancelled at ${mb(await sizeOf(file))} of ${mb(total)} MB; pull again to resume`,
        );
      }
      if (!isNetworkError(e)) throw e;
      if (received === 0 || resumes >= MAX_RESUMES) {
        const kept = await sizeOf(file);
        const note = kept > 0 ? ` after ${mb(kept)} of ${mb(total)} MB (kept; pull again to resume)` : '';
        throw new NetworkError(`${describeNetError(e)}${note}`, { cause: e });
      }
      resumes++;
    }
  }
}
