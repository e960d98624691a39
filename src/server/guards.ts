/**
 * Request guards for serve mode: the per-run token, the DNS-rebinding check on Host/Origin, and a
 * bounded body reader. A page on another site can neither read the token nor pass as our origin.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_HEADER } from '../common/api-methods.js';

export { TOKEN_HEADER };

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(req: IncomingMessage, token: string): boolean {
  const got = req.headers[TOKEN_HEADER];
  if (typeof got !== 'string') return false;
  const a = Buffer.from(got);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Host must name the loopback address we listen on (a rebound DNS name would not). */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers send Origin on cross-site and on POST requests; when present it must be ours. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than ${formatBytes(limit)}`);
  }
}

function formatBytes(n: number): string {
  return n >= 2 ** 20 ? `${+(n / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/**
 * The body, at most `limit` bytes. A declared Content-Length over the limit is refused before any
 * byte is read; a body that grows past it stops being kept (the rest is drained and dropped). A
 * client that goes away mid-body rejects too, so no reader waits forever. `inspect` sees each chunk
 * as it arrives; what it throws ends the read the same way (a JSON bomb is refused early).
 */
export function readBody(req: IncomingMessage, limit: number, inspect?: (chunk: Buffer) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge(limit));
      return;
    }
    // With a declared length the body is copied into one buffer as it arrives (its pages become
    // resident only as they are written): no second copy, as concatenating chunks would make.
    const into = declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const stop = (e: unknown): void => {
      req.off('data', onData);
      chunks.length = 0;
      req.resume();
      settled = true;
      reject(e);
    };
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) return stop(new BodyTooLarge(limit));
      try {
        inspect?.(chunk);
      } catch (e) {
        return stop(e);
      }
      if (into) chunk.copy(into, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(into ? into.subarray(0, size) : Buffer.concat(chunks, size));
    });
    req.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    req.on('close', () => {
      if (!settled) reject(new Error('the client closed the connection before the body was complete'));
      settled = true;
    });
  });
}
