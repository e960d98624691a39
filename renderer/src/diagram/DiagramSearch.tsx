/**
 * Find a block or op in the whole model (`/` focuses it): blocks from the diagram, ops from every
 * block — expanded or not — with the number of matches. Enter jumps to the next match, expanding
 * the block it is in.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Diagram } from '../../../src/api/contract';
import { searchNodes } from '../lib/diagram-to-flow';
import { useViewStore } from '../stores/view-store';
import { loadOpIndex, searchOps, useOpIndexStore } from './op-index';

interface Hit {
  id: string;
  block?: string;
  /** An op: its block must be expanded to show it. */
  op: boolean;
}

export function DiagramSearch({ diagram }: { diagram?: Diagram }) {
  const query = useViewStore((s) => s.search);
  const focus = useViewStore((s) => s.searchFocus);
  const modelId = diagram?.model;
  const index = useOpIndexStore((s) => (modelId ? s.byModel[modelId] : undefined));
  const ref = useRef<HTMLInputElement>(null);
  const [at, setAt] = useState(0);

  useEffect(() => {
    if (modelId && query.trim()) void loadOpIndex(modelId);
  }, [modelId, query]);

  const hits = useMemo((): Hit[] => {
    const nodes = searchNodes(diagram, query);
    if (!Array.isArray(index)) return nodes.map((n) => ({ id: n.id, block: n.block, op: n.kind === 'op' }));
    const structural = nodes.filter((n) => n.kind !== 'op').map((n) => ({ id: n.id, block: n.block, op: false }));
    const ops = searchOps(index, query).map((o) => ({ id: o.nodeId, block: o.block, op: true }));
    return [...structural, ...ops];
  }, [diagram, index, query]);

  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);

  const go = (i: number) => {
    const h = hits[i];
    if (!h) return;
    setAt(i);
    const view = useViewStore.getState();
    if (h.op && h.block && modelId) {
      const expanded = view.expanded[modelId] ?? [];
      if (!expanded.includes(h.block)) view.setExpanded(modelId, [...expanded, h.block]);
    }
    view.select(h.block, h.id);
  };

  const searching = Boolean(query.trim()) && index === undefined;
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
          setAt(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && hits.length) {
            // First Enter jumps to the current match; further Enters step through the rest.
            const onCurrent = useViewStore.getState().selectedNode === hits[at]?.id;
            const step = onCurrent ? (e.shiftKey ? -1 : 1) : 0;
            go((at + step + hits.length) % hits.length);
          }
          if (e.key === 'Escape') ref.current?.blur();
        }}
      />
      {query && (
        <span
          className="search-count"
          data-testid="search-count"
          data-matches={searching ? undefined : hits.length}
          title="matches among every block and op of the model"
        >
          {searching ? 'searching…' : hits.length ? `${Math.min(at + 1, hits.length)} / ${hits.length}` : 'no match'}
        </span>
      )}
    </div>
  );
}
