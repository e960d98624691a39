/**
 * A variant whose shapes (and weightless wiring) match a preset's timm checkpoint uses it when the
 * verified cache has it, and says so; any other variant is labelled untrained with the reason —
 * against a sandboxed Hugging Face cache filled from a loopback Hub.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePresetCheckpoint } from '../zoo/index.js';
import { pullCheckpoint } from '../weights/pull.js';
import { openHubSandbox, type HubSandbox } from '../weights/testing/hub-sandbox.js';
import { buildVariant, describeVariant, matchWeights, resolveVariant } from './index.js';

let sandbox: HubSandbox;
beforeEach(async () => {
  sandbox = await openHubSandbox(['HF_ENDPOINT', 'HF_HUB_OFFLINE']);
});
afterEach(async () => {
  await sandbox.close();
});

function spec(base: string, edits = {}) {
  const r = resolveVariant({ base, edits });
  if (!r.ok) throw new Error(r.reasons.join('; '));
  return r.spec;
}

describe('weights of a variant', () => {
  it('names the matching checkpoint that is not downloaded, and stays untrained', () => {
    const w = matchWeights(spec('resnest50d', { radix: 4, cardinality: 2, baseWidth: 40, avd: 'before' }));
    expect(w).toEqual({
      state: 'untrained',
      checkpoint: 'resnest50d_4s2x40d',
      note: 'untrained: shapes match resnest50d_4s2x40d, whose checkpoint timm/resnest50d_4s2x40d.in1k is not downloaded — splitlens weights pull resnest50d_4s2x40d',
    });
  });

  it('refuses weights of the same shapes trained for another avd placement', () => {
    const w = matchWeights(spec('resnest50d', { radix: 4, cardinality: 2, baseWidth: 40, avd: 'after' }));
    expect(w.state).toBe('untrained');
    expect(w.checkpoint).toBeUndefined();
    expect(w.note).toMatch(/shapes match resnest50d_4s2x40d's checkpoint, but its avd placement differs/);
  });

  it('says untrained when no checkpoint has the shapes', () => {
    expect(describeVariant({ base: 'resnest50d', edits: { radix: 1 } })).toMatchObject({
      ok: true,
      weights: {
        state: 'untrained',
        note: 'untrained: no pretrained checkpoint has these shapes (seeded random weights)',
      },
    });
  });

  it('uses a verified cached checkpoint whose shapes match, and builds with it', async () => {
    const file = join(sandbox.cache, 'resnet18.safetensors');
    writePresetCheckpoint('resnet18', file, 7);
    const repo = sandbox.hub.addRepo('timm/resnet18.a1_in1k', readFileSync(file));
    rmSync(file);
    await pullCheckpoint(repo.repoId, { endpoint: sandbox.hub.endpoint });
    // resnet34's depth edited down to resnet18's: the same shapes, so resnet18's weights.
    const s = spec('resnet34', { layers: [2, 2, 2, 2] });
    const w = matchWeights(s);
    expect(w).toMatchObject({
      state: 'pretrained',
      checkpoint: 'resnet18',
      note: 'pretrained: timm/resnet18.a1_in1k (shapes match resnet18)',
    });
    const built = await buildVariant(s, 'resnet34 d2-2-2-2');
    expect(built.weights).toBe('pretrained');
    // A variant that differs in one shape is untrained.
    expect(matchWeights(spec('resnet18', { attention: 'se' })).state).toBe('untrained');
  });
});
