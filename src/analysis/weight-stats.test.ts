/**
 * Weight statistics of a real initializer (a conv of timm's tiny ResNet export) against numpy's
 * (count, min, max, mean, std, zeros, numpy.histogram over the same bins) computed from the same
 * raw bytes by /usr/bin/python3, and against a plain sorted-array computation here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOnnx } from '../onnx/index.js';
import { floatValues } from '../onnx/tensor-floats.js';
import { FIXTURES } from '../testing/fixtures.js';
import { opWeightTensors } from './block-ops.js';
import { HISTOGRAM_BINS, weightStats } from './weight-stats.js';

const PYTHON = '/usr/bin/python3';
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'splitlens-weight-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function realConvWeight(): Promise<{ name: string; dims: number[]; values: Float32Array }> {
  const model = await readOnnx(`${FIXTURES}tiny/tiny_resnet/model.onnx`);
  const conv = model.nodes.filter((n) => n.opType === 'Conv')[3]!;
  const [w] = opWeightTensors(model, conv.name);
  return { name: w!.name, dims: w!.dims, values: floatValues(model, w!)! };
}

describe('weightStats', () => {
  it.skipIf(!hasNumpy)('a conv weight of a real export: equal to numpy on the same bytes', async () => {
    const { dims, values } = await realConvWeight();
    expect(dims).toHaveLength(4);
    expect(values.length).toBe(dims.reduce((a, b) => a * b, 1));
    const file = join(dir, 'w.f32');
    writeFileSync(file, values);
    const script = [
      'import json, sys, numpy as np',
      'v = np.fromfile(sys.argv[1], dtype="<f4").astype(np.float64)',
      `h, _ = np.histogram(v, bins=${HISTOGRAM_BINS}, range=(v.min(), v.max()))`,
      'print(json.dumps({"count": int(v.size), "min": v.min(), "max": v.max(), "mean": v.mean(), "std": v.std(),',
      '  "zeros": float((v == 0).mean()), "bins": h.tolist()}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const np = JSON.parse(r.stdout) as {
      count: number;
      min: number;
      max: number;
      mean: number;
      std: number;
      zeros: number;
      bins: number[];
    };
    const s = weightStats(values);
    expect(s.count).toBe(np.count);
    expect(s.min).toBe(np.min);
    expect(s.max).toBe(np.max);
    expect(s.mean).toBeCloseTo(np.mean, 12);
    expect(s.std).toBeCloseTo(np.std, 12);
    expect(s.zeros).toBe(np.zeros);
    expect(s.histogram.bins).toEqual(np.bins);
  });

  it('a conv weight of a real export: equal to a sorted-array computation', async () => {
    const { values } = await realConvWeight();
    const sorted = [...values].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    const variance = sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / sorted.length;
    const s = weightStats(values);
    expect([s.min, s.max]).toEqual([sorted[0], sorted.at(-1)]);
    expect(s.mean).toBeCloseTo(mean, 10);
    expect(s.std).toBeCloseTo(Math.sqrt(variance), 10);
    expect(s.std).toBeGreaterThan(0);
    expect(s.histogram.bins.reduce((a, b) => a + b, 0)).toBe(values.length);
    // the first bin holds the minimum, the last the maximum
    expect(s.histogram.bins[0]).toBeGreaterThan(0);
    expect(s.histogram.bins.at(-1)).toBeGreaterThan(0);
  });

  it('zeros, a constant tensor and an empty one', () => {
    expect(weightStats(Float32Array.from([0, 0, 1, -1]))).toMatchObject({ zeros: 0.5, mean: 0, std: Math.SQRT1_2 });
    const flat = weightStats(Float32Array.from([2, 2, 2]), 4);
    expect(flat).toMatchObject({ min: 2, max: 2, std: 0, histogram: { bins: [3, 0, 0, 0] } });
    expect(weightStats(new Float32Array(0)).count).toBe(0);
  });
});
