import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';
import { FIXTURES } from '../../testing/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'splitlens-analyze-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('splitlens analyze', () => {
  it('--json prints the docs/cli.md shape', async () => {
    const { code, out } = await runCaptured(['analyze', FIXTURES + 'graphs/timm__resnest50d_4s2x40d.onnx', '--json']);
    expect(code).toBe(0);
    const a = JSON.parse(out) as Record<string, unknown> & {
      stages: { name: string; blocks: Record<string, unknown>[] }[];
    };
    expect(a).toMatchObject({
      family: 'resnest',
      opset: 17,
      producer: 'pytorch',
      numClasses: 1000,
      input: { name: 'input', shape: ['batch', 3, 224, 224] },
    });
    expect(a.params).toBeGreaterThan(30e6);
    expect(a.macs).toBeGreaterThan(4e9);
    expect(a.stages[0]!.blocks[0]).toMatchObject({
      name: 'layer1.0',
      type: 'bottleneck',
      in: 64,
      out: 256,
      stride: 1,
      cardinality: 2,
      radix: 4,
      attention: 'splat',
      downsample: true,
      taps: [
        {
          tensor: '/layer1/layer1.0/conv2/rsoftmax/Softmax_output_0',
          kind: 'splat',
          dims: ['radix', 'cardinal', 'channel'],
          shape: [4, 2, 40],
        },
      ],
    });
  });

  it('plain form is a table per stage with K, R and attention', async () => {
    const { code, out } = await runCaptured(['analyze', FIXTURES + 'graphs/timm__skresnext50_32x4d.onnx']);
    expect(code).toBe(0);
    expect(out).toMatch(/^timm__skresnext50_32x4d\.onnx: skresnext$/m);
    expect(out).toMatch(/^stage\s+blocks\s+type\s+K\s+R\s+attention\s+channels/m);
    expect(out).toMatch(/^layer3\s+6\s+bottleneck\s+32\s+2\s+sk\s+512→1024\s+2/m);
  });

  it('bad files: one error line, exit 2', async () => {
    writeFileSync(join(tmp, 'empty.onnx'), '');
    for (const f of [join(tmp, 'empty.onnx'), join(tmp, 'missing.onnx'), FIXTURES + 'images/odd/not_an_image.jpg']) {
      const { code, out, err } = await runCaptured(['analyze', f]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/^error: .+\n$/);
    }
  });
});
