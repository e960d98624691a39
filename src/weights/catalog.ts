/**
 * What the cache holds for each zoo preset, verified: the rows of `splitlens weights list`, each
 * model's weight state in the app, and the one path the runtime loads weights from. Reads the cache
 * only, never the network. A checkpoint is *pretrained* only once its file passed every check
 * (verify-checkpoint.ts); an unusable one is *damaged*, with a one-line reason and the command that
 * fetches it again — never silently treated as absent or as good.
 */
import { CHECKPOINTS, checkpointFor, repoIdOf } from './checkpoints.js';
import { locateCheckpoint } from './hub-cache.js';
import { verifyCachedFile } from './verify-checkpoint.js';

export type CachedCheckpoint =
  | { state: 'absent' }
  | { state: 'verified'; path: string; bytes: number }
  | { state: 'damaged'; path: string; problem: string };

/** The cached `model.safetensors` of `hfId`, located inside the cache and its content verified. */
export function inspectCheckpoint(hfId: string): CachedCheckpoint {
  const found = locateCheckpoint(hfId);
  if (found.kind === 'absent') return { state: 'absent' };
  if (found.kind === 'unusable') return { state: 'damaged', path: found.pointer, problem: found.problem };
  const problem = verifyCachedFile(found.repoReal, found.real, found.stats);
  return problem === null
    ? { state: 'verified', path: found.pointer, bytes: found.stats.size }
    : { state: 'damaged', path: found.pointer, problem };
}

/** The path of a verified cached checkpoint, or undefined (absent or damaged). */
export function findCachedCheckpoint(hfId: string): string | undefined {
  const c = inspectCheckpoint(hfId);
  return c.state === 'verified' ? c.path : undefined;
}

/** The command that fetches a preset's checkpoint again, replacing whatever is cached. */
export function refetchCommand(preset: string): string {
  return `splitlens weights pull ${preset} --force`;
}

/** One line: which checkpoint is damaged, why, what happens instead (`consequence`), how to get it back. */
export function damagedNote(preset: string, hfId: string, problem: string, consequence?: string): string {
  const instead = consequence ? `; ${consequence}` : '';
  return `the cached checkpoint ${repoIdOf(hfId)} is damaged (${problem})${instead}; fetch it again: ${refetchCommand(preset)}`;
}

export type CheckpointState = 'pretrained' | 'untrained' | 'damaged';

export interface CheckpointStatus {
  preset: string;
  hfId: string;
  /** A verified checkpoint is cached (what `state: 'pretrained'` says). */
  cached: boolean;
  state: CheckpointState;
  /** The cached `model.safetensors` (a snapshot path, usually a symlink into blobs/). */
  path?: string;
  bytes?: number;
  /** Why a damaged checkpoint cannot be used. */
  problem?: string;
}

export function listCheckpoints(): CheckpointStatus[] {
  return CHECKPOINTS.map(({ preset, hfId }): CheckpointStatus => {
    const c = inspectCheckpoint(hfId);
    if (c.state === 'verified')
      return { preset, hfId, cached: true, state: 'pretrained', path: c.path, bytes: c.bytes };
    if (c.state === 'damaged')
      return { preset, hfId, cached: false, state: 'damaged', path: c.path, problem: c.problem };
    return { preset, hfId, cached: false, state: 'untrained' };
  });
}

/** A preset's weights as the app shows them; presets without a checkpoint (custom K/R) are untrained. */
export function weightState(preset: string): CheckpointState {
  const ck = checkpointFor(preset);
  if (!ck) return 'untrained';
  const c = inspectCheckpoint(ck.hfId);
  return c.state === 'verified' ? 'pretrained' : c.state === 'damaged' ? 'damaged' : 'untrained';
}
