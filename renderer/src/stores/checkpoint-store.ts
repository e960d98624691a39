/**
 * A checkpoint waiting for the user to confirm its inferred architecture (the Open model flow for
 * .pth/.pt/.bin/.safetensors): the inspection shown in the dialog and how to reach the file again.
 */
import { create } from 'zustand';
import type { CheckpointInspection, FileSource } from '../../../src/api/contract';

interface PendingCheckpoint {
  name: string;
  source: FileSource;
  inspection: CheckpointInspection;
}

interface CheckpointState {
  pending?: PendingCheckpoint;
  setPending(p: PendingCheckpoint | undefined): void;
}

export const useCheckpointStore = create<CheckpointState>((set) => ({
  pending: undefined,
  setPending: (pending) => set({ pending }),
}));
