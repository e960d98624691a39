/**
 * Class names: ImageNet-1k (assets/imagenet_labels.json, timm's `ImageNetInfo`: index, WordNet
 * synset, description) for 1000-class models, `class N` for anything else (tiny fixtures, custom heads).
 */
import { readFileSync } from 'node:fs';
import { assetPath } from '../../platform/paths.js';

interface LabelEntry {
  index: number;
  synset: string;
  description: string;
}

let imagenet: { names: string[]; synsets: string[] } | undefined;

function load(): { names: string[]; synsets: string[] } {
  if (!imagenet) {
    const raw = JSON.parse(readFileSync(assetPath('imagenet_labels.json'), 'utf8')) as LabelEntry[];
    const names = new Array<string>(raw.length);
    const synsets = new Array<string>(raw.length);
    for (const e of raw) {
      names[e.index] = e.description;
      synsets[e.index] = e.synset;
    }
    imagenet = { names, synsets };
  }
  return imagenet;
}

export function imagenetLabels(): string[] {
  return load().names;
}

/** WordNet ids (`n02123045`), index-aligned with `imagenetLabels()`. */
export function imagenetSynsets(): string[] {
  return load().synsets;
}

/** Labels for a classifier with `numClasses` outputs: ImageNet names for 1000, `class N` otherwise. */
export function labelsFor(numClasses: number): string[] {
  if (numClasses === 1000) return imagenetLabels();
  return Array.from({ length: numClasses }, (_, i) => `class ${i}`);
}
