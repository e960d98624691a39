import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceService } from '../worker/inference-service.js';
import { filePlan, presetPlan } from './model-sources.js';
import { FIXTURES } from '../../testing/fixtures.js';

describe('zoo presets through the inference service', () => {
  const service = new InferenceService();
  // An empty Hub cache: presets build with seeded random weights.
  const cache = mkdtempSync(join(tmpdir(), 'splitlens-hub-'));
  const saved = process.env.HF_HUB_CACHE;
  beforeAll(() => void (process.env.HF_HUB_CACHE = cache));
  afterAll(async () => {
    if (saved === undefined) delete process.env.HF_HUB_CACHE;
    else process.env.HF_HUB_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
    await service.dispose();
  });

  it('resnest14d: untrained weights, attn:* taps read as radix × cardinal × channel, ImageNet labels, CAM', async () => {
    const plan = await presetPlan('resnest14d', { saliency: true });
    expect(plan.meta.weights).toBe('untrained');
    expect(plan.meta.preprocess).toMatchObject({ interpolation: 'bilinear', cropPct: 0.875, size: [224, 224] });
    await service.load('resnest14d', plan.source, plan.meta);
    const image = `${FIXTURES}images/chelsea.png`;
    const att = await service.attention('resnest14d', image);
    expect(att.blocks.map((b) => [b.name, b.shape])).toEqual([
      ['layer1.0', [2, 1, 64]],
      ['layer2.0', [2, 1, 128]],
      ['layer3.0', [2, 1, 256]],
      ['layer4.0', [2, 1, 512]],
    ]);
    // rSoftmax: the radix weights of every channel sum to 1.
    const v = att.blocks[0]!.values;
    for (let c = 0; c < 64; c++) expect(v[c]! + v[64 + c]!).toBeCloseTo(1, 5);
    const p = await service.predict('resnest14d', image, { top: 1 });
    expect(p).toMatchObject({ model: 'resnest14d', weights: 'untrained' });
    expect(p.top[0]!.label).not.toMatch(/^class /);
    const s = await service.saliency('resnest14d', image);
    expect(s).toMatchObject({ classIndex: p.top[0]!.index, grid: { width: 7, height: 7 } });
    expect(s.crop).toMatchObject({ width: 451, height: 300 });
  });

  it('a weights-stripped export can be analysed but not run: a UserError says so', async () => {
    await expect(filePlan(`${FIXTURES}graphs/timm__resnet50.onnx`)).rejects.toThrow(
      /external data is missing; it can be analysed but not run/,
    );
  });
});
