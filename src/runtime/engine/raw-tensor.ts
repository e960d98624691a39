/**
 * Raw tensors and provider choices given on the command line: `--tensor input.f32 --shape 2,3,64,64`
 * (little-endian float32, C order, as the fixtures store them) and `--ep auto|cpu|webgpu|...`.
 */
import { readFileSync } from 'node:fs';
import { statRegularFile } from '../../platform/file-kind.js';
import { UserError } from '../../common/errors.js';
import { PROVIDER_NAMES, isProviderName, type ProviderName } from './engine.js';
import type { RawTensor } from './model-runner.js';

export function parseShape(text: string): number[] {
  const dims = text.split(',').map((s) => Number(s.trim()));
  if (dims.length !== 4 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new UserError(`--shape expects N,3,H,W (four positive integers), got '${text}'`);
  }
  if (dims[1] !== 3) throw new UserError(`--shape ${text}: the second dimension must be 3 (RGB channels)`);
  return dims;
}

export function readRawTensor(path: string, dims: number[]): RawTensor {
  const size = statRegularFile(path, 'file').size;
  const n = dims.reduce((a, b) => a * b, 1);
  if (size !== n * 4)
    throw new UserError(`${path}: ${size} bytes, but shape [${dims.join(', ')}] needs ${n * 4} (float32)`);
  const b = readFileSync(path);
  const tensor = new Float32Array(n);
  new Uint8Array(tensor.buffer).set(b);
  return { tensor, dims };
}

/** `--ep`: `auto` = best available (undefined), else exactly that provider. */
export function parseProvider(text: string): ProviderName[] | undefined {
  if (text === 'auto') return undefined;
  if (!isProviderName(text)) throw new UserError(`--ep expects auto, ${PROVIDER_NAMES.join(', ')}; got '${text}'`);
  return [text];
}
