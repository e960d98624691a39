/**
 * The Api's method names and the IPC channels that carry them, for the adapters that forward
 * calls (Electron preload and main, the serve-mode HTTP routes). src/api/contract.ts checks at
 * compile time that the list names every method of the Api and nothing else.
 */

/** Method names, for adapters that forward calls (IPC channels, HTTP routes). */
export const API_METHODS = [
  'info',
  'listModels',
  'openModel',
  'analyze',
  'blockOps',
  'diagram',
  'exportSvg',
  'sampleImages',
  'openImage',
  'predict',
  'attention',
  'saliency',
  'pullWeights',
  'cancel',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

/** IPC channel prefix (Electron) — every channel is `splitlens:<method>`. */
export const IPC_PREFIX = 'splitlens:';
export const IPC_PROGRESS = 'splitlens:progress';
