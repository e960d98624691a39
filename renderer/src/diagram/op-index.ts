/**
 * Every ONNX op of a model, by block, for search: the diagram holds only the ops of expanded
 * blocks, but a search must find "Softmax" in all 16 SK blocks of skresnext50. Loaded once per
 * model (one `blockOps` call per block) when the user first searches it.
 */
import { create } from 'zustand';
import type { OpNode } from '../../../src/api/contract';
import { oneLine } from '../../../src/common/errors';
import { loadAnalysis } from '../app/actions';
import { getHost } from '../host/host';
import { blockNames } from '../lib/block-order';
import { useModelsStore } from '../stores/models-store';

export interface IndexedOp {
  block: string;
  op: OpNode;
  /** The op's diagram node id once its block is expanded (see src/diagram/layout.ts). */
  nodeId: string;
}

interface OpIndexState {
  byModel: Record<string, IndexedOp[] | { error: string }>;
  set(modelId: string, value: IndexedOp[] | { error: string }): void;
}

export const useOpIndexStore = create<OpIndexState>()((set) => ({
  byModel: {},
  set: (modelId, value) => set((s) => ({ byModel: { ...s.byModel, [modelId]: value } })),
}));

const loading = new Set<string>();

export async function loadOpIndex(modelId: string): Promise<void> {
  if (useOpIndexStore.getState().byModel[modelId] || loading.has(modelId)) return;
  loading.add(modelId);
  try {
    await loadAnalysis(modelId);
    const analysis = useModelsStore.getState().analyses[modelId];
    if (!analysis) throw new Error('the model has no analysis');
    const api = getHost().api;
    const blocks = blockNames(analysis);
    const ops = await Promise.all(blocks.map((b) => api.blockOps(modelId, b)));
    useOpIndexStore.getState().set(
      modelId,
      blocks.flatMap((block, i) =>
        (ops[i] ?? []).map((op, j) => ({ block, op, nodeId: `op:${block}:${op.name || j}` })),
      ),
    );
  } catch (e) {
    useOpIndexStore.getState().set(modelId, { error: oneLine(e) });
  } finally {
    loading.delete(modelId);
  }
}

/** Ops whose type, name or detail matches the query: exact type first, then by graph order. */
export function searchOps(index: readonly IndexedOp[], query: string): IndexedOp[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const score = (o: IndexedOp): number => {
    const type = o.op.opType.toLowerCase();
    if (type === q) return 0;
    if (type.startsWith(q)) return 1;
    const name = o.op.name.toLowerCase();
    return name.includes(q) || type.includes(q) || (o.op.detail ?? '').toLowerCase().includes(q) ? 2 : -1;
  };
  return index
    .map((o, i) => ({ o, i, s: score(o) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.o);
}
