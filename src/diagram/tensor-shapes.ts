/**
 * Tensor shapes carried by the diagram's edges (`C×H×W`), computed from an Analysis: the input
 * size, a stem of stride 4 (timm and torchvision stems: conv /2 + max-pool /2, also the deep
 * stem), then each block's output channels and stride.
 */
import type { Analysis, Block } from '../common/model.js';

const STEM_STRIDE = 4;

function shapeText(c: number, h: number, w: number): string {
  return `${c}×${h}×${w}`;
}

/** Spatial input size; symbolic dims are the size the model records, else 224 (as the analysis' shapes). */
function inputSize(analysis: Analysis): { c: number; h: number; w: number } {
  const s = analysis.input.shape;
  const dim = (i: number, fallback: number): number => {
    const v = s[s.length - 4 + i];
    return typeof v === 'number' && v > 0 ? v : fallback;
  };
  const [h, w] = analysis.input.size ?? [224, 224];
  return { c: dim(1, 3), h: dim(2, h), w: dim(3, w) };
}

export interface SpineShapes {
  input: string;
  stem: string;
  /** Output shape of each block, by block name. */
  blocks: Map<string, string>;
  logits: string;
}

export function spineShapes(analysis: Analysis): SpineShapes {
  const { c, h, w } = inputSize(analysis);
  const blocks: Block[] = analysis.stages.flatMap((s) => s.blocks);
  let stride = STEM_STRIDE;
  const down = (n: number): number => Math.ceil(n / stride);
  // Without recognised blocks the stem's output is unknown.
  const stem = blocks[0] ? shapeText(blocks[0].in, down(h), down(w)) : '';
  const out = new Map<string, string>();
  for (const b of blocks) {
    stride *= Math.max(1, b.stride);
    out.set(b.name, shapeText(b.out, down(h), down(w)));
  }
  return { input: shapeText(c, h, w), stem, blocks: out, logits: String(analysis.numClasses) };
}
