import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from '../src/onnx/proto.js';
import { FIXTURES } from '../src/testing/fixtures.js';
import { type Api, type ModelEntry } from '../src/api/contract.js';
import { API_METHODS } from '../src/common/api-methods.js';
import { createApi } from '../src/api/create-api.js';
import { createApiHandlers, toIpcResult, type IpcSender } from './ipc-handlers.js';
import { PathGrants } from './path-grants.js';
import { RENDERER_ENTRY_URL } from './security-policy.js';

const app: IpcSender = { url: RENDERER_ENTRY_URL, isMainFrame: true };
const model = '/home/ana/models/resnest50d.onnx';

/** An Api that records what reaches it: here the subject is the handler's gatekeeping, not the Api. */
function recordingApi() {
  const calls: [string, unknown[]][] = [];
  const entry: ModelEntry = {
    id: 'file:1',
    label: 'resnest50d',
    family: 'resnest',
    source: 'file',
    weights: 'untrained',
  };
  const api = Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      async (...args: unknown[]) => {
        calls.push([m, args]);
        if (m === 'predict')
          return {
            image: 'cat.jpg',
            results: [{ model: 'resnet50', weights: 'untrained', provider: 'cpu', latencyMs: 40, top: [] }],
          };
        return m === 'openModel' ? entry : undefined;
      },
    ]),
  ) as unknown as Api;
  return { api, calls, entry };
}

describe('Api IPC handlers', () => {
  it('answers our renderer through the real Api', async () => {
    const handlers = createApiHandlers(createApi({ host: 'electron' }), new PathGrants());
    const info = (await handlers.info(app, [])) as { host: string; version: string };
    expect(info.host).toBe('electron');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    ['a web page', { url: 'https://evil.example/', isMainFrame: true }],
    ['a file:// page', { url: 'file:///tmp/x.html', isMainFrame: true }],
    ['a subframe of our page', { url: RENDERER_ENTRY_URL, isMainFrame: false }],
    ['a destroyed frame', { url: undefined, isMainFrame: false }],
  ])('refuses every method from %s before the Api sees it', async (_what, sender) => {
    const { api, calls } = recordingApi();
    const handlers = createApiHandlers(api, new PathGrants());
    for (const method of API_METHODS) {
      await expect(handlers[method](sender, []), method).rejects.toThrow(new RegExp(`^refused ${method} from `));
    }
    expect(calls).toEqual([]);
  });

  it('refuses unvalidated arguments before the Api sees them', async () => {
    const { api, calls } = recordingApi();
    const handlers = createApiHandlers(api, new PathGrants());
    await expect(handlers.predict(app, [{ imageId: 'img-1', top: -1 }])).rejects.toThrow(
      /^invalid arguments for predict: argument 1 \.top: /,
    );
    await expect(handlers.openModel(app, [{ kind: 'path', path: 'relative.onnx' }])).rejects.toThrow(
      /must be an absolute path/,
    );
    await expect(handlers.cancel(app, [])).rejects.toThrow('invalid arguments for cancel: expected 1 argument, got 0');
    expect(calls).toEqual([]);
  });

  it('opens a path only after the user chose it', async () => {
    const { api, calls, entry } = recordingApi();
    const grants = new PathGrants(false);
    const opened: unknown[] = [];
    const handlers = createApiHandlers(api, grants, { onOpened: (...a) => opened.push(a) });
    await expect(handlers.openModel(app, [{ kind: 'path', path: '/etc/shadow.onnx' }])).rejects.toThrow(
      /^refused to open \/etc\/shadow.onnx/,
    );
    await expect(handlers.openModel(app, [{ kind: 'path', path: model }])).rejects.toThrow(/^refused to open/);
    expect(calls).toEqual([]);

    grants.grant(model);
    expect(await handlers.openModel(app, [{ kind: 'path', path: '/home/ana/models/./resnest50d.onnx' }])).toBe(entry);
    expect(calls).toEqual([['openModel', [{ kind: 'path', path: model }]]]);
    expect(opened).toEqual([['model', model, entry]]);
  });

  it('forwards uploads and other calls with the parsed arguments', async () => {
    const { api, calls } = recordingApi();
    const handlers = createApiHandlers(api, new PathGrants());
    await handlers.openImage(app, [{ kind: 'upload', name: 'cat.jpg', base64: 'AAAA' }]);
    await handlers.blockOps(app, ['file:1', 'layer3.2']);
    expect(calls).toEqual([
      ['openImage', [{ kind: 'upload', name: 'cat.jpg', base64: 'AAAA' }]],
      ['blockOps', ['file:1', 'layer3.2']],
    ]);
  });

  it('reports the provider a prediction ran on', async () => {
    const { api } = recordingApi();
    const seen: string[] = [];
    const handlers = createApiHandlers(api, new PathGrants(), {
      onPredicted: (r) => seen.push(r.results[0]!.provider),
    });
    await handlers.predict(app, [{ imageId: 'img-1' }]);
    expect(seen).toEqual(['cpu']);
  });
});

describe('toIpcResult', () => {
  it('wraps values and one-line errors, marking what the user can act on', async () => {
    const handlers = createApiHandlers(createApi({ host: 'electron' }), new PathGrants());
    expect(await toIpcResult(async () => 42)).toEqual({ ok: true, value: 42 });
    expect(await toIpcResult(() => handlers.analyze(app, [42]))).toEqual({
      ok: false,
      error: {
        name: 'UserError',
        message: expect.stringMatching(/^invalid arguments for analyze: argument 1: /),
        user: true,
      },
    });
    expect(await toIpcResult(() => handlers.info({ url: 'https://x.example/', isMainFrame: true }, []))).toMatchObject({
      ok: false,
      error: { name: 'UntrustedSenderError', user: true },
    });
    expect(
      await toIpcResult(async () => {
        throw new TypeError('boom\n    at internal.js:1:1');
      }),
    ).toEqual({ ok: false, error: { name: 'TypeError', message: 'boom', user: false } });
  });
});

describe('a model onnxruntime refuses, over IPC', () => {
  it('is a user error (as HTTP 400 in serve and exit 2 in the CLI: src/hardening/error-classes.test.ts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitlens-ipc-bad-'));
    const api = createApi({ host: 'electron' });
    try {
      const m = onnx.ModelProto.decode(readFileSync(`${FIXTURES}tiny/tiny_resnet/model.onnx`));
      m.graph!.node![3]!.opType = 'FrobnicateEvil';
      const bad = join(dir, 'frobnicated.onnx');
      writeFileSync(bad, onnx.ModelProto.encode(m).finish());
      const grants = new PathGrants();
      const handlers = createApiHandlers(api, grants);
      grants.grant(bad);
      grants.grant(`${FIXTURES}images/chelsea.png`);
      const entry = (await handlers.openModel(app, [{ kind: 'path', path: bad }])) as ModelEntry;
      const image = (await handlers.openImage(app, [{ kind: 'path', path: `${FIXTURES}images/chelsea.png` }])) as {
        id: string;
      };
      expect(await toIpcResult(() => handlers.attention(app, [{ modelId: entry.id, imageId: image.id }]))).toEqual({
        ok: false,
        error: {
          name: 'UserError',
          message: expect.stringMatching(/^frobnicated\.onnx: cannot load model: .*FrobnicateEvil/),
          user: true,
        },
      });
    } finally {
      await api.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
