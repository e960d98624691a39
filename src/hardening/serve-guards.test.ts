/**
 * Serve mode under attack, beyond src/server/server.test.ts: raw request lines (no client-side
 * normalisation) for path traversal in every encoding, the token only as its header and new per
 * run, DNS rebinding via Host, cross-site requests via Origin (null, other ports, https), no CORS,
 * loopback-only binding, and no server-side file read reachable from an uploaded model or a path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../server/server.js';
import { createApi } from '../api/create-api.js';
import { toExternalData } from '../onnx/testing/test-models.js';
import { FIXTURES } from '../testing/fixtures.js';

const SECRET = `secret-${Math.random().toString(36).slice(2)}`;
const root = mkdtempSync(join(tmpdir(), 'splitlens-serve-guards-'));
const staticDir = join(root, 'www');
let server: RunningServer;

interface RawReply {
  status: number;
  headers: string;
  body: string;
}

/** One HTTP/1.1 request written byte for byte: the path and headers reach the server unchanged. */
function raw(
  requestLine: string,
  headers: Record<string, string | undefined>,
  body = '',
  port = server.port,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      const headers = head.toLowerCase();
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0),
        headers,
        body: headers.includes('transfer-encoding: chunked') ? unchunk(body) : body,
      });
    });
    const lines = [requestLine];
    for (const [k, v] of Object.entries({ connection: 'close', ...headers }))
      if (v !== undefined) lines.push(`${k}: ${v}`);
    if (body) lines.push(`content-length: ${Buffer.byteLength(body)}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

/** HTTP/1.1 chunked body → its bytes (the responses here are small text). */
function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    const chunk = Buffer.from(rest.slice(eol + 2), 'utf8')
      .subarray(0, size)
      .toString('utf8');
    out += chunk;
    rest = rest.slice(eol + 2 + chunk.length + 2);
  }
}

const host = () => `127.0.0.1:${server.port}`;
const get = (path: string, headers: Record<string, string | undefined> = {}) =>
  raw(`GET ${path} HTTP/1.1`, { host: host(), ...headers });
const api = (method: string, args: unknown, headers: Record<string, string | undefined> = {}) =>
  raw(
    `POST /api/${method} HTTP/1.1`,
    { host: host(), 'content-type': 'application/json', 'x-splitlens-token': server.token, ...headers },
    JSON.stringify(args),
  );

beforeAll(async () => {
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>splitlens</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), SECRET); // next to the static folder, never served
  server = await startServer({ staticDir, makeApi: (onProgress) => createApi({ host: 'serve', zoo: [], onProgress }) });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('static files: only the renderer folder, whatever the encoding', () => {
  const attempts = [
    '/../secret.txt',
    '/../../etc/passwd',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/.%2e/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '//../secret.txt',
    '/index.html%00.png',
    '/%00/../secret.txt',
    `/${join(root, 'secret.txt')}`,
    `/%2f${encodeURIComponent(join(root, 'secret.txt'))}`,
    '/..;/secret.txt',
    '/%',
  ];
  it.each(attempts)('GET %s does not leave the folder', async (path) => {
    const r = await get(path);
    expect(r.status === 400 || r.status === 404, `${path} → ${r.status}`).toBe(true);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toMatch(/root:.*:0:0:/);
  });

  it('still serves the renderer itself', async () => {
    expect((await get('/')).body).toContain('<title>splitlens</title>');
    expect((await get('/assets/app.js')).status).toBe(200);
  });
});

describe('the per-run token', () => {
  it('is long, random per run, and only accepted as its header', async () => {
    expect(server.token).toMatch(/^[\w-]{32,}$/);
    const other = await startServer({ staticDir, api: createApi({ host: 'serve', zoo: [] }) });
    try {
      expect(other.token).not.toBe(server.token);
      // The token of one run does not open another.
      const otherHost = `127.0.0.1:${other.port}`;
      expect(
        (await raw('POST /api/info HTTP/1.1', { host: otherHost, 'x-splitlens-token': server.token }, '[]', other.port))
          .status,
      ).toBe(401);
      expect(
        (await raw('POST /api/info HTTP/1.1', { host: otherHost, 'x-splitlens-token': other.token }, '[]', other.port))
          .status,
      ).toBe(200);
    } finally {
      await other.close();
    }
    expect((await api('info', [], { 'x-splitlens-token': undefined })).status).toBe(401);
    expect((await raw(`POST /api/info?token=${server.token} HTTP/1.1`, { host: host() }, '[]')).status).toBe(401);
    expect((await api('info', [], { 'x-splitlens-token': server.token.toUpperCase() })).status).toBe(401);
    expect((await api('info', [], { 'x-splitlens-token': server.token.slice(0, -1) })).status).toBe(401);
    expect((await api('info', [], { cookie: `token=${server.token}`, 'x-splitlens-token': undefined })).status).toBe(
      401,
    );
    expect((await get('/api/events')).status).toBe(401);
    expect((await api('info', [])).status).toBe(200);
  });
});

describe('DNS rebinding and cross-site requests', () => {
  it.each([
    ['no Host header', undefined],
    ['a rebound name', 'attacker.example'],
    ['a rebound name with our port', () => `attacker.example:${server.port}`],
    ['loopback without the port', '127.0.0.1'],
    ['loopback on another port', () => `127.0.0.1:${server.port + 1}`],
    ['a name that starts like ours', () => `localhost.attacker.example:${server.port}`],
    ['an IPv6 loopback', () => `[::1]:${server.port}`],
    ['0.0.0.0', () => `0.0.0.0:${server.port}`],
  ])('Host: %s is refused, page and Api alike', async (_, h) => {
    const value = typeof h === 'function' ? h() : h;
    // HTTP/1.1 without Host is already a 400 from Node's parser; HTTP/1.0 reaches the guard.
    expect([400, 403]).toContain((await raw('GET / HTTP/1.1', { host: value })).status);
    expect((await raw('GET / HTTP/1.0', { host: value })).status).toBe(403);
    expect([400, 403]).toContain((await api('info', [], { host: value })).status);
  });

  it.each(['null', 'http://attacker.example', 'https://127.0.0.1', 'file://', 'http://localhost.attacker.example'])(
    'Origin: %s is refused',
    async (origin) => {
      const r = await api('info', [], { origin });
      expect(r.status).toBe(403);
      expect(r.headers).not.toContain('access-control-allow-origin');
    },
  );

  it('an Origin of another local port or scheme is refused; ours is accepted', async () => {
    expect((await api('info', [], { origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('info', [], { origin: `https://127.0.0.1:${server.port}` })).status).toBe(403);
    expect((await api('info', [], { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('grants no CORS: a preflight gets no allow headers', async () => {
    const r = await raw('OPTIONS /api/info HTTP/1.1', {
      host: host(),
      origin: 'http://attacker.example',
      'access-control-request-method': 'POST',
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers).not.toContain('access-control-allow');
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 only: not on IPv6 loopback or any other address', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const reach = (address: string) =>
      new Promise<string>((resolve) => {
        const s = connect({ host: address, port: server.port, timeout: 5000 });
        s.on('connect', () => (s.destroy(), resolve('connected')));
        s.on('timeout', () => (s.destroy(), resolve('timeout')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await reach('127.0.0.1')).toBe('connected');
    expect(await reach('::1')).not.toBe('connected');
  });
});

describe('only files the user chose', () => {
  it('path file sources are refused, nested or not', async () => {
    for (const [method, args] of [
      ['openModel', [{ kind: 'path', path: join(root, 'secret.txt') }]],
      ['openImage', [{ kind: 'path', path: '/etc/passwd' }]],
      ['openImage', [{ kind: 'path', path: join(FIXTURES, 'images/chelsea.png'), extra: { kind: 'path' } }]],
      ['openModel', [{ kind: 'PATH', path: '/etc/passwd' }]],
      ['openModel', [{ kind: 'upload', name: '../../etc/passwd', base64: '' }]],
    ] as const) {
      const r = await api(method, args);
      expect(r.status, `${method} ${JSON.stringify(args)}`).toBe(400);
      expect(JSON.parse(r.body).error).not.toContain('\n');
      expect(r.body).not.toContain(SECRET);
    }
  });

  it('an uploaded model cannot make the server read files named inside it (external data)', async () => {
    const dir = join(root, 'models');
    mkdirSync(dir);
    const { model, data } = toExternalData(
      readFileSync(join(FIXTURES, 'tiny/tiny_resnet/model.onnx')),
      'model.onnx.data',
    );
    // The data file exists next to where a path would resolve, and in the server's working folder.
    writeFileSync(join(dir, 'model.onnx.data'), data);
    const up = await api('openModel', [
      { kind: 'upload', name: 'model.onnx', base64: Buffer.from(model).toString('base64') },
    ]);
    expect(up.status).toBe(200);
    const entry = JSON.parse(up.body) as { id: string };
    const image = await api('openImage', [
      {
        kind: 'upload',
        name: 'chelsea.png',
        base64: readFileSync(join(FIXTURES, 'images/chelsea.png')).toString('base64'),
      },
    ]);
    const imageId = (JSON.parse(image.body) as { id: string }).id;
    const r = await api('predict', [{ imageId, modelIds: [entry.id] }]);
    expect(r.status).toBe(200);
    const error = (JSON.parse(r.body) as { results: { error?: string }[] }).results[0]!.error;
    expect(error).toMatch(/weights are not in this file|not read from a file/);
    expect(error).not.toContain('\n');
  });

  it('a malformed upload is one line, 400', async () => {
    const r = await api('openModel', [
      { kind: 'upload', name: 'evil.onnx', base64: Buffer.from('not a model\nat all').toString('base64') },
    ]);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(/^evil\.onnx: not an ONNX model or truncated \(/);
    expect(JSON.parse(r.body).error).not.toContain('\n');
  });
});
