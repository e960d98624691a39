/**
 * Diagram view: one model's block diagram (tabs switch models), search, export, and a side panel
 * with the selected block's properties and its attention heatmap for the current photo. Side by
 * side (Model Explorer's split pane): two or three models' diagrams next to each other, selection
 * and expansion synced by block name, blocks whose kind, K, R or attention differ marked.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ModelTabs } from '../components/ModelTabs';
import { HeatmapCard } from '../heatmap/HeatmapCard';
import { paneDiffs } from '../lib/block-diff';
import { useModelsStore } from '../stores/models-store';
import { useViewStore } from '../stores/view-store';
import { DiagramKey } from './DiagramKey';
import { DiagramPane, shouldWrap, useShownDiagram, type WrapChoice } from './DiagramPane';
import { DiagramSearch } from './DiagramSearch';
import { PropertiesPanel } from './PropertiesPanel';
import type { PaneInfo } from './diagram-panes';
import { loadAnalysis } from '../app/actions';
import './diagram-panes.css';

const MAX_PANES = 3;

/** `4 blocks differ`, or in a pane after the first, `4 blocks differ from resnet50`. */
function diffCount(n: number, from: string | undefined): string {
  return `${n} block${n === 1 ? ' differs' : 's differ'}${from ? ` from ${from}` : ''}`;
}

export function DiagramView() {
  const models = useModelsStore((s) => s.models);
  const chosen = useViewStore((s) => s.diagramModelId);
  const model = models.find((m) => m.id === chosen) ?? models[0];
  const modelId = model?.id ?? '';
  const { shown } = useShownDiagram(modelId);
  const analysis = useModelsStore((s) => s.analyses[modelId]);
  const selectedBlock = useViewStore((s) => s.selectedBlock);
  const [wrap, setWrap] = useState<WrapChoice>('auto');
  // Side by side: the models of the panes after the first (empty: one pane).
  const [others, setOthers] = useState<string[]>([]);
  const paneModels = useMemo(
    () => (others.length ? [modelId, ...others.filter((id) => models.some((m) => m.id === id))] : [modelId]),
    [modelId, others, models],
  );
  const split = paneModels.length > 1;
  const analyses = useModelsStore((s) => s.analyses);
  const paneAnalyses = paneModels.map((id) => analyses[id]);
  useEffect(() => {
    for (const id of paneModels) void loadAnalysis(id);
  }, [paneModels]);
  const diffs = useMemo(() => paneDiffs(paneModels.map((id) => analyses[id])), [paneModels, analyses]);

  // Expanding or collapsing a block side by side does it in every pane whose model has the block.
  const toggle = useCallback(
    (block: string) => {
      const view = useViewStore.getState();
      const open = !(view.expanded[modelId] ?? []).includes(block);
      for (const id of paneModels) {
        const has = useModelsStore.getState().analyses[id]?.stages.some((s) => s.blocks.some((b) => b.name === block));
        if (!has) continue;
        const now = view.expanded[id] ?? [];
        view.setExpanded(id, open ? [...new Set([...now, block])] : now.filter((b) => b !== block));
      }
    },
    [modelId, paneModels],
  );
  // Expand all / collapse all act on the first pane's model: the other panes follow it (all of
  // their blocks when all of its blocks are expanded, else the same blocks by name).
  const primaryExpanded = useViewStore((s) => s.expanded[modelId]);
  useEffect(() => {
    if (!split) return;
    const view = useViewStore.getState();
    const want = primaryExpanded ?? [];
    const own = analyses[modelId]?.stages.flatMap((s) => s.blocks.map((b) => b.name)) ?? [];
    const all = own.length > 0 && own.every((b) => want.includes(b));
    for (const id of paneModels.slice(1)) {
      const names = analyses[id]?.stages.flatMap((s) => s.blocks.map((b) => b.name)) ?? [];
      const next = all ? names : want.filter((b) => names.includes(b));
      const now = view.expanded[id] ?? [];
      if (next.length !== now.length || next.some((b) => !now.includes(b))) view.setExpanded(id, next);
    }
  }, [split, primaryExpanded, paneModels, analyses, modelId]);

  if (!model) {
    return (
      <EmptyState title="No models to draw" commandIds={['model.open']}>
        Open an ONNX file to see its blocks.
      </EmptyState>
    );
  }
  const wrapped = shouldWrap(wrap, shown);
  const panes: PaneInfo[] = paneModels.map((id, i) =>
    split ? { id: `pane${i}`, diffs: diffs[i], toggle } : { id: 'main' },
  );
  const label = (id: string) => models.find((m) => m.id === id)?.label ?? id;
  const startSplit = () => {
    const next = models.find((m) => m.id !== modelId && !others.includes(m.id));
    if (next) setOthers([...others, next.id]);
  };
  return (
    <div className="diagram-view">
      <div className="toolbar">
        <ModelTabs activeId={modelId} onSelect={(id) => useViewStore.getState().setDiagramModel(id)} />
        <DiagramSearch diagram={shown} />
        <CommandButton id="diagram.expandAll">Expand all</CommandButton>
        <CommandButton id="diagram.collapseAll">Collapse all</CommandButton>
        <button
          className="button"
          aria-pressed={wrapped}
          title="Wrap a tall diagram into columns, so the whole graph fits the canvas (automatic for big or very tall graphs)"
          onClick={() => setWrap(wrapped ? 'off' : 'on')}
          data-testid="wrap-toggle"
        >
          Wrap
        </button>
        <button
          className="button"
          aria-pressed={split}
          disabled={!split && models.length < 2}
          title="Show two models' diagrams side by side, synced by block; blocks that differ are marked"
          onClick={() => (split ? setOthers([]) : startSplit())}
          data-testid="split-toggle"
        >
          Side by side
        </button>
        <CommandButton id="diagram.export">Export SVG</CommandButton>
        <DiagramKey />
      </div>
      <div className={split ? 'diagram-body split' : 'diagram-body'}>
        {split ? (
          <div
            className="diagram-panes"
            style={{ gridTemplateColumns: `repeat(${paneModels.length}, minmax(0, 1fr))` }}
          >
            {paneModels.map((id, i) => (
              <section className="diagram-pane" key={`${i}:${id}`} aria-label={`pane ${i + 1}: ${label(id)}`}>
                <header className="pane-header">
                  {i === 0 ? (
                    <span className="pane-model">{label(id)}</span>
                  ) : (
                    <select
                      aria-label={`model in pane ${i + 1}`}
                      value={id}
                      onChange={(e) => setOthers(others.map((o, j) => (j === i - 1 ? e.target.value : o)))}
                    >
                      {models.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.label}
                        </option>
                      ))}
                    </select>
                  )}
                  <span className="pane-diff-count" data-testid="pane-diff-count" data-count={diffs[i]?.size ?? 0}>
                    {paneAnalyses[i] && paneAnalyses[0]
                      ? diffCount(diffs[i]?.size ?? 0, i === 0 ? undefined : label(modelId))
                      : 'comparing…'}
                  </span>
                  {selectedBlock && diffs[i]?.get(selectedBlock) && (
                    <span className="pane-diff-line" title={diffs[i]!.get(selectedBlock)}>
                      {selectedBlock}: {diffs[i]!.get(selectedBlock)}
                    </span>
                  )}
                  {i > 0 && (
                    <button
                      className="icon-button"
                      aria-label={`close pane ${i + 1}`}
                      onClick={() => setOthers(others.filter((_, j) => j !== i - 1))}
                    >
                      ×
                    </button>
                  )}
                  {i === paneModels.length - 1 &&
                    paneModels.length < MAX_PANES &&
                    models.length > paneModels.length && (
                      <button className="icon-button" aria-label="add a pane" title="add a pane" onClick={startSplit}>
                        +
                      </button>
                    )}
                </header>
                <DiagramPane modelId={id} pane={panes[i]!} wrap={wrap} />
              </section>
            ))}
          </div>
        ) : (
          <DiagramPane modelId={modelId} pane={panes[0]!} wrap={wrap} />
        )}
        {!split && (
          <aside className="side-panel">
            <PropertiesPanel modelId={modelId} analysis={analysis} diagram={shown} />
            {selectedBlock && <HeatmapCard modelId={modelId} blockName={selectedBlock} title={model.label} />}
          </aside>
        )}
      </div>
    </div>
  );
}
