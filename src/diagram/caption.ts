/** The subtitle of an exported diagram with heatmaps: which photo, and whether the weights are real. */
import type { WeightState } from '../common/model.js';

const WEIGHT_NOTE: Record<WeightState, string> = {
  pretrained: 'pretrained weights',
  untrained: 'untrained (seeded random) weights',
  downloading: 'weights downloading',
  damaged: 'untrained (seeded random) weights: the cached checkpoint is damaged',
  'in-file': "the file's own weights",
  'analysis-only': 'no weights (analysis only)',
  failed: 'weights failed to load',
};

export function attentionSubtitle(imageName: string, weights: WeightState): string {
  return `attention for ${imageName} · ${WEIGHT_NOTE[weights]}`;
}
