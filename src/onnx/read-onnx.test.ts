import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { readOnnx } from './read-onnx.js';
import { withExtraOutputs } from './extra-outputs.js';
import { toExternalData } from './testing/test-models.js';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { analyzeOnnx } from '../analysis/analyze.js';
import { FIXTURES } from '../testing/fixtures.js';

const TINY = FIXTURES + 'tiny/tiny_resnest/';
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-onnx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function userError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  const msg = (e as Error).message;
  expect(msg).not.toContain('\n');
  return msg;
}

describe('readOnnx rejects what is not a readable ONNX model with one clear line', () => {
  it('missing file', async () => {
    expect(await userError(readOnnx(join(tmp, 'nope.onnx')))).toMatch(/nope\.onnx: no such file$/);
  });
  it('a folder', async () => {
    expect(await userError(readOnnx(tmp))).toMatch(/is a folder, not an ONNX file/);
  });
  it('0-byte file and empty bytes', async () => {
    writeFileSync(join(tmp, 'empty.onnx'), '');
    expect(await userError(readOnnx(join(tmp, 'empty.onnx')))).toMatch(/empty\.onnx: empty file/);
    expect(await userError(readOnnx(new Uint8Array()))).toMatch(/empty/);
  });
  it('a text file', async () => {
    writeFileSync(join(tmp, 'notes.onnx'), 'this is not a model\nbut some text\n');
    expect(await userError(readOnnx(join(tmp, 'notes.onnx')))).toMatch(/notes\.onnx: not an ONNX model/);
  });
  it('an image', async () => {
    expect(await userError(readOnnx(FIXTURES + 'images/chelsea.png'))).toMatch(/chelsea\.png: not an ONNX model/);
  });
  it('a truncated model', async () => {
    const bytes = readFileSync(TINY + 'model.onnx');
    writeFileSync(join(tmp, 'cut.onnx'), bytes.subarray(0, Math.floor(bytes.byteLength / 3)));
    expect(await userError(readOnnx(join(tmp, 'cut.onnx')))).toMatch(/cut\.onnx: not an ONNX model or truncated/);
  });
});

describe('readOnnx reads graphs, opsets and weights where they are', () => {
  it('inline weights: raw data stays a view into the file buffer', async () => {
    const m = await readOnnx(TINY + 'model.onnx');
    expect(m.opset).toBe(17);
    expect(m.producer).toBe('pytorch');
    expect(m.inputs.map((i) => [i.name, i.shape])).toEqual([['input', ['batch', 3, 64, 64]]]);
    expect(m.outputs.map((o) => o.name)).toEqual(['logits']);
    const big = [...m.initializers.values()].find((t) => (t.proto.rawData?.byteLength ?? 0) > 4096)!;
    const raw = big.proto.rawData!;
    expect(raw.buffer.byteLength).toBeGreaterThan(raw.byteLength); // a view, not a copy
  });

  it('stripped weights (fixture graphs): analysis works, running asks for the weights', async () => {
    const m = await readOnnx(FIXTURES + 'graphs/timm__resnet50.onnx');
    const external = [...m.initializers.values()].filter((t) => t.external);
    expect(external.length).toBe(47);
    expect(external[0]!.external!.location).toBe('timm__resnet50.onnx.data');
    expect(() => withExtraOutputs(m, [])).toThrow(/weights are stripped or missing/);
  });

  it('withExtraOutputs refuses a tensor the graph does not have, and keeps existing outputs once', async () => {
    const m = await readOnnx(TINY + 'model.onnx');
    expect(() => withExtraOutputs(m, ['no such tensor'])).toThrow(/no tensor named no such tensor/);
    const again = await readOnnx(withExtraOutputs(m, ['logits', '/act1/Relu_output_0', '/act1/Relu_output_0']));
    expect(again.outputs.map((o) => o.name)).toEqual(['logits', '/act1/Relu_output_0']);
    expect(again.nodes.length).toBe(m.nodes.length);
    expect(again.initializers.size).toBe(m.initializers.size);
  });
});

describe('external data', () => {
  const engine = new OrtEngine();
  const ref = JSON.parse(readFileSync(TINY + 'ref.json', 'utf8')) as { input: { shape: number[] } };
  const input = () => {
    const b = readFileSync(TINY + 'input.f32');
    return { data: new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)), dims: ref.input.shape };
  };

  it('is read lazily, and withExtraOutputs inlines it so the bytes run like the original', async () => {
    const dir = join(tmp, 'ext');
    mkdirSync(dir);
    const { model, data } = toExternalData(readFileSync(TINY + 'model.onnx'), 'weights/model.onnx.data');
    mkdirSync(join(dir, 'weights'));
    writeFileSync(join(dir, 'model.onnx'), model);
    writeFileSync(join(dir, 'weights/model.onnx.data'), data);
    const m = await readOnnx(join(dir, 'model.onnx'));
    expect([...m.initializers.values()].some((t) => t.external)).toBe(true);
    const a = analyzeOnnx(m);
    const inline = analyzeOnnx(await readOnnx(TINY + 'model.onnx'));
    expect(a.stages).toEqual(inline.stages);
    expect(a.params).toBe(inline.params);

    const tap = a.stages[0]!.blocks[0]!.taps[0]!.tensor;
    const bytes = withExtraOutputs(m, [tap]);
    const original = await engine.load(TINY + 'model.onnx', { providers: ['cpu'], intraOpThreads: 1 });
    const session = await engine.load(bytes, { providers: ['cpu'], intraOpThreads: 1 });
    try {
      const want = (await original.run({ input: input() })).logits!.data;
      const got = await session.run({ input: input() });
      expect(Array.from(got.logits!.data)).toEqual(Array.from(want));
      expect(got[tap]!.data.length).toBe(2 * 16); // batch 2, [R=2, K=1, C/K=8]
    } finally {
      await original.release();
      await session.release();
    }
  });

  for (const [label, location] of [
    ['a parent folder', '../outside.data'],
    ['an absolute path', '/etc/passwd'],
  ] as const) {
    it(`may not point to ${label}`, async () => {
      const dir = join(tmp, `bad-${label.replace(/\W/g, '')}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'model.onnx'), toExternalData(readFileSync(TINY + 'model.onnx'), location).model);
      // Refused as soon as the file is read (src/onnx/validate.ts), before anything resolves it.
      expect(await userError(readOnnx(join(dir, 'model.onnx')))).toMatch(
        /must be a relative path inside the model's folder/,
      );
    });
  }

  it('may not follow a symlink out of the model folder', async () => {
    const dir = join(tmp, 'link');
    mkdirSync(dir);
    const { model, data } = toExternalData(readFileSync(TINY + 'model.onnx'), 'model.onnx.data');
    writeFileSync(join(tmp, 'elsewhere.data'), data);
    symlinkSync(join(tmp, 'elsewhere.data'), join(dir, 'model.onnx.data'));
    writeFileSync(join(dir, 'model.onnx'), model);
    const m = await readOnnx(join(dir, 'model.onnx'));
    expect(() => withExtraOutputs(m, [])).toThrow(/leads outside the model's folder/);
  });

  it('from bytes cannot be resolved', async () => {
    const m = await readOnnx(toExternalData(readFileSync(TINY + 'model.onnx'), 'model.onnx.data').model);
    expect(() => withExtraOutputs(m, [])).toThrow(/was not read from a file/);
  });
});
