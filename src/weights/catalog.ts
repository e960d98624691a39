/**
 * Which zoo presets have their pretrained checkpoint on disk: the rows of `splitlens weights list`
 * and each model's weight state in the app. Reads the cache only, never the network.
 */
import { statSync } from 'node:fs';
import { CHECKPOINTS, checkpointFor } from './checkpoints.js';
import { findCachedCheckpoint } from './hub-cache.js';

export interface CheckpointStatus {
  preset: string;
  hfId: string;
  cached: boolean;
  /** The cached `model.safetensors` (a snapshot path, usually a symlink into blobs/). */
  path?: string;
  bytes?: number;
}

export function listCheckpoints(): CheckpointStatus[] {
  return CHECKPOINTS.map(({ preset, hfId }) => {
    const path = findCachedCheckpoint(hfId);
    return path ? { preset, hfId, cached: true, path, bytes: statSync(path).size } : { preset, hfId, cached: false };
  });
}

/** 'pretrained' once the preset's checkpoint is cached; presets without one (custom K/R) stay 'untrained'. */
export function weightState(preset: string): 'untrained' | 'pretrained' {
  const ck = checkpointFor(preset);
  return ck && findCachedCheckpoint(ck.hfId) ? 'pretrained' : 'untrained';
}
