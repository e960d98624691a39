// Issue #15 item 1 and 8.6: one request must not crash or hang the server. The body bombs of the
// issue are sent to a real `splitlens serve` child process on loopback, streamed from a small
// repeated chunk: `[[0,0,…]]` with 140 million numbers (V8 aborted), `[[{},{},…]]` at 300 MiB (100%
// CPU and 6.9 GB for minutes, SIGTERM ignored), a 100 MB body (5.4 GB peak), deep nesting, and
// clients that send their body or headers too slowly. Each is answered (413, 400 or 408) and the
// server answers /api/info afterwards; its peak resident memory stays bounded and SIGTERM ends it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawPost, startServe, type RawRequest, type ServeProcess } from './testing/serve-process.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const MiB = 2 ** 20;
let serve: ServeProcess;
const measured: string[] = [];

beforeAll(async () => {
  serve = await startServe();
});
afterAll(() => {
  serve?.dispose();
  console.log(`serve body bombs (pid ${serve?.pid}):\n  ${measured.join('\n  ')}`);
});

/** A chunk of `unit` repeated to about 1 MiB. */
const repeated = (unit: string): Buffer => Buffer.from(unit.repeat(Math.floor(MiB / unit.length)));

async function stillServes(server: ServeProcess): Promise<void> {
  const info = await server.call('info', []);
  expect(info.status).toBe(200);
  expect((info.body as { host: string }).host).toBe('serve');
}

async function bomb(
  label: string,
  req: RawRequest,
  status: number,
  message: RegExp,
  server: ServeProcess = serve,
): Promise<void> {
  const r = await rawPost(server, req);
  const mem = server.memory();
  measured.push(
    `${label}: HTTP ${r.status} in ${Math.round(r.ms)} ms after ${(r.sent / MiB).toFixed(1)} MiB sent; ` +
      `serve RSS ${(mem.rss / MiB).toFixed(0)} MiB (peak ${(mem.peak / MiB).toFixed(0)} MiB)`,
  );
  expect(r.status, label).toBe(status);
  if (status !== 408) expect(JSON.parse(r.body).error, label).toMatch(message);
  await stillServes(server);
}

/** A bomb: its label, the request, the status it must get and the error it must name. */
type Bomb = [label: string, req: RawRequest, status: number, message: RegExp];

/** The bombs one after another against `serve`, each answered and the server still serving. */
async function bombs(list: Bomb[]): Promise<void> {
  for (const [label, req, status, message] of list) await bomb(label, req, status, message);
}

describe('serve: body bombs against the real process', () => {
  const numbers = { head: Buffer.from('[['), chunk: repeated('0,'), tail: Buffer.from('0]]'), size: 280_000_003 };
  const objects = { head: Buffer.from('[['), chunk: repeated('{},'), tail: Buffer.from('{}]]'), size: 300 * MiB };

  it('[[0,0,…]] with 140 million numbers: 413 to a small method, 400 to an upload method', () =>
    bombs([
      [
        '[[0,…]] 280 MB to predict (declared)',
        { method: 'predict', contentLength: numbers.size, ...numbers },
        413,
        /larger than 1 MiB/,
      ],
      // Without a declared length the shape check trips first, after a few kilobytes.
      ['[[0,…]] 280 MB to analyze (chunked)', { method: 'analyze', ...numbers }, 400, /longer than 10,000 items/],
      [
        '[[0,…]] 280 MB to openModel (declared)',
        { method: 'openModel', contentLength: numbers.size, ...numbers },
        400,
        /longer than 10,000 items/,
      ],
    ]));

  it('[[{},{},…]] at 300 MiB: refused from its first kilobytes', () =>
    bombs([
      [
        '[[{},…]] 300 MiB to openModel (declared)',
        { method: 'openModel', contentLength: objects.size, ...objects },
        400,
        /longer than 10,000 items/,
      ],
      [
        '[[{},…]] 300 MiB to openCheckpoint (chunked)',
        { method: 'openCheckpoint', ...objects },
        400,
        /longer than 10,000 items/,
      ],
      [
        '[[{},…]] 300 MiB to listModels (declared)',
        { method: 'listModels', contentLength: objects.size, ...objects },
        413,
        /larger than 1 MiB/,
      ],
    ]));

  it('deep nesting and too many values', async () => {
    const deep = { head: Buffer.from(''), chunk: repeated('['), size: 512 * 1024 };
    await bomb(
      '[[[[… 512 KiB to info',
      { method: 'info', contentLength: deep.size, ...deep },
      400,
      /deeper than 32 levels/,
    );
    const many = Buffer.from(`[${Array.from({ length: 20 }, () => `[${'0,'.repeat(9_998)}0]`).join(',')}]`);
    await bomb(
      '20 × 9,999 numbers to predict',
      { method: 'predict', contentLength: many.length, chunk: many, size: many.length },
      400,
      /more than 100,000 JSON values/,
    );
  });

  it('a 100 MB body: 413 where no file is carried, 413 over the photo limit, and a 100 MB upload ends as a clean 400', async () => {
    const zeros = { chunk: repeated('0'), size: 100_000_000 };
    await bomb(
      '100 MB to predict (declared)',
      { method: 'predict', contentLength: zeros.size, ...zeros },
      413,
      /larger than 1 MiB/,
    );
    const text = { head: Buffer.from('["'), chunk: repeated('A'), size: 100_000_000 };
    await bomb('100 MB string to analyze (chunked)', { method: 'analyze', ...text }, 413, /larger than 1 MiB/);
    await bomb('100 MB to openImage (chunked)', { method: 'openImage', ...zeros }, 413, /larger than 85\.\d MiB/);
    // Well-formed: a 100 MB base64 "model" (75 MB of zeros) is read, decoded and refused as not ONNX.
    const head = Buffer.from('[{"kind":"upload","name":"zeros.onnx","base64":"');
    const tail = Buffer.from('"}]');
    const upload = { head, chunk: repeated('AAAA'), tail, size: head.length + 100_000_000 + tail.length };
    await bomb(
      '100 MB base64 upload to openModel',
      { method: 'openModel', contentLength: upload.size, ...upload },
      400,
      /^zeros\.onnx: /,
    );
    // The issue measured a 5.4 GB peak for one 100 MB body; the whole file stays far below that.
    expect(serve.memory().peak).toBeLessThan(1536 * MiB);
  });

  it('slow clients are cut off by the request and header timeouts (a server started with a 3 s request timeout)', async () => {
    const slow = await startServe({ env: { SPLITLENS_SERVE_REQUEST_TIMEOUT_MS: '3000' } });
    try {
      const stall = { method: 'info', contentLength: 1000, chunk: repeated(' '), stallAfter: 10 };
      await bomb('slow body (10 of 1000 bytes, then nothing)', stall, 408, /./, slow);
      await bomb('slow headers (40 bytes, then nothing)', { method: 'info', partialHeaders: true }, 408, /./, slow);
      expect((await slow.stop()).code).toBe(0);
    } finally {
      slow.dispose();
    }
  });

  it('ends promptly on SIGTERM after all that', async () => {
    const exit = await serve.stop();
    measured.push(`SIGTERM → exit ${exit.code ?? exit.signal} in ${Math.round(exit.ms)} ms`);
    expect(exit.code).toBe(0);
  });
});
