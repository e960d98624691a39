/**
 * Names the steps of ResNeSt split attention (Zhang et al. 2022, Fig. 2; timm `SplitAttn`) on a
 * block's visible ops, by their order along the data path from the grouped conv: split → radix
 * sum → pool → fc1 → fc2 → rSoftmax → weighted sum. Works on timm's Reshape/ReduceSum export
 * and on the official Split/Add one; ops it cannot place get no role.
 */
import type { OpNode } from '../common/model.js';

const STEPS: { role: string; accepts: (op: OpNode) => boolean; repeat?: boolean }[] = [
  { role: 'split', accepts: (op) => op.opType === 'Reshape' || op.opType === 'Split' },
  {
    role: 'radix sum',
    accepts: (op) => op.opType === 'ReduceSum' || op.opType === 'Add' || op.opType === 'Sum',
    repeat: true,
  },
  { role: 'pool', accepts: (op) => op.opType === 'ReduceMean' || op.opType === 'GlobalAveragePool' },
  { role: 'fc1', accepts: (op) => op.opType === 'Conv' || op.opType === 'Gemm' },
  { role: 'fc2', accepts: (op) => op.opType === 'Conv' || op.opType === 'Gemm' },
  {
    role: 'rSoftmax',
    accepts: (op) => ['Reshape', 'Transpose', 'Softmax', 'Sigmoid', 'Flatten'].includes(op.opType),
    repeat: true,
  },
  { role: 'weighted sum', accepts: (op) => ['Mul', 'ReduceSum', 'Add', 'Sum'].includes(op.opType), repeat: true },
];
/** Ops that may sit between steps without taking part (activations, BN left unfolded, casts). */
const PASS = new Set(['Relu', 'BatchNormalization', 'Identity', 'Cast']);

export function splitAttentionRoles(ops: readonly OpNode[]): (string | undefined)[] {
  const roles: (string | undefined)[] = ops.map(() => undefined);
  const start = ops.findIndex((op) => op.opType === 'Conv' && /\bg=\d+/.test(op.detail ?? ''));
  if (start < 0) return roles;
  roles[start] = 'grouped conv';
  let step = 0;
  let inStep = false;
  for (let i = start + 1; i < ops.length && step < STEPS.length; i++) {
    const op = ops[i]!;
    const s = STEPS[step]!;
    if (s.accepts(op) && (!inStep || s.repeat)) {
      roles[i] = s.role;
      inStep = true;
      continue;
    }
    const next = STEPS[step + 1];
    if (inStep && next?.accepts(op)) {
      step += 1;
      roles[i] = next.role;
      continue;
    }
    if (PASS.has(op.opType) && step < STEPS.length - 1) continue;
    if (step === STEPS.length - 1 && inStep) break;
    // an op we cannot place ends the pattern
    if (!PASS.has(op.opType)) break;
  }
  // The pattern only counts when it reached the attention itself.
  return roles.includes('rSoftmax') ? roles : ops.map(() => undefined);
}
