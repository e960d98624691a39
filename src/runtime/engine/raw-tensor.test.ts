import { describe, expect, it } from 'vitest';
import { parseProvider, parseShape, readRawTensor } from './raw-tensor.js';
import { tinyFixtures } from '../../testing/tiny-fixtures.js';
import { csvRows } from '../readout/prediction-format.js';

describe('command-line inputs', () => {
  const t = tinyFixtures()[0]!;

  it('reads a fixture tensor exactly', () => {
    const raw = readRawTensor(`${t.dir}input.f32`, parseShape('2,3,64,64'));
    expect(raw.dims).toEqual([2, 3, 64, 64]);
    expect(raw.tensor).toEqual(t.input);
  });

  it('rejects a tensor file whose size does not match the shape', () => {
    expect(() => readRawTensor(`${t.dir}input.f32`, [1, 3, 64, 64])).toThrow(
      /input\.f32: 98304 bytes, but shape \[1, 3, 64, 64\] needs 49152 \(float32\)/,
    );
  });

  it.each(['2,3,64', '2,4,64,64', '0,3,8,8', 'a,b,c,d'])('rejects --shape %s', (s) => {
    expect(() => parseShape(s)).toThrow(/--shape/);
  });

  it('parses --ep', () => {
    expect(parseProvider('auto')).toBeUndefined();
    expect(parseProvider('webgpu')).toEqual(['webgpu']);
    expect(() => parseProvider('gpu')).toThrow("--ep expects auto, cpu, webgpu, cuda, dml, coreml; got 'gpu'");
  });

  it('quotes CSV fields that need it', () => {
    const rows = csvRows({
      image: 'a,b.png',
      results: [
        {
          model: 'm',
          weights: 'untrained',
          provider: 'cpu',
          latencyMs: 1.25,
          top: [{ index: 3, label: 'say "hi"', prob: 0.5 }],
        },
      ],
    });
    expect(rows).toEqual(['"a,b.png",m,untrained,cpu,1.3,,1,3,"say ""hi""",0.500000,']);
  });
});
