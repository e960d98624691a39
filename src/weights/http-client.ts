/**
 * One HTTP(S) request on node:http with what a download needs: proxy tunnels from the environment,
 * a socket timeout that bounds both connecting and every silence mid-body (so nothing hangs),
 * cancellation, and network errors turned into one line a person can act on.
 */
import { request as plainRequest, type IncomingMessage } from 'node:http';
import { request as tlsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { CancelledError } from '../common/errors.js';
import { VERSION } from '../common/version.js';
import { bareHost, defaultPort, openTunnel, proxyFor } from './proxy.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RequestOptions {
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Longest silence allowed while connecting or receiving. */
  timeoutMs: number;
}

/** A network failure with the phrase a person reads (`connection refused`). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly phrase: string,
    options?: { cause?: unknown },
  ) {
    super(phrase, options);
  }
}

const PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (offline?)',
  EAI_AGAIN: 'host name lookup failed (offline?)',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENETUNREACH: 'network unreachable (offline?)',
  EHOSTUNREACH: 'host unreachable (offline?)',
  ETIMEDOUT: 'timed out',
  ECONNABORTED: 'connection aborted',
};

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code.includes('SIGNATURE')
  );
}

export function describeNetError(e: unknown): string {
  if (e instanceof NetworkError) return e.phrase;
  // Node's error for a body cut short by the peer: `aborted`, code ECONNRESET.
  if (e instanceof Error && e.message === 'aborted') return 'connection closed early';
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (PHRASES[code]) return PHRASES[code];
    if (isTlsCode(code))
      return `TLS error: ${(e as Error).message} (${code}; behind an intercepting proxy, set NODE_EXTRA_CA_CERTS)`;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE') return 'connection closed early';
  }
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** A failure of the connection itself (worth a resume), as opposed to disk or protocol errors. */
export function isNetworkError(e: unknown): boolean {
  if (e instanceof NetworkError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code in PHRASES || code === 'ERR_STREAM_PREMATURE_CLOSE' || isTlsCode(code);
  return e instanceof Error && e.message === 'aborted';
}

export const USER_AGENT = `splitlens/${VERSION}; node/${process.versions.node}`;

async function tunnelFor(url: URL, opts: RequestOptions): Promise<(() => Socket) | undefined> {
  const proxy = proxyFor(url);
  if (!proxy) return undefined;
  const host = bareHost(url);
  const raw = await openTunnel(proxy, host, defaultPort(url), opts);
  if (url.protocol !== 'https:') return () => raw;
  return () => tlsConnect({ socket: raw, ...(isIP(host) ? {} : { servername: host }) });
}

/**
 * Sends a request and resolves with the response head; the body streams from the result. A silence
 * longer than `timeoutMs` (connect or mid-body) destroys the response with a NetworkError, and
 * aborting `signal` destroys it with a CancelledError.
 */
export async function httpRequest(url: URL, opts: RequestOptions): Promise<IncomingMessage> {
  if (opts.signal?.aborted) throw new CancelledError();
  const createConnection = await tunnelFor(url, opts);
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    const fail = (err: Error): void => {
      if (response) response.destroy(err);
      else req.destroy(err);
    };
    const req = (url.protocol === 'https:' ? tlsRequest : plainRequest)(url, {
      method: opts.method,
      headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...opts.headers },
      // With no agent, node:http uses createConnection as given (agent: false would ignore it).
      ...(createConnection ? { createConnection } : {}),
    });
    const onAbort = (): void => fail(new CancelledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => opts.signal?.removeEventListener('abort', onAbort));
    req.setTimeout(opts.timeoutMs, () => {
      fail(new NetworkError(`no answer from ${url.host} in ${Math.round(opts.timeoutMs / 1000)} s`));
    });
    req.once('response', (res) => {
      response = res;
      resolve(res);
    });
    req.once('error', reject);
    req.end();
  });
}

/** Reads and discards a body so the connection can be reused. */
export function drain(res: IncomingMessage): void {
  res.resume();
  res.on('error', () => undefined);
}
