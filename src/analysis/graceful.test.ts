/**
 * Analysis that degrades gracefully: a grouped 3x3 is read as K whatever its channels per group
 * (1, 2, …, depthwise), and a block outside the ResNet vocabulary is kept in place as an
 * unrecognised block with its ops while every block around it is still recognised.
 */
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { blockOps } from './block-ops.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { groupedBottleneckNet } from './testing/test-net.js';

const WIDTH = 16;
const GROUPS = [1, 2, 4, 8, 16];

describe('grouped convolutions: K whatever the channels per group', () => {
  it(`groups ${GROUPS.join(', ')} of a ${WIDTH}-wide 3x3 (16 = depthwise) analyse to that K`, async () => {
    const a = analyzeOnnx(await readOnnx(groupedBottleneckNet(GROUPS, WIDTH)));
    const blocks = a.stages.flatMap((s) => s.blocks);
    expect(blocks.map((b) => b.cardinality)).toEqual(GROUPS);
    expect(blocks.every((b) => b.type === 'bottleneck' && !b.unrecognised)).toBe(true);
    expect(blocks.map((b) => b.width)).toEqual(GROUPS.map(() => WIDTH));
    expect(a.family).toBe('resnext');
  });

  for (const g of GROUPS) {
    it(`a net whose every block has groups ${g} is ${g > 1 ? 'resnext' : 'resnet'} with K=${g}`, async () => {
      const a = analyzeOnnx(await readOnnx(groupedBottleneckNet([g, g, g, g], WIDTH)));
      expect(a.family).toBe(g > 1 ? 'resnext' : 'resnet');
      expect(a.stages.flatMap((s) => s.blocks).map((b) => b.cardinality)).toEqual([g, g, g, g]);
    });
  }
});

describe('one unrecognisable block', () => {
  it('is shown in place with its ops; the other blocks and stages are recognised', async () => {
    const model = await readOnnx(groupedBottleneckNet([4, 4, 4, 4, 4], WIDTH, 1));
    const a = analyzeOnnx(model);
    const blocks = a.stages.flatMap((s) => s.blocks);
    expect(a.family).toBe('resnext');
    expect(blocks).toHaveLength(5);
    expect(blocks.map((b) => !!b.unrecognised)).toEqual([false, true, false, false, false]);
    expect(blocks.filter((b) => !b.unrecognised).map((b) => b.cardinality)).toEqual([4, 4, 4, 4]);
    const odd = blocks[1]!;
    expect(odd).toMatchObject({ attention: 'none', taps: [], cardinality: 1 });
    // Its ops are there to expand: the widened depthwise conv among them.
    const ops = blockOps(model, a, odd.name);
    expect(ops.filter((o) => o.opType === 'Conv')).toHaveLength(3);
    expect(ops.some((o) => o.opType === 'Add')).toBe(true);
    // The stride-2 block still opens a new stage.
    expect(a.stages.map((s) => s.blocks.length)).toEqual([2, 3]);
  });
});
