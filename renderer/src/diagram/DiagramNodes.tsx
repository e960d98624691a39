/**
 * Custom React Flow nodes, memoised: a block (kind, K, R, attention and a mini heatmap), an op of
 * an expanded block, a frame around expanded ops, and the input/stem/head terminals. Handles are
 * invisible: edges are drawn from the diagram's own polylines. Far out (semantic zoom), an
 * expanded block's frame draws as one summary box: name, K, R, attention and heatmap, its text
 * sized for the screen. Side by side, blocks that differ from the other pane's model are marked.
 */
import { memo, type CSSProperties } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { FlowNodeData } from '../lib/diagram-to-flow';
import { opNodeLabel } from '../../../src/common/diagram-look';
import { MiniHeatmap } from '../heatmap/MiniHeatmap';
import { diagramScale } from '../lib/attention-range';
import { useImagesStore } from '../stores/images-store';
import { resultKey, useResultsStore } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';
import { useFarOut, usePane } from './diagram-panes';

type FlowNodeProps = NodeProps<Node<FlowNodeData>>;

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} className="hidden-handle" isConnectable={false} />
      <Handle type="source" position={Position.Bottom} className="hidden-handle" isConnectable={false} />
    </>
  );
}

function useBlockAttention(modelId: string, block: string | undefined) {
  const imageId = useImagesStore((s) => s.currentId);
  const response = useResultsStore((s) => (imageId ? s.attention[resultKey(imageId, modelId)] : undefined));
  const attn = block ? response?.blocks.find((b) => b.name === block) : undefined;
  return { attn, scale: response ? diagramScale(response) : undefined };
}

function useSelected(block: string | undefined, id: string) {
  return useViewStore(
    (s) => s.selectedNode === id || (block !== undefined && s.selectedBlock === block && s.selectedNode === block),
  );
}

/** Side by side: how this block differs from the other pane's model (undefined when it does not). */
function useDiff(block: string | undefined): string | undefined {
  const { diffs } = usePane();
  return block ? diffs?.get(block) : undefined;
}

function DiffMark({ diff }: { diff: string }) {
  return (
    <span className="diff-mark" title={`differs: ${diff}`} data-testid="diff-mark">
      ≠
    </span>
  );
}

export const BlockNode = memo(function BlockNode({ id, data }: FlowNodeProps) {
  const n = data.node;
  const { attn, scale } = useBlockAttention(data.modelId, n.block);
  const selected = useSelected(n.block, id);
  const diff = useDiff(n.block);
  const k = n.cardinality ?? 1;
  const r = n.radix ?? 1;
  return (
    <div
      className={`dnode block-node attn-${n.attention ?? 'none'}${selected ? ' selected' : ''}${diff ? ' differs' : ''}`}
      data-block={n.block}
      data-testid="block-node"
      data-diff={diff}
    >
      <Handles />
      {diff && <DiffMark diff={diff} />}
      <div className="dnode-title">
        <span className="mono">{n.label}</span>
        <span className={`attn-tag attn-${n.attention ?? 'none'}`}>
          {n.attention && n.attention !== 'none' ? n.attention : (n.blockType ?? 'conv')}
        </span>
        <span className="block-kr">
          K{k} R{r}
        </span>
      </div>
      <div className="dnode-detail">{n.detail ?? `${n.blockType ?? 'block'} · K=${k} R=${r}`}</div>
      {n.heatmap ? (
        <div
          className="heatmap-area"
          style={{ left: n.heatmap.x - n.x, top: n.heatmap.y - n.y, width: n.heatmap.width, height: n.heatmap.height }}
          title={`${n.heatmap.rows} × ${n.heatmap.groups} attention`}
        >
          {attn ? (
            <MiniHeatmap block={attn} cardinality={k} width={n.heatmap.width} height={n.heatmap.height} scale={scale} />
          ) : (
            <span className="heatmap-pending" />
          )}
        </div>
      ) : (
        attn && <MiniHeatmap block={attn} cardinality={k} width={Math.max(40, n.width - 20)} scale={scale} />
      )}
    </div>
  );
});

export const OpNode = memo(function OpNode({ id, data }: FlowNodeProps) {
  const n = data.node;
  const selected = useViewStore((s) => s.selectedNode === id);
  return (
    <div
      className={`dnode op-node op-${(n.opType ?? '').toLowerCase()}${selected ? ' selected' : ''}`}
      data-testid="op-node"
      data-op={n.opType}
    >
      <Handles />
      <span className="op-type">{opNodeLabel(n)}</span>
      {n.detail && <span className="op-detail">{n.detail}</span>}
    </div>
  );
});

/** `layer3.14` → `3.14`: far out, the stage's title above the column says `layer3`. */
function shortName(label: string): string {
  return /^layer(\d+\.\d+)$/.exec(label)?.[1] ?? label;
}

/** An expanded block seen from far out: one box with its name, K, R, attention and heatmap. */
function BlockSummary({ data }: { data: FlowNodeData }) {
  const n = data.node;
  const { attn, scale } = useBlockAttention(data.modelId, n.block);
  const k = n.cardinality ?? 1;
  const r = n.radix ?? 1;
  const inner = n.width - 24;
  const attention = n.attention && n.attention !== 'none' ? n.attention : undefined;
  return (
    <div
      className="block-summary"
      data-testid="block-summary"
      // Text sized for the screen (--zoom, set by the canvas), never wider than the box allows.
      style={{ fontSize: `min(calc(13px / var(--zoom, 1)), ${Math.floor(n.width / 4.2)}px)` }}
    >
      <div className="summary-name" title={n.label}>
        {shortName(n.label)}
      </div>
      <div className="summary-kr">
        K{k} R{r}
      </div>
      {attention && <div className="summary-attn">{attention}</div>}
      {attn && (
        <div className="summary-heatmap">
          <MiniHeatmap
            block={attn}
            cardinality={k}
            width={inner}
            height={Math.min(n.height / 4, inner / 2)}
            scale={scale}
          />
        </div>
      )}
    </div>
  );
}

export const FrameNode = memo(function FrameNode({ id, data }: FlowNodeProps) {
  const n = data.node;
  const selected = useSelected(n.block, id);
  const farOut = useFarOut();
  const diff = useDiff(n.kind === 'block' ? n.block : undefined);
  const summary = farOut && n.kind === 'block';
  return (
    <div
      className={`dnode frame-node kind-${n.kind} attn-${n.attention ?? 'none'}${selected ? ' selected' : ''}${summary ? ' summary' : ''}${diff ? ' differs' : ''}`}
      data-block={n.block}
      data-testid={n.kind === 'block' ? 'expanded-block' : 'frame-node'}
      data-diff={diff}
    >
      <Handles />
      {diff && <DiffMark diff={diff} />}
      {summary ? (
        <BlockSummary data={data} />
      ) : (
        <div
          className="frame-title"
          style={n.kind === 'stage' ? ({ '--title-max': `${Math.floor(n.width / 5)}px` } as CSSProperties) : undefined}
        >
          <span className="mono">{n.label}</span>
          {n.detail && <span className="frame-detail">{n.detail}</span>}
        </div>
      )}
    </div>
  );
});

export const TerminalNode = memo(function TerminalNode({ data }: FlowNodeProps) {
  const n = data.node;
  return (
    <div className={`dnode terminal-node kind-${n.kind}`}>
      <Handles />
      <span className="terminal-label">{n.label}</span>
      {n.detail && <span className="terminal-detail">{n.detail}</span>}
    </div>
  );
});

// Module scope, so React Flow never sees a new object and never remounts the nodes.
export const nodeTypes = { block: BlockNode, op: OpNode, frame: FrameNode, terminal: TerminalNode };
