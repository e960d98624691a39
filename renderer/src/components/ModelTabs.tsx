/** A row of model tabs (diagram view); the active one is highlighted. */
import { useModelsStore } from '../stores/models-store';

export function ModelTabs({ activeId, onSelect }: { activeId: string; onSelect: (id: string) => void }) {
  const models = useModelsStore((s) => s.models);
  return (
    <div className="tabs" role="tablist" aria-label="models">
      {models.map((m) => (
        <button key={m.id} role="tab" aria-selected={m.id === activeId} className={m.id === activeId ? 'tab active' : 'tab'} data-model={m.id} onClick={() => onSelect(m.id)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}
