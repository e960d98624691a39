import { describe, expect, it } from 'vitest';
import type { ImageEntry, ModelPrediction } from '../../../src/api/contract';
import { useImagesStore } from './images-store';
import { useModelsStore } from './models-store';
import { diagramKey, resultKey, useResultsStore } from './results-store';

const image = (id: string): ImageEntry => ({ id, name: `${id}.png`, width: 4, height: 3, thumbnail: 'data:,' });
const prediction = (model: string): ModelPrediction => ({
  model,
  weights: 'untrained',
  provider: 'cpu',
  latencyMs: 1,
  top: [],
});

describe('domain stores', () => {
  it('keeps opened photos most recent first, without duplicates, and drops photo B when it becomes A', () => {
    const s = useImagesStore.getState();
    s.setSamples([image('s1'), image('s2')]);
    s.addOpened(image('a'));
    s.addOpened(image('b'));
    s.addOpened(image('a'));
    expect(useImagesStore.getState().recent).toEqual(['a', 'b']);
    s.setCompare('b');
    s.setCurrent('b');
    expect(useImagesStore.getState().compareId).toBeUndefined();
    expect(Object.keys(useImagesStore.getState().byId).sort()).toEqual(['a', 'b', 's1', 's2']);
  });

  it('replaces a model entry in place when it changes (weights pulled)', () => {
    const s = useModelsStore.getState();
    s.setModels([{ id: 'm1', label: 'resnet50', family: 'resnet', source: 'zoo', weights: 'untrained' }]);
    s.upsertModel({ id: 'm2', label: 'x.onnx', family: 'unknown', source: 'file', weights: 'pretrained' });
    s.patchModel('m1', { weights: 'downloading', downloadProgress: 0.5 });
    s.upsertModel({ id: 'm1', label: 'resnet50', family: 'resnet', source: 'zoo', weights: 'pretrained' });
    expect(useModelsStore.getState().models.map((m) => [m.id, m.weights])).toEqual([
      ['m1', 'pretrained'],
      ['m2', 'pretrained'],
    ]);
  });

  it('forgets every cached result of one model and nothing else', () => {
    const s = useResultsStore.getState();
    s.setPrediction(resultKey('img1', 'm1'), prediction('m1'));
    s.setPrediction(resultKey('img2', 'm1'), prediction('m1'));
    s.setPrediction(resultKey('img1', 'm10'), prediction('m10'));
    s.forgetModel('m1');
    expect(Object.keys(useResultsStore.getState().predictions)).toEqual(['img1|m10']);
  });

  it('keys diagrams by model and the set of expanded blocks, in any order', () => {
    expect(diagramKey('m', ['layer2.0', 'layer1.0'])).toBe(diagramKey('m', ['layer1.0', 'layer2.0']));
    expect(diagramKey('m', [])).not.toBe(diagramKey('m', ['layer1.0']));
  });
});
