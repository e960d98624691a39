/**
 * The Api implementation: composes the core services (models, images, inference, diagrams,
 * weights). Both adapters (Electron IPC, serve-mode HTTP) forward to the object made here.
 */
import type { Api, AppInfo, ProgressEvent } from './contract.js';
import { UserError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { defaultProviders } from '../runtime/ort-engine.js';

export interface ApiOptions {
  host: AppInfo['host'];
  /** Progress events for the UI (adapters push them over IPC or SSE). */
  onProgress?: (e: ProgressEvent) => void;
}

function notYet(what: string): never {
  throw new UserError(`${what} is not available yet`);
}

export function createApi(options: ApiOptions): Api {
  return {
    async info() {
      return {
        version: VERSION,
        versions: { node: process.versions.node, ...(process.versions.electron ? { electron: process.versions.electron } : {}) },
        providers: defaultProviders(),
        host: options.host,
      };
    },
    async listModels() {
      return [];
    },
    async openModel() {
      return notYet('opening models');
    },
    async analyze() {
      return notYet('analysis');
    },
    async blockOps() {
      return notYet('block ops');
    },
    async diagram() {
      return notYet('diagrams');
    },
    async exportSvg() {
      return notYet('SVG export');
    },
    async sampleImages() {
      return [];
    },
    async openImage() {
      return notYet('opening images');
    },
    async predict() {
      return notYet('predict');
    },
    async attention() {
      return notYet('attention');
    },
    async saliency() {
      return notYet('saliency');
    },
    async pullWeights() {
      return notYet('weights download');
    },
    async cancel() {},
  };
}
