/**
 * Diagram view: one model's block diagram (tabs switch models), search, export, and a side panel
 * with the selected block's properties and its attention heatmap for the current photo.
 */
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { loadAnalysis, loadAttention, loadDiagram } from '../app/actions';
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ModelTabs } from '../components/ModelTabs';
import { HeatmapCard } from '../heatmap/HeatmapCard';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { diagramKey, resultKey, useResultsStore } from '../stores/results-store';
import { ColourLegend } from '../heatmap/ColourLegend';
import { diagramScale } from '../lib/attention-range';
import { useViewStore } from '../stores/view-store';
import { DiagramCanvas } from './DiagramCanvas';
import { DiagramKey } from './DiagramKey';
import { DiagramSearch } from './DiagramSearch';
import { PropertiesPanel } from './PropertiesPanel';

const NO_BLOCKS: string[] = [];

export function DiagramView() {
  const models = useModelsStore((s) => s.models);
  const chosen = useViewStore((s) => s.diagramModelId);
  const model = models.find((m) => m.id === chosen) ?? models[0];
  const modelId = model?.id ?? '';
  const expanded = useViewStore((s) => s.expanded[modelId] ?? NO_BLOCKS);
  const key = diagramKey(modelId, expanded);
  const diagram = useResultsStore((s) => s.diagrams[key]);
  const error = useResultsStore((s) => s.errors[`diagram|${modelId}`]);
  // While an expanded layout loads, keep showing the last one of this model.
  const previous = useResultsStore((s) =>
    diagram ? undefined : Object.entries(s.diagrams).find(([k]) => k.startsWith(`${modelId}|`))?.[1],
  );
  const analysis = useModelsStore((s) => s.analyses[modelId]);
  const imageId = useImagesStore((s) => s.currentId);
  const selectedBlock = useViewStore((s) => s.selectedBlock);
  const attention = useResultsStore((s) => (imageId ? s.attention[resultKey(imageId, modelId)] : undefined));

  const ran = useResultsStore((s) => Boolean(imageId && s.predictions[resultKey(imageId, modelId)]));
  useEffect(() => {
    if (!modelId) return;
    void loadDiagram(modelId, expanded);
    void loadAnalysis(modelId);
    // Heatmaps once the model has run on the photo (never from a model that cannot run).
    if (imageId) void loadAttention(imageId, modelId);
  }, [modelId, expanded, imageId, ran]);

  if (!model) {
    return (
      <EmptyState title="No models to draw" commandIds={['model.open']}>
        Open an ONNX file to see its blocks.
      </EmptyState>
    );
  }
  const shown = diagram ?? previous;
  return (
    <div className="diagram-view">
      <div className="toolbar">
        <ModelTabs activeId={modelId} onSelect={(id) => useViewStore.getState().setDiagramModel(id)} />
        <DiagramSearch diagram={shown} />
        <CommandButton id="diagram.expandAll">Expand all</CommandButton>
        <CommandButton id="diagram.collapseAll">Collapse all</CommandButton>
        <CommandButton id="diagram.export">Export SVG</CommandButton>
        <DiagramKey />
      </div>
      <div className="diagram-body">
        <div
          className="diagram-main"
          data-testid="diagram"
          data-model={modelId}
          data-ready={diagram ? 'true' : 'false'}
          data-nodes={diagram?.nodes.length}
        >
          {shown ? (
            <ReactFlowProvider key={modelId}>
              <DiagramCanvas diagram={shown} modelId={modelId} expanded={expanded} />
            </ReactFlowProvider>
          ) : error ? (
            <div className="center-message error-text">{error}</div>
          ) : (
            <div className="center-message">
              <span className="spinner" /> laying out {model.label}…
            </div>
          )}
          {shown && error && <div className="floating-error error-text">{error}</div>}
          {shown && attention && attention.blocks.length > 0 && (
            <div className="diagram-legend">
              <ColourLegend scale={diagramScale(attention)} label="attention weight" />
            </div>
          )}
        </div>
        <aside className="side-panel">
          <PropertiesPanel modelId={modelId} analysis={analysis} diagram={shown} />
          {selectedBlock && <HeatmapCard modelId={modelId} blockName={selectedBlock} title={model.label} />}
        </aside>
      </div>
    </div>
  );
}
