/**
 * Registry-driven: every preset's state-dict layout and parameter count against timm
 * (fixtures/meta/state_dicts.json), its attention outputs, and one ORT run of each preset's block
 * structure with seeded weights (one block per stage, 64x64 input, 10 classes, to stay fast).
 */
import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { buildModel, specParamCount, stateDictLayout } from './build-model.js';
import { HEADLINE_PRESETS, PRESET_NAMES, PRESETS, resolvePreset } from './presets.js';
import { emitResNet } from './resnet-graph.js';
import { validateSpec } from './spec.js';
import { FIXTURES } from '../testing/fixtures.js';

const { onnx } = onnxProto;
const META = `${FIXTURES}meta/`;
const STATE_DICTS = JSON.parse(readFileSync(`${META}state_dicts.json`, 'utf8')) as Record<string, [string, number[]][]>;

/** timm's published parameter counts. */
const TIMM_PARAMS: Record<string, number> = {
  resnet50: 25_557_032,
  resnext50_32x4d: 25_028_904,
  seresnet50: 28_088_024,
  skresnext50_32x4d: 27_479_784,
  resnest50d: 27_483_240,
};

function timmParamCount(layout: [string, number[]][]): number {
  return layout
    .filter(([k]) => !/\.(running_mean|running_var|num_batches_tracked)$/.test(k))
    .reduce((n, [, s]) => n + s.reduce((a, b) => a * b, 1), 0);
}

/** Attention modules per block of a preset, by timm module path. */
function expectedAttention(name: string): string[] {
  const spec = PRESETS[name]!;
  const out: string[] = [];
  spec.layers.forEach((n, s) => {
    for (let i = 0; i < n; i++) {
      const b = `layer${s + 1}.${i}`;
      if (spec.block === 'resnest_bottleneck' && spec.radix > 0) out.push(`attn:${b}.conv2.rsoftmax`);
      if (spec.block === 'sk_bottleneck') out.push(`attn:${b}.conv2.attn`);
      if (spec.block === 'sk_basic') out.push(`attn:${b}.conv1.attn`);
      if (spec.attention !== 'none') out.push(`attn:${b}.se.gate`);
    }
  });
  return out;
}

describe('presets', () => {
  it('lists the headline five and all the timm variants', () => {
    expect(PRESET_NAMES).toHaveLength(19);
    for (const h of HEADLINE_PRESETS) expect(PRESETS[h]).toBeDefined();
  });

  // A start reads the presets without validating them (zod loads only when a spec must be checked).
  it('every preset is a valid spec, unchanged by validation down to the order of its keys', () => {
    // Key order counts: specs are hashed as JSON (model cache keys, variant ids).
    for (const name of PRESET_NAMES)
      expect(JSON.stringify(validateSpec(PRESETS[name], name)), name).toBe(JSON.stringify(PRESETS[name]));
  });

  it('a preset with overrides is validated: a bad override is refused in one line', () => {
    expect(() => resolvePreset('resnest50d', { radix: 3 })).toThrow(/resnest50d: radix: .*does not split/);
    expect(resolvePreset('resnest50d', { radix: 1 }).radix).toBe(1);
  });

  for (const [key, layout] of Object.entries(STATE_DICTS).filter(([k]) => k.startsWith('timm__'))) {
    const name = key.slice('timm__'.length);
    it(`${name}: state-dict layout equals timm's, key by key and shape by shape`, () => {
      expect(stateDictLayout(resolvePreset(name))).toEqual(layout);
      expect(specParamCount(resolvePreset(name))).toBe(timmParamCount(layout));
    });
  }

  for (const [name, n] of Object.entries(TIMM_PARAMS)) {
    it(`${name}: ${n} parameters`, () => expect(specParamCount(resolvePreset(name))).toBe(n));
  }

  for (const name of PRESET_NAMES) {
    it(`${name}: graph outputs are logits + one attention tensor per attention module`, () => {
      const g = emitResNet(PRESETS[name]!);
      expect(g.outputs.map((o) => o.name)).toEqual(['logits', ...expectedAttention(name)]);
      const names = new Set(g.nodes.map((n) => n.name));
      expect(names.size).toBe(g.nodes.length);
    });
  }

  for (const name of PRESET_NAMES) {
    it(`${name}: seeded build runs in onnxruntime`, async () => {
      const spec = resolvePreset(name, { inputSize: 64, numClasses: 10, layers: [1, 1, 1, 1] });
      const model = await buildModel({ spec, seed: 7, name });
      expect(model.weights).toBe('untrained');
      const decoded = onnx.ModelProto.decode(model.onnx);
      expect(Number(decoded.opsetImport[0]!.version)).toBe(17);
      expect(decoded.graph!.input!.map((i) => i.name)).toEqual(['input']);
      const meta = Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
      expect(meta['splitlens.weights']).toBe('untrained');

      const session = await new OrtEngine().load(model.onnx, { providers: ['cpu'], intraOpThreads: 1 });
      try {
        const x = Float32Array.from({ length: 2 * 3 * 64 * 64 }, (_, i) => Math.sin(i * 0.37));
        const out = await session.run({ input: { data: x, dims: [2, 3, 64, 64] } });
        expect(out.logits!.dims).toEqual([2, 10]);
        expect(Object.keys(out).sort()).toEqual(['logits', ...model.attentionOutputs].sort());
        const logits = [...out.logits!.data.slice(0, 10)];
        expect(logits.every(Number.isFinite)).toBe(true);
        // Random weights must give a spread-out softmax, not a one-hot.
        const m = Math.max(...logits);
        const z = logits.reduce((a, v) => a + Math.exp(v - m), 0);
        expect(1 / z).toBeLessThan(0.9);
        expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(1e-3);
      } finally {
        await session.release();
      }
    });
  }

  it('seeded init is deterministic and depends on the seed', async () => {
    const spec = resolvePreset('resnest14d', { inputSize: 64, numClasses: 10 });
    const a = await buildModel({ spec, seed: 1 });
    const b = await buildModel({ spec, seed: 1 });
    const c = await buildModel({ spec, seed: 2 });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
  });

  it('overrides change K and R and are validated', () => {
    const spec = resolvePreset('resnest50d', { radix: 4, cardinality: 2 });
    expect([spec.radix, spec.cardinality]).toEqual([4, 2]);
    const g = emitResNet(spec);
    const conv = g.nodes.find((n) => n.name === '/layer1/layer1.0/conv2/conv/Conv')!;
    expect(conv.attribute.find((a) => a.name === 'group')!.i).toBe(8);
    expect(() => resolvePreset('resnest50d', { radix: -1 })).toThrow(/resnest50d: radix/);
    expect(() => resolvePreset('resnet18', { cardinality: 4 })).toThrow(/cardinality: basic blocks/);
    expect(() => resolvePreset('resnet51')).toThrow(/unknown model 'resnet51'; valid: resnet18, /);
  });
});
