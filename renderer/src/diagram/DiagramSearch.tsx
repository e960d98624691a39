/** Find a block or op in the current diagram (`/` focuses it); Enter jumps to the next match. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Diagram } from '../../../src/api/contract';
import { searchNodes } from '../lib/diagram-to-flow';
import { useViewStore } from '../stores/view-store';

export function DiagramSearch({ diagram }: { diagram?: Diagram }) {
  const query = useViewStore((s) => s.search);
  const focus = useViewStore((s) => s.searchFocus);
  const ref = useRef<HTMLInputElement>(null);
  const [index, setIndex] = useState(0);
  const hits = useMemo(() => searchNodes(diagram, query), [diagram, query]);

  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);

  const go = (i: number) => {
    const n = hits[i];
    if (!n) return;
    setIndex(i);
    useViewStore.getState().select(n.block, n.id);
  };

  return (
    <div className="search">
      <input
        ref={ref}
        type="search"
        placeholder="Find block or op  ( / )"
        aria-label="find a block or op"
        value={query}
        onChange={(e) => {
          useViewStore.getState().setSearch(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && hits.length) {
            // First Enter jumps to the current match; further Enters step through the rest.
            const onCurrent = useViewStore.getState().selectedNode === hits[index]?.id;
            const step = onCurrent ? (e.shiftKey ? -1 : 1) : 0;
            go((index + step + hits.length) % hits.length);
          }
          if (e.key === 'Escape') ref.current?.blur();
        }}
      />
      {query && (
        <span className="search-count">
          {hits.length ? `${Math.min(index + 1, hits.length)} / ${hits.length}` : 'no match'}
        </span>
      )}
    </div>
  );
}
