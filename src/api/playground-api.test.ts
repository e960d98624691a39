/**
 * The playground through the one Api: a defined variant's numbers are its diagram's (R in the
 * block nodes, rows in the heatmap areas), pinned variants join listModels (at most four) and
 * analyse back to their K and R, latency comes from a real ORT session with its provider, exports
 * decode, and bad requests are one-line UserErrors.
 */
import { describe, expect, it } from 'vitest';
import type { VariantSummary } from './contract.js';
import { tinyApi } from './testing/tiny-api.js';
import { CancelledError, isUserError } from '../common/errors.js';
import { analyzeOnnx } from '../analysis/index.js';
import { decodeModel } from '../onnx/index.js';

type Ok = Extract<VariantSummary, { ok: true }>;

describe('the playground Api', () => {
  const { api, events } = tinyApi();

  const define = async (edits: object, base = 'resnest50d'): Promise<Ok> => {
    const s = await api.defineVariant({ base, edits });
    if (!s.ok) throw new Error(s.reasons.join('; '));
    return s;
  };

  it('draws the variant it defines: R and K in every block node, R rows in every heatmap area', async () => {
    for (const radix of [2, 4]) {
      const s = await define({ radix, cardinality: 2, baseWidth: 32 });
      const blocks = s.diagram!.nodes.filter((n) => n.kind === 'block');
      expect(blocks).toHaveLength(16);
      for (const b of blocks) {
        expect([b.radix, b.cardinality, b.attention]).toEqual([radix, 2, 'splat']);
        expect(b.heatmap?.rows).toBe(radix);
      }
      expect(s.modelId).toMatch(/^variant:[0-9a-f]{12}$/);
      // The variant answers by id (the views ask for its analysis) without being listed.
      const a = await api.analyze(s.modelId!);
      expect(a.macs).toBe(s.cost.macs);
      expect((await api.listModels()).some((m) => m.id === s.modelId)).toBe(false);
    }
  });

  it('lists the presets a variant can start from: every zoo preset, each defined as itself', async () => {
    const presets = await api.listPresets();
    expect(presets).toEqual(expect.arrayContaining(['resnet18', 'resnest50d', 'resnest50d_4s2x40d']));
    const s = await api.defineVariant({ base: presets.at(-1)! });
    expect(s.ok && s.label).toBe(presets.at(-1));
  });

  it('explains an invalid variant instead of building it', async () => {
    const s = await api.defineVariant({ base: 'resnest50d', edits: { radix: 3, cardinality: 2, baseWidth: 40 } });
    expect(s).toEqual({
      ok: false,
      label: 'resnest50d R3 K2 w40',
      reasons: ['R: stage 1: width 80 does not split into 2 groups x 3 splits'],
    });
    await expect(
      api.pinVariant({ base: 'resnest50d', edits: { radix: 3, cardinality: 2, baseWidth: 40 } }),
    ).rejects.toThrow('resnest50d R3 K2 w40: R: stage 1: width 80 does not split into 2 groups x 3 splits');
  });

  it('pins up to four variants into the model list, each analysing back to its K and R', async () => {
    const grid = [
      { radix: 1, cardinality: 1 },
      { radix: 2, cardinality: 2, baseWidth: 32 },
      { radix: 4, cardinality: 1 },
      { radix: 0, cardinality: 4, baseWidth: 16 },
    ];
    const pinned = [];
    for (const edits of grid) pinned.push(await api.pinVariant({ base: 'resnest50d', edits }));
    const listed = await api.listModels();
    expect(listed.slice(5).map((m) => [m.label, m.source])).toEqual(pinned.map((p) => [p.label, 'variant']));
    for (const [i, p] of pinned.entries()) {
      const a = await api.analyze(p.id);
      for (const b of a.stages.flatMap((st) => st.blocks)) {
        expect([b.cardinality, b.radix]).toEqual([grid[i]!.cardinality, Math.max(grid[i]!.radix, 1)]);
      }
    }
    const fifth = api.pinVariant({ base: 'resnest50d', edits: { radix: 2, cardinality: 4, baseWidth: 16 } });
    await expect(fifth).rejects.toSatisfy(isUserError);
    await expect(fifth).rejects.toThrow('at most 4 variants can be pinned: unpin one first');
    // Pinning the same architecture again is the same model.
    expect((await api.pinVariant({ base: 'resnest50d', edits: grid[2] })).id).toBe(pinned[2]!.id);
    // Closing a pinned variant (the model list's close button) unpins it.
    await api.closeModel(pinned[0]!.id);
    expect((await api.listModels()).map((m) => m.id)).not.toContain(pinned[0]!.id);
    for (const p of pinned.slice(1)) await api.unpinVariant(p.id);
    expect(await api.listModels()).toHaveLength(5);
    await expect(api.unpinVariant(pinned[0]!.id)).rejects.toThrow(/is not a pinned variant$/);
  });

  it('measures latency in a real ORT session and says which provider ran it', async () => {
    const small = { base: 'resnest14d', edits: { radix: 1 } };
    const r = await api.measureLatency({ variant: small, runs: 3, taskId: 'lat-1' });
    expect(r.provider).toBe('cpu');
    expect(r.runs).toBe(3);
    expect(r.latencyMs).toBeGreaterThan(0);
    const mine = events.filter((e) => e.taskId === 'lat-1');
    expect(mine.at(-1)?.state).toBe('done');
    expect(mine.filter((e) => e.state === 'running').map((e) => e.done)).toEqual([0, 2, 3, 4]);
    // It ran with seeded weights, and its entry says so once pinned.
    const entry = await api.pinVariant(small);
    expect(entry.weights).toBe('untrained');
    await api.unpinVariant(entry.id);
  });

  it('stops measuring when cancelled', async () => {
    const p = api.measureLatency({ variant: { base: 'resnest14d', edits: { radix: 4 } }, runs: 50, taskId: 'lat-2' });
    void api.cancel('lat-2');
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });

  it('exports ONNX with and without weights, and SVG', async () => {
    const variant = { base: 'resnest14d', edits: { radix: 4, cardinality: 1 } };
    const full = await api.exportVariant({ variant, format: 'onnx' });
    const stripped = await api.exportVariant({ variant, format: 'onnx-stripped' });
    expect(full.fileName).toBe('resnest14d_R4.onnx');
    expect(stripped.fileName).toBe('resnest14d_R4.stripped.onnx');
    const bytes = (x: { data: string }) => Buffer.from(x.data, 'base64');
    expect(bytes(full).length).toBeGreaterThan(10 * bytes(stripped).length);
    for (const x of [full, stripped]) {
      const a = analyzeOnnx(decodeModel(bytes(x), x.fileName));
      expect(a.stages.flatMap((s) => s.blocks).map((b) => b.radix)).toEqual([4, 4, 4, 4]);
    }
    const svg = await api.exportVariant({ variant, format: 'svg', theme: 'dark' });
    expect(svg.encoding).toBe('utf8');
    expect(svg.data).toMatch(/^<svg[^>]*>/);
    expect(svg.data).toContain('resnest14d R4 — splitlens');
  });
});
