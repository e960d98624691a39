/**
 * Attention view: pick a block (`layer3.2`) and every model shows its own `layer3.2` side by side;
 * turn on the difference to compare the current photo (A) with a second photo (B), or one colour
 * scale shared across models so equal weights get equal colours in every model.
 */
import { useEffect, useMemo } from 'react';
import { loadAnalysis } from '../app/actions';
import { EmptyState } from '../components/EmptyState';
import { blocksOf } from '../lib/block-order';
import { useImagesStore } from '../stores/images-store';
import { resultKey, useResultsStore } from '../stores/results-store';
import { useModelsStore } from '../stores/models-store';
import { useViewStore } from '../stores/view-store';
import { HeatmapCard } from './HeatmapCard';

/**
 * min/max of one block's attention over every model (photo A, and B when diffing); none before any
 * arrives. Models and photos come as `|`-joined ids so the memo sees stable keys.
 */
function useSharedRange(
  on: boolean,
  modelKey: string,
  block: string | undefined,
  imageKey: string,
): { min: number; max: number } | undefined {
  const attention = useResultsStore((s) => s.attention);
  return useMemo(() => {
    if (!on || !block) return undefined;
    let min = Infinity;
    let max = -Infinity;
    for (const img of imageKey.split('|').filter(Boolean)) {
      for (const id of modelKey.split('|')) {
        const values = attention[resultKey(img, id)]?.blocks.find((b) => b.name === block)?.values ?? [];
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
    return Number.isFinite(min) ? { min, max } : undefined;
  }, [on, block, attention, modelKey, imageKey]);
}

function blockOrder(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

export function AttentionView() {
  const models = useModelsStore((s) => s.models);
  const analyses = useModelsStore((s) => s.analyses);
  const selected = useViewStore((s) => s.selectedBlock);
  const imageId = useImagesStore((s) => s.currentId);
  const diffOn = useViewStore((s) => s.diff);
  const hasB = useImagesStore((s) => Boolean(s.compareId));
  const diff = diffOn && hasB;

  useEffect(() => {
    for (const m of models) void loadAnalysis(m.id);
  }, [models]);

  // Every block name any model has, with which models put attention in it.
  const blocks = useMemo(() => {
    const names = new Map<string, string[]>();
    for (const m of models) {
      for (const b of blocksOf(analyses[m.id])) {
        const kinds = names.get(b.name) ?? [];
        if (b.attention !== 'none') kinds.push(b.attention);
        names.set(b.name, kinds);
      }
    }
    return [...names.entries()].sort(([a], [b]) => blockOrder(a, b));
  }, [models, analyses]);

  const block = selected && blocks.some(([n]) => n === selected) ? selected : blocks.find(([, k]) => k.length > 0)?.[0];
  const shared = useViewStore((s) => s.sharedScale);
  const compareId = useImagesStore((s) => s.compareId);
  const sharedRange = useSharedRange(
    shared,
    models.map((m) => m.id).join('|'),
    block,
    [imageId, diff ? compareId : undefined].filter(Boolean).join('|'),
  );
  if (!imageId) return <EmptyState title="Open a photo to see attention" commandIds={['image.open']} />;
  if (models.length === 0) return <EmptyState title="No models listed" commandIds={['model.open']} />;
  return (
    <div className="attention-view">
      <nav className="block-list" aria-label="blocks">
        <div className="section-title">Blocks</div>
        {blocks.length === 0 && (
          <div className="card-message">
            <span className="spinner" /> analysing…
          </div>
        )}
        {blocks.map(([name, kinds]) => (
          <button
            key={name}
            className={name === block ? 'block-item active' : 'block-item'}
            data-block={name}
            onClick={() => useViewStore.getState().select(name)}
          >
            <span className="mono">{name}</span>
            <span className="block-kinds">{[...new Set(kinds)].join(' ')}</span>
          </button>
        ))}
      </nav>
      <div className="attention-main">
        <DiffBar />
        {block ? (
          <div className={diff ? 'heatmap-cards diff' : 'heatmap-cards'}>
            {models.map((m) => (
              <HeatmapCard key={m.id} modelId={m.id} blockName={block} title={m.label} sharedRange={sharedRange} />
            ))}
          </div>
        ) : (
          <EmptyState title="Pick a block">Each model shows its own attention for the block you pick.</EmptyState>
        )}
      </div>
    </div>
  );
}

function DiffBar() {
  const diff = useViewStore((s) => s.diff);
  const images = useImagesStore((s) => s.byId);
  const order = useImagesStore((s) => [...s.recent, ...s.samples.filter((id) => !s.recent.includes(id))].join('|'));
  const currentId = useImagesStore((s) => s.currentId);
  const compareId = useImagesStore((s) => s.compareId);
  const others = order.split('|').filter((id) => id && id !== currentId);
  const shared = useViewStore((s) => s.sharedScale);
  return (
    <div className="toolbar diff-bar">
      <label className="toggle">
        <input
          type="checkbox"
          checked={diff}
          data-testid="diff-toggle"
          onChange={(e) => {
            useViewStore.getState().setDiff(e.target.checked);
            if (e.target.checked && !compareId && others[0]) useImagesStore.getState().setCompare(others[0]);
          }}
        />
        difference with a second photo
      </label>
      {diff && (
        <select
          aria-label="photo B"
          value={compareId ?? ''}
          onChange={(e) => useImagesStore.getState().setCompare(e.target.value || undefined)}
        >
          {others.map((id) => (
            <option key={id} value={id}>
              B: {images[id]?.name ?? id}
            </option>
          ))}
        </select>
      )}
      <label className="toggle">
        <input
          type="checkbox"
          checked={shared}
          data-testid="shared-scale-toggle"
          onChange={(e) => useViewStore.getState().setSharedScale(e.target.checked)}
        />
        shared scale across models
      </label>
      <span className="spacer" />
      <span className="hint" data-testid="scale-hint">
        {shared ? 'one colour scale for all models' : "colours scale to each model's range"} · hover a channel for its
        value
      </span>
    </div>
  );
}
