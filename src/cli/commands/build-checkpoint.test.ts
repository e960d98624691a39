/**
 * `splitlens build --weights ckpt.pth` and `predict --model ckpt.pth` through the real CLI program:
 * the architecture inferred from a PyTorch checkpoint, `--input-size HxW`, the dynamic-size graph,
 * `--save-spec` round-tripping through `--timm-spec`, and one-line errors for bad sizes and files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';
import { FIXTURES } from '../../testing/fixtures.js';

const { onnx } = onnxProto;
const CK = `${FIXTURES}checkpoints/`;
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-build-ck-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const inputDims = (file: string) =>
  onnx.ModelProto.decode(readFileSync(file)).graph!.input![0]!.type!.tensorType!.shape!.dim!.map(
    (d) => d.dimParam || Number(d.dimValue),
  );

describe('splitlens build from a PyTorch checkpoint', () => {
  it('infers the spec of an official-ResNeSt .pth, builds a dynamic-size graph, saves the spec', async () => {
    const o = join(tmp, 'resnest.onnx');
    const spec = join(tmp, 'resnest.spec.json');
    const r = await runCaptured([
      'build',
      '--weights',
      `${CK}official_resnest/model_legacy.pth`,
      '--save-spec',
      spec,
      '-o',
      o,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^inferred from .*model_legacy\.pth:\n {2}family resnest/);
    expect(r.err).toMatch(/K 2, base width 64, R 2/);
    expect(r.err).toMatch(/labels from the checkpoint/);
    expect(inputDims(o)).toEqual(['batch', 3, 'height', 'width']);
    const kwargs = JSON.parse(readFileSync(spec, 'utf8')) as Record<string, unknown>;
    expect(kwargs).toMatchObject({ block: 'ResNestBottleneck', cardinality: 2, layers: [1, 1, 1, 1], num_classes: 10 });
    // The saved spec is the override: building with it gives the same model.
    const o2 = join(tmp, 'resnest2.onnx');
    const r2 = await runCaptured([
      'build',
      '--timm-spec',
      spec,
      '--weights',
      `${CK}official_resnest/model.pth`,
      '-o',
      o2,
    ]);
    expect(r2.code).toBe(0);
    expect(r2.err).toBe('');
  });

  it('--input-size 96x80 --fixed-size declares a non-square input', async () => {
    const o = join(tmp, 'nonsquare.onnx');
    const r = await runCaptured([
      'build',
      '--weights',
      `${CK}official_resnest_96x80/model.pth`,
      '--input-size',
      '96x80',
      '--fixed-size',
      '-o',
      o,
    ]);
    expect(r.code).toBe(0);
    expect(inputDims(o)).toEqual(['batch', 3, 96, 80]);
    const a = await runCaptured(['analyze', o, '--json']);
    expect((JSON.parse(a.out) as { family: string }).family).toBe('resnest');
  });

  it('a depthwise-grouped ResNeXt analyses as resnext with K = 16', async () => {
    const o = join(tmp, 'dw.onnx');
    expect((await runCaptured(['build', '--weights', `${CK}tv_resnext_depthwise/model.pth`, '-o', o])).code).toBe(0);
    const a = JSON.parse((await runCaptured(['analyze', o, '--json'])).out) as {
      family: string;
      stages: { blocks: { cardinality: number }[] }[];
    };
    expect(a.family).toBe('resnext');
    expect(a.stages.flatMap((s) => s.blocks).map((b) => b.cardinality)).toEqual([16, 16, 16, 16]);
  });

  it('bad sizes, a spec that does not fit, and a hostile pickle are one-line errors (exit 2)', async () => {
    const bad = await runCaptured([
      'build',
      '--weights',
      `${CK}tv_resnet/model.pth`,
      '--input-size',
      '96y80',
      '-o',
      join(tmp, 'x.onnx'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("error: --input-size expects S or HxW (32 to 2048), got '96y80'\n");
    const misfit = await runCaptured([
      'build',
      'resnet50',
      '--weights',
      `${CK}tv_resnet/model.pth`,
      '-o',
      join(tmp, 'y.onnx'),
    ]);
    expect(misfit.code).toBe(2);
    expect(misfit.err).toMatch(/^error: .*model\.pth does not fit the given resnet spec: .*\n$/);
    const evil = join(tmp, 'evil.pth');
    writeFileSync(evil, Buffer.from('800263706f7369780a73797374656d0a58020000006c7385522e', 'hex'));
    const r = await runCaptured(['build', '--weights', evil, '-o', join(tmp, 'z.onnx')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*evil\.pth: .*\n$/);
  });
});

describe('splitlens predict --model ckpt.pth', () => {
  it('runs a torchvision-layout checkpoint with numbered labels', async () => {
    const r = await runCaptured([
      'predict',
      `${FIXTURES}images/chelsea.png`,
      '--model',
      `${CK}tv_resnet/model.pth`,
      '--json',
    ]);
    // stderr may carry a provider-fallback note (no GPU here); no error.
    expect(r.err).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { results: { model: string; top: { label: string }[] }[] };
    expect(out.results[0]!.model).toBe('model');
    expect(out.results[0]!.top[0]!.label).toMatch(/^class \d$/);
  });
});
