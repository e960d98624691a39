/**
 * What the properties panel shows for a selected op beyond its diagram node: its tensors' shapes
 * (from the block's `blockOps`) and the weights it reads with their statistics (`opWeights`, which
 * may build the model's weights: asked only when an op is selected, once per op).
 */
import { create } from 'zustand';
import type { OpNode, OpWeight } from '../../../src/api/contract';
import { oneLine } from '../../../src/common/errors';
import { getHost } from '../host/host';

export type OpDetails = { op?: OpNode; weights?: OpWeight[]; error?: string };

interface OpDetailsState {
  byKey: Record<string, OpDetails>;
  merge(key: string, value: OpDetails): void;
}

export const useOpDetailsStore = create<OpDetailsState>()((set) => ({
  byKey: {},
  merge: (key, value) => set((s) => ({ byKey: { ...s.byKey, [key]: { ...s.byKey[key], ...value } } })),
}));

/** Per model, weights state (new weights, new statistics) and op node. */
export const opDetailsKey = (modelId: string, weights: string, nodeId: string): string =>
  `${modelId}\u0000${weights}\u0000${nodeId}`;

/** The ONNX node name in an op node's id (`op:<block>:<name>`, src/diagram/layout.ts). */
export function opNameOf(nodeId: string, block: string): string {
  return nodeId.slice(`op:${block}:`.length);
}

const asked = new Set<string>();

export async function loadOpDetails(modelId: string, weights: string, nodeId: string, block: string): Promise<void> {
  const key = opDetailsKey(modelId, weights, nodeId);
  if (asked.has(key)) return;
  asked.add(key);
  const store = useOpDetailsStore.getState();
  const name = opNameOf(nodeId, block);
  const api = getHost().api;
  try {
    const ops = await api.blockOps(modelId, block);
    const op = ops.find((o) => o.name === name);
    store.merge(key, op ? { op } : { error: `no op ${name} in ${block}` });
    if (!op) return;
    store.merge(key, { weights: await api.opWeights(modelId, name) });
  } catch (e) {
    asked.delete(key);
    store.merge(key, { error: oneLine(e) });
  }
}
