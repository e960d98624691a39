import { describe, expect, it } from 'vitest';
import { benchMarkdown, runBench, withoutTaps } from './runtime-bench.js';
import { readOnnx } from '../onnx/index.js';
import { planModel } from '../runtime/engine/model-plan.js';
import { tinyFixtures } from '../testing/tiny-fixtures.js';

describe('runBench', () => {
  const t = tinyFixtures().find((f) => f.name === 'tiny_resnest_r4c2')!;

  it('strips the taps for the plain session, keeping the logits', async () => {
    const plan = await planModel(t.model, { name: t.name });
    if (!('bytes' in plan.source)) throw new Error('taps must have been added');
    expect((await readOnnx(plan.source.bytes)).outputs).toHaveLength(6); // logits, 4 taps, CAM features
    expect((await readOnnx(withoutTaps(plan.source.bytes))).outputs.map((o) => o.name)).toEqual(['logits']);
  });

  it('measures a model with and without taps and end to end', async () => {
    const r = await runBench({ models: [t.model], runs: 2 });
    expect(r.models).toHaveLength(1);
    expect(r.models[0]).toMatchObject({ model: t.model, taps: 4 });
    for (const k of ['plainFirstMs', 'plainWarmMs', 'tapsWarmMs', 'e2eFirstMs', 'e2eWarmMs', 'workerWarmMs'] as const) {
      expect(r.models[0]![k]).toBeGreaterThan(0);
    }
    expect(benchMarkdown(r)).toContain(`| ${t.model} | `);
  });
});
