/**
 * The in-process host's extras on the Api: `loadModel` says how the runtime opened a model (its
 * name in results, its weights, its provider), and `runTensor` runs a fixture's preprocessed
 * tensor — one result per batch image, the logits and every block's attention as timm computed
 * them — naming the model by its Api id, as `predict` does.
 */
import { describe, expect, it } from 'vitest';
import { tinyApi } from './testing/tiny-api.js';
import { maxAbsDiff, tinyFixtures } from '../testing/tiny-fixtures.js';

const t = tinyFixtures().find((f) => f.name === 'tiny_resnest')!;

describe('the Api host extras', () => {
  const { api } = tinyApi();

  it('loadModel: the runtime name, weights and provider of an opened file', async () => {
    const entry = await api.openModel({ kind: 'path', path: t.model });
    const opened = await api.loadModel(entry.id);
    expect(opened.name).toBe('tiny_resnest/model.onnx');
    expect(opened.weights).toBe('pretrained');
    expect(opened.info.provider).toMatch(/^(cpu|webgpu|cuda|dml|coreml)$/);
    await expect(api.loadModel('no-such-model')).rejects.toThrow(/^unknown model 'no-such-model'$/);
  });

  it("runTensor: per batch image, timm's logits (≤ 1e-4) and attention (≤ 1e-5)", async () => {
    const entry = await api.openModel({ kind: 'path', path: t.model });
    const tensor = { tensor: t.input, dims: t.inputShape };
    const results = await api.runTensor({ modelId: entry.id, tensor, top: 3, logits: true, attention: true });
    expect(results).toHaveLength(t.inputShape[0]!);
    expect(results.every((r) => r.model === entry.id && r.weights === 'in-file' && r.top.length === 3)).toBe(true);
    expect(
      maxAbsDiff(
        results.flatMap((r) => Array.from(r.logits!)),
        t.logits,
      ),
    ).toBeLessThanOrEqual(1e-4);
    t.attention.forEach((a, i) =>
      expect(
        maxAbsDiff(
          results.flatMap((r) => Array.from(r.attention![i]!.values)),
          a.values,
        ),
      ).toBeLessThanOrEqual(1e-5),
    );
  });
});
