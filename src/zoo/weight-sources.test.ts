/**
 * Checkpoint loading against real timm safetensors (fixtures/tiny): wrong, incomplete and
 * oversized checkpoints name the first offending key; broken files are UserErrors; F16/BF16/F64
 * tensors convert exactly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { buildModel } from './build-model.js';
import { SafetensorsFile } from '../safetensors/safetensors-file.js';
import { writeSafetensors } from '../safetensors/safetensors-write.js';
import { specFromTimmKwargs } from './timm-spec.js';
import { FIXTURES } from '../testing/fixtures.js';

const TINY = `${FIXTURES}tiny/`;
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-zoo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tinySpec(name: string) {
  const ref = JSON.parse(readFileSync(`${TINY}${name}/ref.json`, 'utf8')) as { spec: unknown };
  return specFromTimmKwargs(ref.spec, { inputSize: 64 });
}

async function buildError(spec: string, weights: string): Promise<UserError> {
  const err = await buildModel({ spec: tinySpec(spec), weights, name: spec }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('checkpoint checks', () => {
  it('ResNet weights into a ResNeXt spec: names the first mismatching key and both shapes', async () => {
    const e = await buildError('tiny_resnext', `${TINY}tiny_resnet/model.safetensors`);
    expect(e.message).toBe(
      `${TINY}tiny_resnet/model.safetensors does not fit tiny_resnext: layer1.0.conv2.weight has shape [8,8,3,3], expected [8,2,3,3]`,
    );
  });

  it('a checkpoint without the SE weights: names the missing key', async () => {
    const e = await buildError('tiny_seresnet', `${TINY}tiny_resnet/model.safetensors`);
    expect(e.message).toMatch(/does not fit tiny_seresnet: missing tensor layer1\.0\.se\.fc1\.weight \[8,32,1,1\]$/);
  });

  it('a checkpoint with extra tensors: names the first unused key', async () => {
    const e = await buildError('tiny_resnet', `${TINY}tiny_seresnet/model.safetensors`);
    expect(e.message).toMatch(/does not fit tiny_resnet: unexpected tensor layer1\.0\.se\.fc1\.weight \[8,32,1,1\]$/);
  });

  it('a missing file and a file that is not safetensors are one-line UserErrors', async () => {
    expect((await buildError('tiny_resnet', join(tmp, 'nope.safetensors'))).message).toMatch(
      /nope\.safetensors: cannot open weights \(no such file\)/,
    );
    expect((await buildError('tiny_resnet', `${TINY}tiny_resnet/ref.json`)).message).toMatch(
      /ref\.json: not a safetensors file/,
    );
    const truncated = join(tmp, 'truncated.safetensors');
    writeFileSync(truncated, readFileSync(`${TINY}tiny_resnet/model.safetensors`).subarray(0, 200_000));
    expect((await buildError('tiny_resnet', truncated)).message).toMatch(
      /truncated\.safetensors: not a safetensors file \(tensor '.*' lies outside the file/,
    );
  });
});

describe('safetensors dtypes', () => {
  it('reads F16, BF16 and F64 as float32', () => {
    const values = [1, -2.5, 0.099975586, 65504];
    const f16 = new Uint16Array([0x3c00, 0xc100, 0x2e66, 0x7bff]);
    const bf16 = new Uint16Array(Float32Array.from(values).buffer.slice(0)).filter((_, i) => i % 2 === 1);
    const f64 = Float64Array.from(values);
    const path = join(tmp, 'dtypes.safetensors');
    writeSafetensors(path, [
      { key: 'a', dtype: 'F16', shape: [4], data: new Uint8Array(f16.buffer) },
      { key: 'b', dtype: 'BF16', shape: [2, 2], data: new Uint8Array(bf16.buffer) },
      { key: 'c', dtype: 'F64', shape: [4], data: new Uint8Array(f64.buffer) },
      { key: 'n', dtype: 'I64', shape: [], data: new Uint8Array(8) },
    ]);
    const file = SafetensorsFile.open(path);
    try {
      expect([...file.readFloat32('a')]).toEqual(Array.from(Float32Array.from(values)));
      const b = file.readFloat32('b');
      b.forEach((v, i) => expect(Math.abs(v - values[i]!) / Math.abs(values[i]!)).toBeLessThan(1 / 128));
      expect([...file.readFloat32('c')]).toEqual(Array.from(Float32Array.from(values)));
      expect(() => file.readFloat32('n')).toThrow(/n has dtype I64/);
      expect(file.list().map((e) => e.key)).toEqual(['a', 'b', 'c', 'n']);
    } finally {
      file.close();
    }
  });
});
