/**
 * What the Playground does over the Api: define the edited variant (debounced, latest answer wins),
 * measure its latency once edits settle (a newer measurement cancels the older one), pin and unpin
 * (pinned variants join the model list, so Compare, Diagram and Attention show them), save and
 * load the variant as timm kwargs JSON, export ONNX or SVG. Failures go to the message bar.
 */
import type { VariantExport, VariantRequest } from '../../../src/api/contract';
import { MAX_PINNED_VARIANTS } from '../../../src/common/playground';
import { oneLine } from '../../../src/common/errors';
import { getHost } from '../host/host';
import { runModel } from '../app/actions';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useResultsStore } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';
import { currentRequest, usePlaygroundStore, type PinnedRow } from './playground-store';

/** Edits settle this long before the variant is rebuilt, and longer before latency is measured. */
export const DEFINE_DEBOUNCE_MS = 120;
export const LATENCY_DEBOUNCE_MS = 700;
const LATENCY_TASK = 'playground-latency';

const store = () => usePlaygroundStore.getState();
const report = (e: unknown) => useViewStore.getState().setError(oneLine(e));

let generation = 0;
let defineTimer: ReturnType<typeof setTimeout> | undefined;
let latencyTimer: ReturnType<typeof setTimeout> | undefined;

/** Start the Playground: the presets, then the first variant. */
export async function openPlayground(): Promise<void> {
  try {
    if (!store().presets.length) store().setPresets(await getHost().api.listPresets());
    if (!store().summary) await defineNow();
  } catch (e) {
    report(e);
  }
}

/** Define the current variant now; returns when its answer (if still the latest) is shown. */
export async function defineNow(): Promise<void> {
  const mine = ++generation;
  const req = currentRequest();
  store().setDefining(true);
  try {
    const summary = await getHost().api.defineVariant(req);
    if (mine !== generation) return;
    store().setSummary(summary);
    if (summary.ok) scheduleLatency(req);
    else cancelLatency();
  } catch (e) {
    if (mine === generation) report(e);
  } finally {
    if (mine === generation) store().setDefining(false);
  }
}

/** An edit: the numbers and diagram follow shortly; latency once the edits settle. */
export function scheduleDefine(): void {
  clearTimeout(defineTimer);
  clearTimeout(latencyTimer);
  defineTimer = setTimeout(() => void defineNow(), DEFINE_DEBOUNCE_MS);
}

function cancelLatency(): void {
  clearTimeout(latencyTimer);
  void getHost()
    .api.cancel(LATENCY_TASK)
    .catch(() => undefined);
  store().setLatency({ state: 'idle' });
}

function scheduleLatency(req: VariantRequest): void {
  clearTimeout(latencyTimer);
  latencyTimer = setTimeout(() => void measure(req), LATENCY_DEBOUNCE_MS);
}

async function measure(req: VariantRequest): Promise<void> {
  const s = store().summary;
  if (!s?.ok) return;
  const id = s.modelId ?? s.label;
  store().setLatency({ state: 'measuring', for: id });
  try {
    const result = await getHost().api.measureLatency({ variant: req, runs: 5, taskId: LATENCY_TASK });
    if (store().latency.state === 'measuring' && (store().latency as { for: string }).for === id)
      store().setLatency({ state: 'done', for: id, result });
    // A variant pinned before its latency came in gets it in the comparison table.
    store().setPinned(store().pinned.map((p) => (p.entry.id === id ? { ...p, latency: result } : p)));
  } catch (e) {
    const message = oneLine(e);
    if (/cancel/i.test(message)) return;
    store().setLatency({ state: 'error', for: id, message });
  }
}

/** Pin the current variant: it joins the model list (and runs on the current photo). */
export async function pinCurrent(): Promise<void> {
  const s = store().summary;
  if (!s?.ok) return;
  if (store().pinned.length >= MAX_PINNED_VARIANTS) {
    report(`at most ${MAX_PINNED_VARIANTS} variants can be pinned: unpin one first`);
    return;
  }
  try {
    const entry = await getHost().api.pinVariant(currentRequest());
    const latency = store().latency;
    const row: PinnedRow = {
      entry,
      summary: s,
      ...(latency.state === 'done' && latency.for === s.modelId ? { latency: latency.result } : {}),
    };
    store().setPinned([...store().pinned.filter((p) => p.entry.id !== entry.id), row]);
    useModelsStore.getState().upsertModel(entry);
    const imageId = useImagesStore.getState().currentId;
    if (imageId) void runModel(imageId, entry.id);
  } catch (e) {
    report(e);
  }
}

export async function unpin(modelId: string): Promise<void> {
  try {
    await getHost().api.unpinVariant(modelId);
    store().setPinned(store().pinned.filter((p) => p.entry.id !== modelId));
    const models = useModelsStore.getState();
    models.setModels(models.models.filter((m) => m.id !== modelId));
    useResultsStore.getState().forgetModel(modelId);
  } catch (e) {
    report(e);
  }
}

/** Save the variant as timm kwargs JSON: the file `splitlens build --timm-spec` reads. */
export async function saveVariant(): Promise<void> {
  const s = store().summary;
  if (!s?.ok) return;
  try {
    await getHost().saveFile(
      `${fileStem(s.label)}.json`,
      JSON.stringify(s.timmSpec, null, 2) + '\n',
      'application/json',
    );
  } catch (e) {
    report(e);
  }
}

/** Load a saved variant (timm kwargs JSON); the form starts from it. */
export async function loadVariantFile(file: File): Promise<void> {
  try {
    const text = await file.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${file.name}: not JSON`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new Error(`${file.name}: not a JSON object of timm ResNet kwargs`);
    store().load(file.name.replace(/\.json$/i, ''), json as Record<string, unknown>);
    await defineNow();
  } catch (e) {
    report(e);
  }
}

export async function exportVariant(format: 'onnx' | 'onnx-stripped' | 'svg'): Promise<void> {
  try {
    useViewStore.getState().setStatus(`Exporting ${format === 'svg' ? 'SVG' : 'ONNX'}…`);
    const x = await getHost().api.exportVariant({
      variant: currentRequest(),
      format,
      theme: useViewStore.getState().theme,
    });
    await saveExport(x);
  } catch (e) {
    report(e);
  } finally {
    useViewStore.getState().setStatus(undefined);
  }
}

async function saveExport(x: VariantExport): Promise<void> {
  if (x.encoding === 'utf8') {
    await getHost().saveFile(x.fileName, x.data, x.mimeType);
    return;
  }
  // Binary (ONNX): a download of the decoded bytes, in either host.
  const bin = atob(x.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: x.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = x.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileStem = (label: string) => label.replace(/[^\w.-]+/g, '_');
