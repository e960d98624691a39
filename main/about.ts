/**
 * Help ▸ About: the versions that matter for a bug report (splitlens, Electron, Chromium, Node,
 * V8, onnxruntime) and the execution provider that ran the last prediction, or the ones that will
 * be tried before anything has run.
 */
import type { AppInfo, PredictResponse } from '../src/api/contract.js';

export interface ProviderInUse {
  provider: string;
  /** Why better providers were skipped, when the run fell back. */
  fallback?: string;
}

/** The provider of the first model that ran in a prediction (all run on the same device). */
export function providerFromPrediction(response: PredictResponse): ProviderInUse | undefined {
  const ran = response.results.find((r) => !r.error);
  if (!ran) return undefined;
  return ran.fallback ? { provider: ran.provider, fallback: ran.fallback } : { provider: ran.provider };
}

const VERSION_LABELS: readonly [key: string, label: string][] = [
  ['electron', 'Electron'],
  ['chrome', 'Chromium'],
  ['node', 'Node.js'],
  ['v8', 'V8'],
  ['onnxruntime', 'ONNX Runtime'],
];

export interface AboutContent {
  title: string;
  message: string;
  detail: string;
}

export function aboutContent(
  info: AppInfo,
  versions: Record<string, string | undefined>,
  inUse?: ProviderInUse,
): AboutContent {
  const all = { ...versions, ...info.versions };
  const lines = VERSION_LABELS.filter(([key]) => all[key]).map(([key, label]) => `${label} ${all[key]}`);
  const provider = inUse
    ? `Execution provider: ${inUse.provider} (last prediction)${inUse.fallback ? ` — ${inUse.fallback}` : ''}`
    : `Execution provider: not used yet; will try ${info.providers.join(', ') || 'cpu'} in that order`;
  return {
    title: 'About splitlens',
    message: `splitlens ${info.version}`,
    detail: [...lines, provider, '', 'ResNet, ResNeXt, SE-ResNet, SK-ResNet and ResNeSt side by side.'].join('\n'),
  };
}
