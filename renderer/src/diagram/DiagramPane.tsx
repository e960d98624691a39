/**
 * One model's diagram canvas with what it needs loaded (layout for its expanded blocks, analysis,
 * attention for the current photo): the whole diagram view, or one pane of the side-by-side view.
 */
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { Diagram } from '../../../src/api/contract';
import { loadAnalysis, loadAttention, loadDiagram } from '../app/actions';
import { ColourLegend } from '../heatmap/ColourLegend';
import { diagramScale } from '../lib/attention-range';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { diagramKey, resultKey, useResultsStore } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';
import { DiagramCanvas } from './DiagramCanvas';
import { PaneContext, type PaneInfo } from './diagram-panes';

const NO_BLOCKS: string[] = [];
/** Wrap into columns by default once a diagram is this big (a deep network, expanded)… */
const AUTO_WRAP_NODES = 300;
/** …or this many times taller than wide (ResNeSt-269e's 89 blocks, collapsed). */
const AUTO_WRAP_TALL = 20;

export type WrapChoice = 'auto' | 'on' | 'off';

export function shouldWrap(choice: WrapChoice, diagram: Diagram | undefined): boolean {
  if (choice !== 'auto' || !diagram) return choice === 'on';
  return diagram.nodes.length > AUTO_WRAP_NODES || diagram.height > AUTO_WRAP_TALL * diagram.width;
}

/** The layout on screen for a model: the current one, or while an expanded layout loads, the last one. */
export function useShownDiagram(modelId: string) {
  const expanded = useViewStore((s) => s.expanded[modelId] ?? NO_BLOCKS);
  const diagram = useResultsStore((s) => s.diagrams[diagramKey(modelId, expanded)]);
  const previous = useResultsStore((s) =>
    diagram ? undefined : Object.entries(s.diagrams).find(([k]) => k.startsWith(`${modelId}|`))?.[1],
  );
  return { expanded, diagram, shown: diagram ?? previous };
}

export function DiagramPane({ modelId, pane, wrap }: { modelId: string; pane: PaneInfo; wrap: WrapChoice }) {
  const model = useModelsStore((s) => s.models.find((m) => m.id === modelId));
  const { expanded, diagram, shown } = useShownDiagram(modelId);
  const error = useResultsStore((s) => s.errors[`diagram|${modelId}`]);
  const imageId = useImagesStore((s) => s.currentId);
  const attention = useResultsStore((s) => (imageId ? s.attention[resultKey(imageId, modelId)] : undefined));
  const ran = useResultsStore((s) => Boolean(imageId && s.predictions[resultKey(imageId, modelId)]));
  useEffect(() => {
    if (!modelId) return;
    void loadDiagram(modelId, expanded);
    void loadAnalysis(modelId);
    // Heatmaps once the model has run on the photo (never from a model that cannot run).
    if (imageId) void loadAttention(imageId, modelId);
  }, [modelId, expanded, imageId, ran]);

  return (
    <div
      className="diagram-main"
      data-testid="diagram"
      data-model={modelId}
      data-pane={pane.id}
      data-ready={diagram ? 'true' : 'false'}
      data-nodes={diagram?.nodes.length}
      data-expanded={expanded.length}
      data-wrapped={shown && shouldWrap(wrap, shown) ? 'true' : 'false'}
    >
      {shown ? (
        <PaneContext.Provider value={pane}>
          <ReactFlowProvider key={modelId}>
            <DiagramCanvas diagram={shown} modelId={modelId} expanded={expanded} wrap={shouldWrap(wrap, shown)} />
          </ReactFlowProvider>
        </PaneContext.Provider>
      ) : error ? (
        <div className="center-message error-text">{error}</div>
      ) : (
        <div className="center-message">
          <span className="spinner" /> laying out {model?.label ?? modelId}…
        </div>
      )}
      {shown && error && <div className="floating-error error-text">{error}</div>}
      {shown && attention && attention.blocks.length > 0 && (
        <div className="diagram-legend">
          <ColourLegend scale={diagramScale(attention)} label="attention weight" />
        </div>
      )}
    </div>
  );
}
