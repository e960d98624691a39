/**
 * Serve mode's binary transport, over a real loopback server and the tiny zoo: an upload travels as
 * its raw bytes in a packed body, attention and saliency come back as float32 arrays (packed), and
 * the same bytes under another name are the same image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startServer, type RunningServer } from './server.js';
import { createApi } from '../api/create-api.js';
import { tinyZoo } from '../api/model-registry.js';
import { PACKED_CONTENT_TYPE, packBody, unpackBody } from '../common/packed-body.js';
import type { AttentionResponse, ImageEntry, SaliencyMap } from '../api/contract.js';
import { FIXTURES } from '../testing/fixtures.js';

let server: RunningServer;
let api: ReturnType<typeof createApi>;

async function post(
  method: string,
  args: unknown[],
  packed = false,
): Promise<{ type: string; bytes: number; value: unknown }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': packed ? PACKED_CONTENT_TYPE : 'application/json',
      'x-splitlens-token': server.token,
    },
    body: packed ? (packBody(args) as Uint8Array<ArrayBuffer>) : JSON.stringify(args),
  });
  const type = res.headers.get('content-type') ?? '';
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(new TextDecoder().decode(body));
  const value = type.startsWith(PACKED_CONTENT_TYPE) ? unpackBody(body) : JSON.parse(new TextDecoder().decode(body));
  return { type, bytes: body.byteLength, value };
}

beforeAll(async () => {
  api = createApi({ host: 'serve', zoo: tinyZoo(`${FIXTURES}tiny`) });
  server = await startServer({ api, staticDir: FIXTURES });
});
afterAll(async () => {
  await server.close();
  await api.dispose();
});

describe('serve mode: tensors and uploads as bytes', () => {
  const photo = new Uint8Array(readFileSync(`${FIXTURES}images/coffee.png`));

  it('takes an upload as raw bytes; the same bytes under another name are the same image', async () => {
    const a = (await post('openImage', [{ kind: 'bytes', name: 'coffee.png', bytes: photo }], true))
      .value as ImageEntry;
    const b = (await post('openImage', [{ kind: 'bytes', name: 'other.png', bytes: photo.slice() }], true))
      .value as ImageEntry;
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatchObject({ id: a.id, name: 'other.png', width: 600, height: 400 });
  });

  it('answers attention and saliency as packed float32 arrays, equal to the Api in process', async () => {
    const { id } = await api.openImage({ kind: 'bytes', name: 'coffee.png', bytes: photo });
    const att = await post('attention', [{ imageId: id, modelId: 'resnest50d' }]);
    expect(att.type).toBe(PACKED_CONTENT_TYPE);
    const viaHttp = att.value as AttentionResponse;
    expect(viaHttp.blocks[0]!.values).toBeInstanceOf(Float32Array);
    expect(viaHttp).toEqual(await api.attention({ imageId: id, modelId: 'resnest50d' }));
    const sal = await post('saliency', [{ imageId: id, modelId: 'resnest50d', classIndex: 3 }]);
    const map = sal.value as SaliencyMap;
    expect(map).toMatchObject({ classIndex: 3, label: 'class 3', grid: { width: 2, height: 2 } });
    expect(map.grid.values).toBeInstanceOf(Float32Array);
    expect(sal.bytes).toBeLessThan(1024);
  });

  it('refuses a malformed packed body in one line', async () => {
    await expect(post('openImage', [], true).then(() => post('openImage', ['x'], true))).rejects.toThrow(
      'invalid arguments for openImage',
    );
    const res = await fetch(`http://127.0.0.1:${server.port}/api/openImage`, {
      method: 'POST',
      headers: { 'content-type': PACKED_CONTENT_TYPE, 'x-splitlens-token': server.token },
      body: 'SLPK garbage',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^the request body is not a valid packed body/);
  });
});
