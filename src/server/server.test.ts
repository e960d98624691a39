import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from './server.js';
import { createApi } from '../api/create-api.js';
import type { ProgressEvent } from '../api/contract.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.host ?? '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

let server: RunningServer;
let emit: (e: ProgressEvent) => void = () => {};
let handle: ReturnType<typeof createApi> | undefined;
const staticDir = mkdtempSync(join(tmpdir(), 'splitlens-static-'));

function call(method: string, args: unknown, headers: Record<string, string> = {}) {
  return raw(server.port, `/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-splitlens-token': server.token, ...headers },
    body: JSON.stringify(args),
  });
}

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>splitlens</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)');
  server = await startServer({
    staticDir,
    bodyLimits: { small: 4096, upload: 4096, image: 4096 },
    makeApi: (onProgress) => {
      emit = onProgress;
      return (handle = createApi({ host: 'serve', onProgress }));
    },
  });
});
afterAll(async () => {
  await server.close();
  await handle?.dispose();
});

describe('serve mode', () => {
  it('binds 127.0.0.1 on a random port and prints a URL with the token', () => {
    expect(server.port).toBeGreaterThan(0);
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toBe(server.token);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('is not reachable on other interfaces', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // only loopback here: nothing else to try
    await expect(raw(server.port, '/', { host: external.address })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('serves the renderer, hashed assets immutable', async () => {
    const index = await raw(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>splitlens</title>');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    const asset = await raw(server.port, '/assets/app-1234.js');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await raw(server.port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await raw(server.port, '/..%2fpackage.json')).status).toBe(404);
  });

  it('requires the token on every /api request', async () => {
    const none = await raw(server.port, '/api/info', { method: 'POST', body: '[]' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error).toMatch(/token/);
    const wrong = await call('info', [], { 'x-splitlens-token': 'x'.repeat(server.token.length) });
    expect(wrong.status).toBe(401);
    expect((await raw(server.port, '/api/events')).status).toBe(401);
  });

  it('answers an Api call with its JSON result', async () => {
    const r = await call('info', []);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).host).toBe('serve');
  });

  it('refuses foreign Origin and Host headers (DNS rebinding)', async () => {
    const origin = await call('info', [], { origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    const host = await call('info', [], { host: `evil.example:${server.port}` });
    expect(host.status).toBe(403);
    const page = await raw(server.port, '/', { headers: { host: 'rebound.example' } });
    expect(page.status).toBe(403);
    const ours = await call('info', [], { origin: `http://127.0.0.1:${server.port}` });
    expect(ours.status).toBe(200);
  });

  it('404s an unknown method and 405s a GET', async () => {
    const r = await call('deleteEverything', []);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error).toBe('unknown Api method "deleteEverything"');
    expect((await raw(server.port, '/api/info', { headers: { 'x-splitlens-token': server.token } })).status).toBe(405);
  });

  it('answers bad arguments with 400 and one line', async () => {
    for (const [method, args] of [
      ['analyze', [42]],
      ['attention', [{ imageId: 'a' }]],
      ['info', { not: 'an array' }],
      ['blockOps', ['m']],
      ['opWeights', ['m', 'conv\u0000x']],
    ] as const) {
      const r = await call(method, args);
      expect(r.status, method).toBe(400);
      const { error } = JSON.parse(r.body) as { error: string };
      expect(error).toContain(method);
      expect(error).not.toContain('\n');
    }
    const notJson = await raw(server.port, '/api/info', {
      method: 'POST',
      headers: { 'x-splitlens-token': server.token },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
  });

  it('rejects file paths from the browser', async () => {
    for (const method of ['openImage', 'openModel']) {
      const r = await call(method, [{ kind: 'path', path: '/etc/passwd' }]);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error).toContain('file paths are not accepted in serve mode');
    }
  });

  it('limits the body size', async () => {
    const r = await call('openImage', [{ kind: 'upload', name: 'big.png', base64: 'A'.repeat(8000) }]);
    expect(r.status).toBe(413);
  });

  it('streams progress events over SSE', async () => {
    const event: ProgressEvent = {
      taskId: 't1',
      kind: 'predict',
      model: 'resnet50',
      done: 1,
      total: 5,
      state: 'running',
    };
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api/events', headers: { 'x-splitlens-token': server.token } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8');
            if (text.includes(': connected')) emit(event);
            const m = /data: (.*)\n\n/.exec(text);
            if (m) {
              req.destroy();
              resolve(m[1]!);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(received)).toEqual(event);
  });
});
