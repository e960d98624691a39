// Issue #15 item 8: a bad model is a user error whichever host it arrives through. A graph that
// reads and validates but that onnxruntime refuses to load (an unknown operator) gives HTTP 400
// from the real serve server on loopback and exit 2 from the CLI, each with one line naming the
// model (main/ipc-handlers.test.ts checks the Electron IPC mapping: `user: true`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../server/server.js';
import { runCaptured } from '../cli/testing/run-captured.js';
import { FIXTURES } from '../testing/fixtures.js';
import { decode, encode } from './testing/onnx-mutations.js';

const dir = mkdtempSync(join(tmpdir(), 'splitlens-error-classes-'));
const bad = join(dir, 'frobnicated.onnx');
const ORT_REFUSAL = /^frobnicated(\.onnx)?: cannot load model: .*FrobnicateEvil/;
let server: RunningServer;

beforeAll(async () => {
  const m = decode(readFileSync(`${FIXTURES}tiny/tiny_resnet/model.onnx`));
  m.graph!.node![3]!.opType = 'FrobnicateEvil';
  writeFileSync(bad, encode(m));
  server = await startServer({ staticDir: dir });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, args: unknown[]): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-splitlens-token': server.token },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: await res.json() };
}

const upload = (path: string, name: string) => ({
  kind: 'upload',
  name,
  base64: readFileSync(path).toString('base64'),
});

describe('a model onnxruntime refuses to load', () => {
  it('serve: HTTP 400 with one line naming the model, not 500', async () => {
    const model = await call('openModel', [upload(bad, 'frobnicated.onnx')]);
    expect(model.status).toBe(200);
    const image = await call('openImage', [upload(`${FIXTURES}images/chelsea.png`, 'chelsea.png')]);
    expect(image.status).toBe(200);
    const req = { modelId: (model.body as { id: string }).id, imageId: (image.body as { id: string }).id };
    for (const method of ['attention', 'saliency']) {
      const r = await call(method, [req]);
      expect(r.status, method).toBe(400);
      const message = (r.body as { error: string }).error;
      expect(message).toMatch(ORT_REFUSAL);
      expect(message).not.toMatch(/\n/);
    }
  });

  it('CLI: exit 2 with one line naming the model', async () => {
    const r = await runCaptured(['predict', `${FIXTURES}images/chelsea.png`, '--model', bad, '--ep', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: frobnicated\.onnx: cannot load model: .*FrobnicateEvil[^\n]*\n$/);
  });
});
