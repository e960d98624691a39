/**
 * The selected block's numbers from the analysis (or the selected op's: its tensors' shapes and its
 * weights' statistics, `OpTensors.tsx`), for the side panel.
 */
import { Fragment, memo } from 'react';
import { opNameOf } from './op-details';
import { OpTensors } from './OpTensors';
import type { Analysis, Diagram } from '../../../src/api/contract';
import { toggleExpand } from '../app/actions';
import { blocksOf } from '../lib/block-order';
import { compact } from '../lib/format';
import { useViewStore } from '../stores/view-store';

const attentionName: Record<string, string> = {
  none: 'none',
  se: 'squeeze-excite',
  sk: 'selective kernel',
  splat: 'split attention',
  eca: 'ECA',
};

export const PropertiesPanel = memo(function PropertiesPanel({
  modelId,
  analysis,
  diagram,
}: {
  modelId: string;
  analysis?: Analysis;
  diagram?: Diagram;
}) {
  const selectedBlock = useViewStore((s) => s.selectedBlock);
  const selectedNode = useViewStore((s) => s.selectedNode);
  const expanded = useViewStore((s) => s.expanded[modelId]);
  const node = diagram?.nodes.find((n) => n.id === selectedNode);
  const block = blocksOf(analysis).find((b) => b.name === selectedBlock);

  if (!selectedBlock && !node) {
    return (
      <section className="card properties" data-testid="properties">
        <header className="card-head">
          <strong>Model</strong>
        </header>
        {analysis ? (
          <dl className="props">
            <dt>family</dt>
            <dd>{analysis.family}</dd>
            <dt>input</dt>
            <dd className="mono">{analysis.input.shape.join(' × ')}</dd>
            <dt>classes</dt>
            <dd>{analysis.numClasses}</dd>
            <dt>stem</dt>
            <dd>{analysis.stem.type}</dd>
            <dt>stages</dt>
            <dd>{analysis.stages.map((s) => s.blocks.length).join(' + ')} blocks</dd>
            <dt>params</dt>
            <dd>{compact(analysis.params)}</dd>
            <dt>MACs</dt>
            <dd>{compact(analysis.macs)}</dd>
            <dt>producer</dt>
            <dd>
              {analysis.producer} · opset {analysis.opset}
            </dd>
          </dl>
        ) : (
          <p className="card-message">Loading the analysis…</p>
        )}
        <p className="hint">
          Click a block to see its numbers and attention; double-click (or press E) to expand it into ONNX ops.
        </p>
      </section>
    );
  }
  const isExpanded = Boolean(selectedBlock && expanded?.includes(selectedBlock));
  return (
    <section className="card properties" data-testid="properties">
      <header className="card-head">
        <strong className="mono">{selectedBlock ?? node?.label}</strong>
        {selectedBlock && (
          <button
            className="button small"
            data-testid="toggle-expand"
            onClick={() => toggleExpand(modelId, selectedBlock)}
          >
            {isExpanded ? 'Collapse' : 'Expand ops'}
          </button>
        )}
      </header>
      {node && node.kind === 'op' && (
        <>
          <dl className="props">
            <dt>op</dt>
            <dd className="mono">{node.opType}</dd>
            {node.detail && (
              <>
                <dt>attributes</dt>
                <dd className="mono">{node.detail}</dd>
              </>
            )}
            <dt>node</dt>
            <dd className="mono wrap" data-testid="op-name">
              {node.block ? opNameOf(node.id, node.block) : node.label}
            </dd>
          </dl>
          {node.block && <OpTensors modelId={modelId} nodeId={node.id} block={node.block} />}
        </>
      )}
      {block && (
        <dl className="props">
          <dt>type</dt>
          <dd>{block.type}</dd>
          <dt>channels</dt>
          <dd className="mono">
            {block.in} → {block.out}
          </dd>
          {block.width !== undefined && (
            <>
              <dt>width C</dt>
              <dd className="mono">{block.width}</dd>
            </>
          )}
          <dt>stride</dt>
          <dd>{block.stride}</dd>
          <dt>cardinality K</dt>
          <dd>{block.cardinality}</dd>
          <dt>radix R</dt>
          <dd>{block.radix}</dd>
          <dt>attention</dt>
          <dd>{attentionName[block.attention] ?? block.attention}</dd>
          <dt>downsample</dt>
          <dd>{block.downsample ? 'yes' : 'no'}</dd>
          <dt>ONNX ops</dt>
          <dd>{block.nodes.length}</dd>
          {block.taps.map((t) => (
            <Fragment key={t.tensor}>
              <dt>tap</dt>
              <dd className="mono" title={t.tensor}>
                [{t.shape.join(' × ')}] {t.dims.join(' × ')}
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
});
