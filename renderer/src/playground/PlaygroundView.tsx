/**
 * Playground view (issue 19): edit a variant's K, R, width, depth, attention, stem, avg-down and
 * avd; its params, MACs, measured latency and block diagram follow live (debounced), invalid
 * combinations are explained inline, the selected block's attention on the current photo shows
 * beside it, and pinned variants sit in a comparison table (and in every other view).
 */
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { DiagramCanvas } from '../diagram/DiagramCanvas';
import { HeatmapCard } from '../heatmap/HeatmapCard';
import { useViewStore } from '../stores/view-store';
import { openPlayground } from './playground-actions';
import { usePlaygroundStore } from './playground-store';
import { PinnedTable } from './PinnedTable';
import { VariantForm } from './VariantForm';
import { VariantNumbers } from './VariantNumbers';
import './playground.css';

const NO_BLOCKS: string[] = [];

export function PlaygroundView() {
  const shown = usePlaygroundStore((s) => s.lastValid);
  const summary = usePlaygroundStore((s) => s.summary);
  const defining = usePlaygroundStore((s) => s.defining);
  const selected = useViewStore((s) => s.selectedBlock);
  useEffect(() => void openPlayground(), []);
  const diagram = shown?.diagram;
  const modelId = shown?.modelId ?? '';
  const blocks = diagram?.nodes.filter((n) => n.kind === 'block') ?? [];
  const block = blocks.find((b) => b.block === selected)?.block ?? blocks[0]?.block;
  const ready = Boolean(diagram) && !defining && summary?.ok === true;
  return (
    <div className="playground">
      <aside className="pg-side">
        <VariantForm />
        <VariantNumbers />
      </aside>
      <div
        className="pg-diagram"
        data-testid="pg-diagram"
        data-ready={ready ? 'true' : 'false'}
        data-model={modelId}
        data-radix={blocks[0]?.radix}
        data-cardinality={blocks[0]?.cardinality}
      >
        {diagram ? (
          <ReactFlowProvider key={modelId}>
            <DiagramCanvas diagram={diagram} modelId={modelId} expanded={NO_BLOCKS} />
          </ReactFlowProvider>
        ) : (
          <div className="center-message">
            <span className="spinner" /> building…
          </div>
        )}
      </div>
      <aside className="pg-right">
        {block && modelId ? (
          <HeatmapCard key={modelId} modelId={modelId} blockName={block} title={shown?.label} />
        ) : null}
      </aside>
      <section className="pg-bottom" aria-label="pinned variants">
        <PinnedTable />
      </section>
    </div>
  );
}
