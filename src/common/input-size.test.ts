import { describe, expect, it } from 'vitest';
import { formatInputSize, parseInputSize } from './input-size.js';

describe('input sizes', () => {
  it.each([
    ['224', 224],
    [' 96x80 ', [96, 80]],
    ['96 × 80', [96, 80]],
    ['256X256', 256],
    ['32', 32],
    ['2048x32', [2048, 32]],
  ])('reads %j', (text, size) => {
    expect(parseInputSize(text)).toEqual(size);
  });

  it.each(['', 'big', '31', '2049', '224x', 'x224', '224x224x3', '-224', '22.4', '12345'])('refuses %j', (text) => {
    expect(parseInputSize(text)).toBeUndefined();
  });

  it('writes a square size once', () => {
    expect(formatInputSize(224)).toBe('224');
    expect(formatInputSize([96, 80])).toBe('96x80');
    expect(formatInputSize([64, 64])).toBe('64');
  });
});
