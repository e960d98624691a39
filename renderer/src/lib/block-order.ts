/** A model's blocks in graph order, and moving the selection through them (arrow keys in the diagram). */
import type { Analysis, Block } from '../../../src/api/contract';

export function blocksOf(analysis: Analysis | undefined): Block[] {
  return analysis?.stages.flatMap((s) => s.blocks) ?? [];
}

export function blockNames(analysis: Analysis | undefined): string[] {
  return blocksOf(analysis).map((b) => b.name);
}

/** The block `step` places after `current` (clamped to the ends); the first block when none is selected. */
export function stepBlock(names: readonly string[], current: string | undefined, step: number): string | undefined {
  if (names.length === 0) return undefined;
  const i = current === undefined ? -1 : names.indexOf(current);
  if (i < 0) return names[0];
  return names[Math.min(names.length - 1, Math.max(0, i + step))];
}
