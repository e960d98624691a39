/** What the inference worker and its preprocessing thread say to each other. */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import type { ModelInput } from '../image/model-input.js';
import type { RgbImage } from '../image/pil-resample.js';
import type { PreprocessConfig } from '../image/preprocess.js';

export interface PrepRequest {
  id: number;
  img: RgbImage;
  cfg: PreprocessConfig;
}

export type PrepResponse = { id: number; input: ModelInput } | { id: number; error: string };

/**
 * Linux schedules threads one by one: setpriority on this thread's id (from `/proc/thread-self`)
 * lowers this thread only. Elsewhere (or if refused) the thread keeps the normal priority.
 */
export function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // not Linux, or not allowed: the normal priority is only slower for the runs beside it
  }
}
