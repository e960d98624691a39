/**
 * What the app remembers across reloads and restarts, through the Host's storage: the models the
 * user opened (with their paths where the host gave one, so a restarted app opens them again),
 * the names given to models, and recent photos (a small preview, the id the Api knows them by and
 * the path, if any). Restoring checks each against the Api: a photo or model the Api no longer
 * holds is opened again from its path, or forgotten when it was an upload.
 */
import type { FileSource, ImageEntry, ModelEntry } from '../../../src/api/contract';
import { getHost } from '../host/host';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';

interface SavedModels {
  opened: { id: string; path?: string }[];
  names: Record<string, string>;
}
interface SavedPhotos {
  recent: { entry: ImageEntry; path?: string }[];
}

const MODELS_KEY = 'models';
const PHOTOS_KEY = 'photos';
/** The preview kept for a recent photo (the Api's is 512 px PNG: too big to keep eight of). */
const KEPT_PREVIEW = 192;

/** Paths of opened models and photos, by the id the Api gave them. */
const paths = new Map<string, string>();
let restored = false;

/** Remember where an opened model or photo came from (a path reopens after a restart). */
export function rememberSource(id: string, source: FileSource): void {
  if (source.kind === 'path') paths.set(id, source.path);
}

/**
 * Restore the opened models and names (after the Api's list arrived), then start remembering.
 * Returns the models opened again from their paths (the Api had forgotten them: a restart).
 */
export async function restoreModels(listed: readonly ModelEntry[]): Promise<ModelEntry[]> {
  const reopened: ModelEntry[] = [];
  const storage = getHost().storage;
  const saved = storage.read<SavedModels>(MODELS_KEY);
  const store = useModelsStore.getState();
  const names: Record<string, string> = {};
  const known = new Set(listed.map((m) => m.id));
  for (const [id, name] of Object.entries(saved?.names ?? {})) if (known.has(id)) names[id] = name;
  for (const o of saved?.opened ?? []) {
    if (o.path) paths.set(o.id, o.path);
    if (known.has(o.id) || !o.path) continue;
    try {
      const entry = await getHost().api.openModel({ kind: 'path', path: o.path });
      paths.set(entry.id, o.path);
      store.upsertModel(entry);
      reopened.push(entry);
      const name = saved?.names[o.id];
      if (name) names[entry.id] = name;
    } catch {
      // Moved or deleted since: it is no longer listed.
    }
  }
  useModelsStore.getState().setNames(names);
  restored = true;
  saveModels();
  useModelsStore.subscribe((s, prev) => {
    if (s.listed !== prev.listed || s.names !== prev.names) saveModels();
  });
  return reopened;
}

function saveModels(): void {
  if (!restored) return;
  const { listed, names } = useModelsStore.getState();
  const opened = listed
    .filter((m) => m.source === 'file')
    .map((m) => {
      const path = paths.get(m.id);
      return path ? { id: m.id, path } : { id: m.id };
    });
  getHost().storage.write(MODELS_KEY, { opened, names } satisfies SavedModels);
}

/** Restore recent photos the Api still holds (or reopens from their path), then start remembering. */
export async function restorePhotos(): Promise<void> {
  const saved = getHost().storage.read<SavedPhotos>(PHOTOS_KEY);
  const api = getHost().api;
  const kept: ImageEntry[] = [];
  for (const r of saved?.recent ?? []) {
    try {
      // A prediction with no models answers one thing: whether the Api still holds this photo.
      await api.predict({ imageId: r.entry.id, modelIds: [] });
      kept.push(r.entry);
      if (r.path) paths.set(r.entry.id, r.path);
    } catch {
      if (!r.path) continue;
      try {
        const entry = await api.openImage({ kind: 'path', path: r.path });
        paths.set(entry.id, r.path);
        kept.push(entry);
      } catch {
        // Gone from disk: forgotten.
      }
    }
  }
  const images = useImagesStore.getState();
  for (const entry of kept.reverse()) images.addOpened(entry);
  const previews = new Map<string, string>();
  const save = async () => {
    const { recent, byId } = useImagesStore.getState();
    const entries = recent.map((id) => byId[id]).filter((e): e is ImageEntry => e !== undefined);
    for (const e of entries) if (!previews.has(e.id)) previews.set(e.id, await smallPreview(e.thumbnail));
    const out: SavedPhotos = {
      recent: entries.map((e) => {
        const path = paths.get(e.id);
        const entry = { ...e, thumbnail: previews.get(e.id) ?? e.thumbnail };
        return path ? { entry, path } : { entry };
      }),
    };
    getHost().storage.write(PHOTOS_KEY, out);
  };
  await save();
  useImagesStore.subscribe((s, prev) => {
    if (s.recent !== prev.recent) void save();
  });
}

/** A data: URL scaled down to KEPT_PREVIEW px (JPEG); the original when it cannot be drawn. */
async function smallPreview(dataUrl: string): Promise<string> {
  try {
    const img = new Image();
    img.src = dataUrl;
    await img.decode();
    const scale = Math.min(1, KEPT_PREVIEW / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    canvas.getContext('2d')?.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', 0.85);
  } catch {
    return dataUrl;
  }
}
