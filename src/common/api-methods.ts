/**
 * The Api's method names and how the two adapters carry them: IPC channels (Electron preload and
 * main) and HTTP routes (serve mode and the renderer's HTTP client). src/api/contract.ts checks at
 * compile time that the list names every method of the Api and nothing else.
 */

/** Method names, for adapters that forward calls (IPC channels, HTTP routes). */
export const API_METHODS = [
  'info',
  'listModels',
  'openModel',
  'inspectCheckpoint',
  'openCheckpoint',
  'closeModel',
  'analyze',
  'blockOps',
  'opWeights',
  'diagram',
  'exportSvg',
  'sampleImages',
  'openImage',
  'predict',
  'predictMany',
  'attention',
  'saliency',
  'pullWeights',
  'statsRun',
  'scaleRun',
  'cancel',
  // The architecture playground (src/common/playground.ts).
  'listPresets',
  'defineVariant',
  'pinVariant',
  'unpinVariant',
  'measureLatency',
  'exportVariant',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

/** IPC channel prefix (Electron) — every channel is `splitlens:<method>`. */
export const IPC_PREFIX = 'splitlens:';
export const IPC_PROGRESS = 'splitlens:progress';

/** Serve mode: `POST /api/<method>` (JSON array of arguments), progress on `GET /api/events`. */
export const HTTP_EVENTS_PATH = '/api/events';
/** The header carrying serve mode's per-run token (never a URL the page requests). */
export const TOKEN_HEADER = 'x-splitlens-token';
