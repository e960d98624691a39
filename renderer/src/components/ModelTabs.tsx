/**
 * A row of model tabs (diagram view); the active one is highlighted and scrolled into view, and
 * tabs that do not fit are announced by the row's "more" buttons.
 */
import { useEffect, useRef } from 'react';
import { useModelsStore } from '../stores/models-store';
import { OverflowScroll } from './OverflowScroll';

export function ModelTabs({ activeId, onSelect }: { activeId: string; onSelect: (id: string) => void }) {
  const models = useModelsStore((s) => s.models);
  const active = useRef<HTMLButtonElement>(null);
  // An opened model is appended at the end: with many models its tab is off the scrolled row.
  useEffect(() => {
    // A block body: Chromium's scrollIntoView returns a promise, which React would call as the cleanup.
    active.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, models.length]);
  return (
    <OverflowScroll className="tabs" label="models">
      <div className="tab-list" role="tablist" aria-label="models">
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
    </OverflowScroll>
  );
}
