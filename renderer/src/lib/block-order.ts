/** Moving the selection through a model's blocks in graph order (arrow keys in the diagram). */
import type { Analysis } from '../../../src/api/contract';

export function blockNames(analysis: Analysis | undefined): string[] {
  return analysis?.stages.flatMap((s) => s.blocks.map((b) => b.name)) ?? [];
}

/** The block `step` places after `current` (clamped to the ends); the first block when none is selected. */
export function stepBlock(names: readonly string[], current: string | undefined, step: number): string | undefined {
  if (names.length === 0) return undefined;
  const i = current === undefined ? -1 : names.indexOf(current);
  if (i < 0) return names[0];
  return names[Math.min(names.length - 1, Math.max(0, i + step))];
}
