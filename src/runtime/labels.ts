/** ImageNet-1k class names (assets/imagenet_labels.json, from timm's ImageNetInfo). */
import { readFileSync } from 'node:fs';
import { assetPath } from '../core/paths.js';

let imagenet: string[] | undefined;

export function imagenetLabels(): string[] {
  if (!imagenet) {
    const raw = JSON.parse(readFileSync(assetPath('imagenet_labels.json'), 'utf8')) as { index: number; description: string }[];
    imagenet = raw.map((e) => e.description);
  }
  return imagenet;
}

/** Labels for a classifier with `numClasses` outputs: ImageNet names for 1000, `class N` otherwise. */
export function labelsFor(numClasses: number): string[] {
  if (numClasses === 1000) return imagenetLabels();
  return Array.from({ length: numClasses }, (_, i) => `class ${i}`);
}
