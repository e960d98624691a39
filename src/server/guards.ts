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
  constructor(limit: number) {
    super(`request body is larger than ${Math.round(limit / 2 ** 20)} MiB`);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
