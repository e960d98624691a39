/**
 * What the Statistics view does: start a stats or scale run over the chosen photos and models
 * (progress from the Api's events, cancel keeps the partial report), export a figure as SVG or
 * PNG and the data as JSON or CSV, and follow a photo × block cell to that photo's heatmaps.
 */
import type { ProgressEvent } from '../../../src/api/contract';
import { oneLine } from '../../../src/common/errors';
import { scaleCsv, statsCsv } from '../../../src/common/stats-csv';
import { getHost } from '../host/host';
import { download } from '../host/page-files';
import { selectImage } from '../app/actions';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useViewStore } from '../stores/view-store';
import { useStatsStore, type RunKind } from './stats-store';

let listening = false;
function listen(): void {
  if (listening) return;
  listening = true;
  getHost().api.onProgress((e: ProgressEvent) => {
    if (e.kind !== 'stats' && e.kind !== 'scale') return;
    if (e.state === 'running') useStatsStore.getState().progress(e.taskId, e.done, e.total, e.message);
  });
}

/** The photos a run uses: the chosen ones, or every photo the window knows (samples and opened). */
export function runImages(): string[] {
  const chosen = useStatsStore.getState().imageIds;
  const s = useImagesStore.getState();
  const all = [...s.samples, ...s.recent.filter((id) => !s.samples.includes(id))];
  return chosen ? chosen.filter((id) => s.byId[id]) : all;
}

export function runModels(): string[] {
  const chosen = useStatsStore.getState().modelIds;
  const all = useModelsStore.getState().models.map((m) => m.id);
  return chosen ? chosen.filter((id) => all.includes(id)) : all;
}

export function parseZooms(text: string): number[] | undefined {
  const zooms = text.split(',').map((s) => Number(s.trim()));
  return zooms.length && zooms.every((z) => Number.isFinite(z) && z >= 1 && z <= 8) ? zooms : undefined;
}

export async function startRun(kind: RunKind): Promise<void> {
  listen();
  const store = useStatsStore.getState();
  if (store.running) return;
  const imageIds = runImages();
  const modelIds = runModels();
  if (!imageIds.length || !modelIds.length)
    return useViewStore.getState().setError('choose at least one photo and one model');
  const zooms = parseZooms(store.zooms);
  if (kind === 'scale' && !zooms)
    return useViewStore.getState().setError('zooms: numbers from 1 to 8, separated by commas');
  const taskId = `${kind}-${Date.now()}`;
  store.started(kind, taskId, imageIds.length * modelIds.length * (kind === 'scale' ? zooms!.length : 1));
  const api = getHost().api;
  try {
    const report =
      kind === 'stats'
        ? await api.statsRun({ imageIds, modelIds, taskId })
        : await api.scaleRun({ imageIds, modelIds, taskId, zooms });
    useStatsStore.getState().finished(kind, report, imageIds);
  } catch (e) {
    useStatsStore.getState().finished(kind, undefined, imageIds);
    useViewStore.getState().setError(oneLine(e));
  }
}

export function cancelRun(): void {
  const r = useStatsStore.getState().running;
  if (r)
    void getHost()
      .api.cancel(r.taskId)
      .catch(() => undefined);
}

export async function exportFigureSvg(id: string, svg: string): Promise<void> {
  try {
    await getHost().saveFile(`${id}.svg`, svg, 'image/svg+xml');
  } catch (e) {
    useViewStore.getState().setError(oneLine(e));
  }
}

/** The figure drawn on a canvas at 2× and downloaded as PNG. */
export async function exportFigurePng(id: string, svg: string): Promise<void> {
  try {
    const w = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 640);
    const h = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 320);
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the figure could not be drawn as PNG'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = w * 2;
    canvas.height = h * 2;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, w, h);
    URL.revokeObjectURL(url);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the figure could not be drawn as PNG');
    const png = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = png;
    a.download = `${id}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(png), 10_000);
  } catch (e) {
    useViewStore.getState().setError(oneLine(e));
  }
}

export function exportData(kind: RunKind, format: 'json' | 'csv'): void {
  const s = useStatsStore.getState();
  const report = kind === 'stats' ? s.stats : s.scale;
  if (!report) return;
  const text =
    format === 'json'
      ? JSON.stringify(report, null, 1) + '\n'
      : kind === 'stats'
        ? statsCsv(s.stats!)
        : scaleCsv(s.scale!);
  download(`${kind}.${format}`, text, format === 'json' ? 'application/json' : 'text/csv');
}

/** A photo × block cell: that photo becomes the current one and the Attention view shows the block. */
export async function openCell(photo: number, block: string): Promise<void> {
  const imageId = useStatsStore.getState().statsImages[photo];
  if (!imageId) return;
  useViewStore.getState().select(block);
  useViewStore.getState().setView('attention');
  await selectImage(imageId);
}
