/**
 * Left panel: the photo (samples, recent, open) and the model list with run state and weights;
 * models can be renamed, and opened ones removed.
 */
import { memo, useState } from 'react';
import type { ImageEntry, ModelEntry } from '../../../src/api/contract';
import { removeModel, renameModel, selectImage } from '../app/actions';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useResultsStore } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';
import { useLayoutStore } from '../stores/layout-store';
import { CommandButton } from './CommandButton';
import { WeightBadge } from './WeightBadge';

export function Sidebar() {
  const current = useImagesStore((s) => (s.currentId ? s.byId[s.currentId] : undefined));
  const samples = useImagesStore((s) => s.samples);
  const recent = useImagesStore((s) => s.recent);
  const byId = useImagesStore((s) => s.byId);
  const models = useModelsStore((s) => s.models);
  const loaded = useModelsStore((s) => s.loaded);
  const collapsed = useLayoutStore((s) => s.sidebarCollapsed);
  if (collapsed)
    return (
      <aside className="sidebar collapsed" data-testid="sidebar" data-collapsed="true">
        <button
          className="icon-button sidebar-toggle"
          aria-label="show the sidebar"
          title="show the photo and model list"
          onClick={() => useLayoutStore.getState().setSidebarCollapsed(false)}
        >
          ›
        </button>
      </aside>
    );
  return (
    <aside className="sidebar" data-testid="sidebar" data-collapsed="false">
      <button
        className="icon-button sidebar-toggle"
        aria-label="hide the sidebar"
        title="hide the sidebar: more room for the view"
        onClick={() => useLayoutStore.getState().setSidebarCollapsed(true)}
      >
        ‹
      </button>
      <section>
        <div className="section-title">Photo</div>
        {current ? (
          <figure
            className="photo"
            data-testid="current-photo"
            data-image-id={current.id}
            data-image-name={current.name}
          >
            <img src={current.thumbnail} alt={current.name} />
            <figcaption>
              <span className="photo-name" title={current.name}>
                {current.name}
              </span>
              <span className="photo-size">
                {current.width}×{current.height}
              </span>
            </figcaption>
          </figure>
        ) : loaded ? (
          <div className="drop-hint">Drop a photo here, paste it, or open one.</div>
        ) : (
          <div className="drop-hint loading" data-testid="loading-photos">
            <span className="spinner" /> Loading…
          </div>
        )}
        <CommandButton id="image.open">Open photo…</CommandButton>
        {recent.length > 0 && <Thumbs title="Recent" ids={recent} byId={byId} currentId={current?.id} />}
        {samples.length > 0 && <Thumbs title="Samples" ids={samples} byId={byId} currentId={current?.id} />}
      </section>
      <section>
        <div className="section-title">Models</div>
        <ul className="model-list" data-testid="model-list">
          {models.map((m) => (
            <ModelItem key={m.id} model={m} />
          ))}
        </ul>
        {!loaded && (
          <div className="drop-hint loading" data-testid="loading-models">
            <span className="spinner" /> Loading models…
          </div>
        )}
        {loaded && models.length === 0 && <div className="drop-hint">No models yet.</div>}
        <CommandButton id="model.open">Open model…</CommandButton>
      </section>
    </aside>
  );
}

function Thumbs({
  title,
  ids,
  byId,
  currentId,
}: {
  title: string;
  ids: string[];
  byId: Record<string, ImageEntry>;
  currentId?: string;
}) {
  return (
    <div className="thumbs">
      <div className="subsection-title">{title}</div>
      <div className="thumb-row">
        {ids.map((id) => {
          const img = byId[id];
          if (!img) return null;
          return (
            <button
              key={id}
              className={id === currentId ? 'thumb active' : 'thumb'}
              title={img.name}
              onClick={() => void selectImage(id)}
              data-image={img.name}
            >
              <img src={img.thumbnail} alt={img.name} />
            </button>
          );
        })}
      </div>
    </div>
  );
}

const ModelItem = memo(function ModelItem({ model }: { model: ModelEntry }) {
  const progress = useResultsStore((s) => s.progress[model.id]);
  const active = useViewStore((s) => s.view === 'diagram' && s.diagramModelId === model.id);
  const state = progress?.state ?? 'idle';
  const [editing, setEditing] = useState(false);
  if (editing) return <RenameItem model={model} done={() => setEditing(false)} />;
  return (
    <li className={active ? 'model-item active' : 'model-item'} data-model={model.id}>
      <button
        className="model-open"
        title={`show the ${model.label} diagram`}
        onClick={() => {
          useViewStore.getState().setDiagramModel(model.id);
          useViewStore.getState().setView('diagram');
        }}
      >
        <span className={`status-dot ${state}`} title={progress?.message ?? state} />
        <span className="model-item-name">{model.label}</span>
      </button>
      <WeightBadge model={model} withButton={false} />
      <span className="model-item-actions">
        <button
          className="icon-button"
          title={`rename ${model.label}`}
          aria-label={`rename ${model.label}`}
          data-testid="rename-model"
          onClick={() => setEditing(true)}
        >
          ✎
        </button>
        {model.source === 'file' && (
          <button
            className="icon-button"
            title={`remove ${model.label} from the list`}
            aria-label={`remove ${model.label}`}
            data-testid="remove-model"
            onClick={() => void removeModel(model.id)}
          >
            ×
          </button>
        )}
      </span>
    </li>
  );
});

/** The model's name as a text box: Enter keeps it (empty: its own name again), Escape cancels. */
function RenameItem({ model, done }: { model: ModelEntry; done: () => void }) {
  const [name, setName] = useState(model.label);
  const commit = () => {
    renameModel(model.id, name);
    done();
  };
  return (
    <li className="model-item editing" data-model={model.id}>
      <input
        className="rename-input"
        aria-label={`new name for ${model.label}`}
        data-testid="rename-input"
        value={name}
        autoFocus
        onFocus={(e) => e.target.select()}
        onChange={(e) => setName(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') done();
        }}
      />
    </li>
  );
}
