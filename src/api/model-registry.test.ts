/**
 * `namedModel`: the one place a model named on the command line is resolved — an existing file
 * (ONNX or checkpoint) by its absolute path, else a zoo preset, else one line listing the presets.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { namedModel } from './model-registry.js';
import { isUserError } from '../common/errors.js';
import { FIXTURES } from '../testing/fixtures.js';

const refused = (arg: string): string => {
  try {
    namedModel(arg);
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error(`${arg} was not refused`);
};

describe('namedModel', () => {
  it('an existing ONNX file or checkpoint is its absolute path; a preset is a preset', () => {
    const onnx = `${FIXTURES}tiny/tiny_resnest/model.onnx`;
    const pth = `${FIXTURES}checkpoints/tv_resnet/model.pth`;
    expect(namedModel(onnx)).toEqual({ path: resolve(onnx) });
    expect(namedModel(pth)).toEqual({ path: resolve(pth) });
    expect(namedModel('resnest50d')).toEqual({ preset: 'resnest50d' });
  });

  it('a missing file named as a model file, or an unknown name, is one line', () => {
    expect(refused('missing.onnx')).toBe('missing.onnx: no such file');
    expect(refused('missing.pth')).toBe('missing.pth: no such file');
    expect(refused('resnet5')).toMatch(/^resnet5: neither an ONNX file nor a zoo model \(resnet18, [^\n]+\)$/);
  });
});
