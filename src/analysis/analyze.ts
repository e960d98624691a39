/**
 * ONNX graph → `Analysis`: stem, stages of residual blocks (timm module paths `layerS.B`), K, R,
 * attention and taps, family, params and MACs. Structure first (segments.ts, describe-block.ts);
 * names are only hints (an `attn:<module path>` output of a splitlens-built model names its tap).
 */
import type { Analysis, AttentionKind, Block, Family, Stage } from '../common/model.js';
import type { OnnxModel, OnnxNode } from '../onnx/model.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { Graph } from './graph.js';
import { inferShapes, recordedSize } from './shapes.js';
import { segment } from './segments.js';
import { describeBlock, unrecognisedFacts, type BlockFacts } from './describe-block.js';
import { countMacs, countParams } from './cost.js';
import type { TapOfBlock } from './attention.js';

export async function analyzeFile(path: string): Promise<Analysis> {
  return analyzeOnnx(await readOnnx(path));
}

export function analyzeOnnx(model: OnnxModel): Analysis {
  const g = new Graph(model);
  const shapes = inferShapes(g);
  const seg = segment(g);
  // A block the vocabulary does not fit stays in place as an unrecognised block; the model is
  // `unknown` only when no block is a ResNet-family one.
  const facts = seg.blocks.map((b) => {
    const f = describeBlock(g, shapes, b);
    return f?.resnetLike ? f : { ...(f ?? unrecognisedFacts(g, shapes, b)), resnetLike: false };
  });
  const stages = facts.some((f) => f.resnetLike) ? groupStages(g, facts) : [];
  const input = model.inputs.find((i) => i.shape?.length === 4) ?? model.inputs[0];
  const stemConvs = seg.stem.filter((n) => n.opType === 'Conv').length;
  return {
    family: stages.length ? familyOf(stages) : 'unknown',
    opset: model.opset,
    producer: model.producer,
    input: { name: input?.name ?? '', shape: input?.shape ?? [], ...recordedInput(g) },
    numClasses: numClasses(g, seg.head),
    stem: {
      nodes: stages.length ? names(seg.stem) : [],
      type: !stages.length || stemConvs === 0 ? 'unknown' : stemConvs === 1 ? 'plain' : 'deep',
    },
    head: { nodes: stages.length ? names(seg.head) : [] },
    stages,
    params: countParams(g),
    macs: countMacs(g, shapes),
  };
}

const names = (nodes: OnnxNode[]) => nodes.map((n) => n.name);

function recordedInput(g: Graph): { size?: [number, number] } {
  const size = recordedSize(g);
  return size ? { size } : {};
}

/** A new stage starts where the resolution or the channel count changes (the block with a downsample). */
function groupStages(g: Graph, facts: BlockFacts[]): Stage[] {
  const stages: Stage[] = [];
  const attnOutputs = new Set(g.model.outputs.map((o) => o.name).filter((n) => n.startsWith('attn:')));
  for (const f of facts) {
    if (!stages.length || f.stride > 1 || f.downsample) stages.push({ name: `layer${stages.length + 1}`, blocks: [] });
    const stage = stages.at(-1)!;
    const name = `${stage.name}.${stage.blocks.length}`;
    const { nodes, taps, bodyConvs: _bodyConvs, resnetLike, ...fields } = f;
    const block: Block = resnetLike
      ? {
          name,
          ...fields,
          nodes: names(nodes),
          taps: taps.map((t) => ({ block: name, ...preferNamedTap(g, attnOutputs, t) })),
        }
      : // Unrecognised: only what the structure says for sure; no attention, no taps.
        {
          name,
          ...fields,
          attention: 'none',
          cardinality: 1,
          radix: 1,
          nodes: names(nodes),
          taps: [],
          unrecognised: true,
        };
    stage.blocks.push(block);
  }
  return stages;
}

/** Ops that pass a tap's values on unchanged (same values, same order). */
const SAME_VALUES = new Set(['Identity', 'Reshape', 'Flatten']);

/** If the model exposes the tap under an `attn:` output (`attnOutputs`), use that name. */
function preferNamedTap(g: Graph, attnOutputs: ReadonlySet<string>, tap: TapOfBlock): TapOfBlock {
  if (tap.tensor.startsWith('attn:') || !attnOutputs.size) return tap;
  let t = tap.tensor;
  for (let guard = 0; guard < 4; guard++) {
    const named = (g.consumers.get(t) ?? []).find(
      (c) => SAME_VALUES.has(c.opType) && c.outputs.some((o) => attnOutputs.has(o)),
    );
    if (named) return { ...tap, tensor: named.outputs.find((o) => attnOutputs.has(o))! };
    const next = g.consumersOf(t).find((c) => SAME_VALUES.has(c.opType));
    if (!next) break;
    t = next.outputs[0]!;
  }
  return tap;
}

function familyOf(stages: Stage[]): Family {
  const blocks = stages.flatMap((s) => s.blocks).filter((b) => !b.unrecognised);
  const count = new Map<AttentionKind, number>();
  for (const b of blocks) count.set(b.attention, (count.get(b.attention) ?? 0) + 1);
  const top = [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  const grouped = blocks.some((b) => b.cardinality > 1);
  switch (top) {
    case 'splat':
      return 'resnest';
    case 'sk':
      return grouped ? 'skresnext' : 'skresnet';
    case 'se':
      return grouped ? 'seresnext' : 'seresnet';
    case 'eca':
      return 'ecaresnet';
    default:
      return grouped ? 'resnext' : 'resnet';
  }
}

/** Classes = the logits' declared width, else output features of the last Gemm/MatMul/Conv of the head. */
function numClasses(g: Graph, head: OnnxNode[]): number {
  const declared = g.model.outputs.find((o) => o.name === g.mainOutput)?.shape;
  if (declared?.length === 2 && typeof declared[1] === 'number') return declared[1];
  for (const n of [...head].reverse()) {
    const w = g.weight(n.inputs[1]);
    if (!w) continue;
    if (n.opType === 'Gemm') return (n.attrs.get('transB') === 1 ? w.dims[0] : w.dims[1]) ?? 0;
    if (n.opType === 'MatMul') return w.dims.at(-1) ?? 0;
    if (n.opType === 'Conv') return w.dims[0] ?? 0;
  }
  return 0;
}
