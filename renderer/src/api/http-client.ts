/**
 * Serve-mode adapter: the same `UiApi` the Electron preload exposes, over `POST /api/<method>`
 * (JSON array of arguments, or a packed binary body when they hold typed arrays; results holding
 * typed arrays come back packed — src/common/packed-body.ts) and a streamed `GET /api/events` for progress. The token travels in a
 * header, never in a URL the page requests.
 */
import type { ProgressEvent, UiApi } from '../../../src/api/contract';
import { API_METHODS, HTTP_EVENTS_PATH, TOKEN_HEADER } from '../../../src/common/api-methods';
import { SseParser } from './sse-parser';
import { PACKED_CONTENT_TYPE, holdsTypedArrays, packBody, unpackBody } from '../../../src/common/packed-body';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function createHttpApi(token: string, base = ''): UiApi {
  const listeners = new Set<(e: ProgressEvent) => void>();
  let stream: AbortController | undefined;

  async function call(method: string, args: unknown[]): Promise<unknown> {
    let res: Response;
    try {
      // Uploads travel as their raw bytes in a packed body, not as base64 in JSON.
      const packed = holdsTypedArrays(args);
      res = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': packed ? PACKED_CONTENT_TYPE : 'application/json', [TOKEN_HEADER]: token },
        body: packed ? (packBody(args) as Uint8Array<ArrayBuffer>) : JSON.stringify(args),
      });
    } catch {
      throw new ApiError('cannot reach the splitlens server: is `splitlens serve` still running?', 0);
    }
    // Attention and saliency come back as float32 arrays in a packed body.
    if (res.ok && res.headers.get('content-type')?.startsWith(PACKED_CONTENT_TYPE))
      return unpackBody(new Uint8Array(await res.arrayBuffer()));
    const body = (await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }))) as unknown;
    if (!res.ok) {
      const msg = (body as { error?: string } | null)?.error ?? `${method} failed (${res.status})`;
      throw new ApiError(msg, res.status);
    }
    return body;
  }

  async function listen(signal: AbortSignal): Promise<void> {
    const parser = new SseParser();
    while (!signal.aborted) {
      try {
        const res = await fetch(`${base}${HTTP_EVENTS_PATH}`, { headers: { [TOKEN_HEADER]: token }, signal });
        if (!res.ok || !res.body) return;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const ev of parser.push(value)) {
            if (ev.event !== 'progress') continue;
            const e = JSON.parse(ev.data) as ProgressEvent;
            for (const l of listeners) l(e);
          }
        }
      } catch {
        if (signal.aborted) return;
      }
      // The server went away or restarted: try again shortly.
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  const api = Object.fromEntries(
    API_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)]),
  ) as unknown as UiApi;
  api.onProgress = (listener) => {
    listeners.add(listener);
    if (!stream) {
      stream = new AbortController();
      void listen(stream.signal);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        stream?.abort();
        stream = undefined;
      }
    };
  };
  return api;
}
