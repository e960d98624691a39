/**
 * Side-by-side diagrams: which blocks of two models differ, and how. Architectures that share a
 * skeleton (ResNet-50, ResNeXt, SE-, SK-ResNet, ResNeSt) have the same timm block names, so blocks
 * are matched by name (`layer3.2`) and compared on what the diagram shows of them: kind (basic or
 * bottleneck), K (cardinality), R (radix) and attention. A block only one model has differs too.
 * Pure, no React.
 */
import type { Block } from '../../../src/api/contract';

export type BlockField = 'kind' | 'K' | 'R' | 'attention';

/** What of a block is compared. */
export type BlockLook = Pick<Block, 'name' | 'type' | 'cardinality' | 'radix' | 'attention'>;

export interface BlockDiff {
  block: string;
  /** Fields that differ; empty when the block is the same in both. */
  fields: BlockField[];
  /** The block in the reference model and in the other one (absent where a model lacks it). */
  left?: BlockLook;
  right?: BlockLook;
}

type Architecture = { stages: readonly { blocks: readonly BlockLook[] }[] };

const FIELDS: readonly [BlockField, (b: BlockLook) => string | number][] = [
  ['kind', (b) => b.type],
  ['K', (b) => b.cardinality],
  ['R', (b) => b.radix],
  ['attention', (b) => b.attention],
];

function blocksOf(a: Architecture): BlockLook[] {
  return a.stages.flatMap((s) => s.blocks);
}

/** Every block of either model, reference order first, with the fields that differ. */
export function diffBlocks(left: Architecture, right: Architecture): BlockDiff[] {
  const l = blocksOf(left);
  const r = new Map(blocksOf(right).map((b) => [b.name, b]));
  const out: BlockDiff[] = l.map((a) => {
    const b = r.get(a.name);
    const fields = b ? FIELDS.filter(([, get]) => get(a) !== get(b)).map(([f]) => f) : FIELDS.map(([f]) => f);
    return { block: a.name, fields, left: a, ...(b ? { right: b } : {}) };
  });
  const seen = new Set(l.map((b) => b.name));
  for (const b of blocksOf(right))
    if (!seen.has(b.name)) out.push({ block: b.name, fields: FIELDS.map(([f]) => f), right: b });
  return out;
}

function value(b: BlockLook | undefined, f: BlockField): string {
  if (!b) return '—';
  if (f === 'kind') return b.type;
  if (f === 'K') return String(b.cardinality);
  if (f === 'R') return String(b.radix);
  return b.attention;
}

/** One line for a differing block, e.g. `R 1 → 2 · attention none → splat`; `only in one model`. */
export function describeDiff(d: BlockDiff): string {
  if (!d.left || !d.right) return d.left ? 'not in the other model' : 'only in this model';
  return d.fields.map((f) => `${f} ${value(d.left, f)} → ${value(d.right, f)}`).join(' · ');
}

/**
 * For each pane's model, its blocks that differ from the reference (the first pane's model) —
 * and, for the reference, its blocks that differ in any other pane — with one line saying how.
 */
export function paneDiffs(architectures: readonly (Architecture | undefined)[]): Map<string, string>[] {
  const [ref, ...others] = architectures;
  const maps = architectures.map(() => new Map<string, string>());
  if (!ref) return maps;
  others.forEach((other, i) => {
    if (!other) return;
    for (const d of diffBlocks(ref, other)) {
      if (d.fields.length === 0) continue;
      const line = describeDiff(d);
      if (d.right) maps[i + 1]!.set(d.block, line);
      if (d.left) {
        const prev = maps[0]!.get(d.block);
        maps[0]!.set(d.block, prev && prev !== line ? `${prev}; ${line}` : line);
      }
    }
  });
  return maps;
}
