/** `splitlens build` end to end through the real CLI program: files written, exit codes, one-line errors. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';
import { FIXTURES } from '../../testing/fixtures.js';

const { onnx } = onnxProto;
const TINY = `${FIXTURES}tiny/`;
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('splitlens build', () => {
  it('builds a fixture from its ref.json with its timm weights', async () => {
    const o = join(tmp, 'tiny.onnx');
    const { code, out, err } = await runCaptured([
      'build',
      '--timm-spec',
      `${TINY}tiny_skresnext/ref.json`,
      '--weights',
      `${TINY}tiny_skresnext/model.safetensors`,
      '--input-size',
      '64',
      '-o',
      o,
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^tiny_skresnext\+inputSize=64: 121,802 params, weights .*, 4 attention outputs \(attn:layer1\.0\.conv2\.attn \.\.\.\)\n/,
    );
    const m = onnx.ModelProto.decode(readFileSync(o));
    expect(m.graph!.output!.map((x) => x.name)).toContain('attn:layer4.0.conv2.attn');
    expect(m.metadataProps.find((p) => p.key === 'splitlens.weights')!.value).toBe('pretrained');
  });

  it('builds a preset with K/R overrides and seeded weights', async () => {
    const o = join(tmp, 'r4k2.onnx');
    const { code, out } = await runCaptured([
      'build',
      'resnest14d',
      '--radix',
      '4',
      '--cardinality',
      '2',
      '--num-classes',
      '10',
      '--input-size',
      '64',
      '--seed',
      '5',
      '-o',
      o,
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^resnest14d\+radix=4,cardinality=2,numClasses=10,inputSize=64: [\d,]+ params, untrained, seed 5, 4 attention outputs/,
    );
    const conv = onnx.ModelProto.decode(readFileSync(o)).graph!.node!.find(
      (n) => n.name === '/layer1/layer1.0/conv2/conv/Conv',
    )!;
    expect(Number(conv.attribute!.find((a) => a.name === 'group')!.i)).toBe(8);
  });

  it.each([
    [['build', 'resnet51', '-o', 'x.onnx'], /^error: unknown model 'resnet51'; valid: resnet18, /],
    [
      ['build', 'resnest50d', '--radix', 'two', '-o', 'x.onnx'],
      /^error: --radix expects an integer >= 0, got 'two'\n$/,
    ],
    [['build', '-o', 'x.onnx'], /^error: build needs a preset name/],
    [
      ['build', 'resnet18', '--cardinality', '4', '-o', 'x.onnx'],
      /^error: resnet18: cardinality: basic blocks support cardinality 1 only\n$/,
    ],
    [
      ['build', 'resnext50_32x4d', '--weights', `${TINY}tiny_resnet/model.safetensors`, '-o', 'x.onnx'],
      /does not fit resnext50_32x4d: layer1\.0\.conv1\.weight has shape \[8,64,1,1\], expected \[128,64,1,1\]\n$/,
    ],
    [['build', '--timm-spec', `${TINY}tiny_resnet/input.f32`, '-o', 'x.onnx'], /input\.f32: not valid JSON\n$/],
  ])('%j fails with one line and exit 2', async (args, message) => {
    const { code, err } = await runCaptured(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(existsSync('x.onnx')).toBe(false);
  });
});
