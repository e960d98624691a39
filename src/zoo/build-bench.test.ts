/** The benchmark's timm-layout checkpoint round-trips through writer, reader and builder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { benchBuild, writePresetCheckpoint } from './build-bench.js';
import { buildModel } from './build-model.js';
import { resolvePreset } from './presets.js';

const { onnx } = onnxProto;
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function initializers(bytes: Uint8Array): Map<string, string> {
  const g = onnx.ModelProto.decode(bytes).graph!;
  return new Map(g.initializer!.map((t) => [t.name!, Buffer.from(t.rawData!).toString('base64')]));
}

describe('build benchmark', () => {
  it('a checkpoint written from the seeded init loads back to the same initializers', async () => {
    const path = join(tmp, 'resnest14d.safetensors');
    writePresetCheckpoint('resnest14d', path, 3);
    const spec = resolvePreset('resnest14d');
    const fromFile = await buildModel({ spec, weights: path });
    const seeded = await buildModel({ spec, seed: 3 });
    expect(fromFile.weights).toBe('pretrained');
    expect(initializers(fromFile.onnx)).toEqual(initializers(seeded.onnx));
  });

  it('reports one row per preset', async () => {
    const [row, ...rest] = await benchBuild(['resnest14d'], 1);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ preset: 'resnest14d', params: 10_611_688 });
    expect(row!.onnxMB).toBeGreaterThan(40);
    expect(row!.withWeightsMs).toBeGreaterThan(0);
    expect(row!.seededMs).toBeGreaterThan(0);
  });
});
