/** A row of model tabs (diagram view); the active one is highlighted and scrolled into view. */
import { useEffect, useRef } from 'react';
import { useModelsStore } from '../stores/models-store';

export function ModelTabs({ activeId, onSelect }: { activeId: string; onSelect: (id: string) => void }) {
  const models = useModelsStore((s) => s.models);
  const active = useRef<HTMLButtonElement>(null);
  // An opened model is appended at the end: with many models its tab is off the scrolled row.
  useEffect(() => {
    // A block body: Chromium's scrollIntoView returns a promise, which React would call as the cleanup.
    active.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, models.length]);
  return (
    <div className="tabs" role="tablist" aria-label="models">
      {models.map((m) => (
        <button
          key={m.id}
          ref={m.id === activeId ? active : undefined}
          role="tab"
          aria-selected={m.id === activeId}
          className={m.id === activeId ? 'tab active' : 'tab'}
          data-model={m.id}
          onClick={() => onSelect(m.id)}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
}
