/**
 * Serve mode: the renderer and the Api over HTTP on 127.0.0.1 only. `POST /api/<method>` takes a
 * JSON array of arguments (or a packed binary body holding uploads' raw bytes), and answers JSON, or
 * a packed body when the result holds typed arrays (attention, saliency); `GET /api/events` streams progress (SSE). Every /api request needs the
 * per-run token (header `x-splitlens-token`); foreign Host/Origin headers are refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Api, type ProgressEvent } from '../api/contract.js';
import { API_METHODS, HTTP_EVENTS_PATH, type ApiMethod } from '../common/api-methods.js';
import { createApi } from '../api/create-api.js';
import { isUserError, oneLine } from '../common/errors.js';
import { PACKED_CONTENT_TYPE, holdsTypedArrays, packBody, unpackBody } from '../common/packed-body.js';
import { appRoot } from '../platform/paths.js';
import { BodyTooLarge, hostAllowed, newToken, originAllowed, readBody, tokenMatches } from './guards.js';
import { API_JSON_LIMITS, JsonShapeCheck, JsonTooComplex } from './bounded-json.js';
import {
  bodyLimitFor,
  DEFAULT_BODY_LIMITS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  requestTimeoutFromEnv,
  type BodyLimits,
} from './body-limits.js';
import { ProgressHub } from './progress-events.js';
import { checkServeArgs } from './request-args.js';
import { serveStatic } from './static-files.js';

export interface ServerOptions {
  /** 0 or absent: a random free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Default: `createApi({host: 'serve'})` with progress sent to `/api/events`. */
  api?: Api;
  /** Builds the Api with the server's progress sink (wins over `api`). */
  makeApi?: (onProgress: (e: ProgressEvent) => void) => Api;
  /** Default: `<app root>/dist/renderer`. */
  staticDir?: string;
  /** The default Api loads its models in the background from the start (`splitlens serve`; see `ApiOptions.preload`). */
  preload?: boolean;
  /** Largest accepted request body per kind of method (defaults: src/server/body-limits.ts). */
  bodyLimits?: Partial<BodyLimits>;
  /** Time to receive a whole request, headers and body (default 120 s, or SPLITLENS_SERVE_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Time to receive the headers (default 20 s, never more than the request timeout). */
  headersTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  // The page's own policy (renderer/index.html) plus what only a header can say (frame-ancestors).
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

const METHODS = new Set<string>(API_METHODS);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendPacked(res: ServerResponse, body: Uint8Array): void {
  res.writeHead(200, { 'content-type': PACKED_CONTENT_TYPE, 'cache-control': 'no-store' });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: oneLine(message) });
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = newToken();
  const hub = new ProgressHub();
  // An Api made here is disposed of here (its inference worker stops with the server).
  const owned =
    opts.makeApi || opts.api ? undefined : createApi({ host: 'serve', onProgress: hub.send, preload: opts.preload });
  const api: Api = opts.makeApi?.(hub.send) ?? opts.api ?? owned!;
  const staticDir = opts.staticDir ?? join(appRoot(), 'dist', 'renderer');
  const limits: BodyLimits = { ...DEFAULT_BODY_LIMITS, ...opts.bodyLimits };
  const requestTimeout = opts.requestTimeoutMs ?? requestTimeoutFromEnv() ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  let port = 0;

  async function callApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, `use POST for /api/${method}`);
    if (!METHODS.has(method)) return sendError(res, 404, `unknown Api method "${method}"`);
    let args: unknown;
    try {
      // Uploads arrive as raw bytes in a packed body (src/common/packed-body.ts); the rest as JSON,
      // whose depth, lengths and count of values are checked as the bytes arrive (JSON.parse then
      // builds a bounded document).
      const packed = (req.headers['content-type'] ?? '').startsWith(PACKED_CONTENT_TYPE);
      const shape = new JsonShapeCheck(API_JSON_LIMITS);
      const body = await readBody(req, bodyLimitFor(method as ApiMethod, limits), (chunk) => {
        if (!packed) shape.feed(chunk);
      });
      if (packed) {
        try {
          args = body.length === 0 ? [] : unpackBody(body);
        } catch (e) {
          return sendError(res, 400, `the request body is not a valid packed body (${oneLine(e)})`);
        }
      } else args = body.length === 0 ? [] : JSON.parse(body.toString('utf8'));
    } catch (e) {
      if (e instanceof BodyTooLarge || e instanceof JsonTooComplex) {
        // Answered at once; Node drains and drops the rest of the body (bounded by requestTimeout),
        // so the client reads the answer instead of a reset connection.
        if (e instanceof JsonTooComplex) return sendError(res, 400, e.message);
        return sendError(res, 413, `${e.message} (the limit for ${method})`);
      }
      if (e instanceof SyntaxError) return sendError(res, 400, 'the request body is not valid JSON');
      throw e;
    }
    try {
      const checked = checkServeArgs(method as ApiMethod, args);
      const fn = api[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>;
      const result = await fn.apply(api, checked);
      // Attention and saliency: float32 arrays as raw bytes behind a small JSON header.
      if (holdsTypedArrays(result)) sendPacked(res, packBody(result));
      else sendJson(res, 200, result);
    } catch (e) {
      if (!isUserError(e) && process.env.SPLITLENS_DEBUG) console.error(e);
      sendError(res, isUserError(e) ? 400 : 500, oneLine(e));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostAllowed(req, port) || !originAllowed(req, port))
      return sendError(res, 403, 'foreign Host or Origin refused');
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      if (!tokenMatches(req, token))
        return sendError(res, 401, 'missing or wrong splitlens token: open the URL printed by `splitlens serve`');
      if (pathname === HTTP_EVENTS_PATH) {
        if (req.method !== 'GET') return sendError(res, 405, 'use GET for /api/events');
        return hub.attach(res);
      }
      return callApi(req, res, pathname.slice('/api/'.length));
    }
    return serveStatic(req, res, staticDir, pathname);
  }

  // requestTimeout ends connections that take too long to *send* a request (a slow-body client);
  // a response may take as long as inference needs, and SSE streams stay open. Node checks the
  // timeouts every connectionsCheckingInterval, so that follows the shortest timeout.
  const server = createServer(
    {
      requestTimeout,
      headersTimeout,
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendError(res, 500, oneLine(e));
        else res.end();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  }).catch(async (e: unknown) => {
    await owned?.dispose(); // its worker (started early with `preload`) must not keep the process alive
    throw e;
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => owned?.dispose()),
  };
}
