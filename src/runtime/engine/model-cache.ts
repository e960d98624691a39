/**
 * Fast start: the models splitlens builds (zoo presets, the tiny stand-ins, opened checkpoints) are
 * kept on disk in the user's cache folder, content-addressed by everything that made them — the
 * spec, the weights file's identity (real path, size, modification time), the seed, whether the CAM
 * features are outputs, splitlens's version and this cache's format. A second start loads the
 * planned model by path and rebuilds nothing; ORT's own optimised model for this processor is kept
 * beside it (`ort-engine.ts`), so graph optimisation is skipped too.
 *
 * An entry is a folder written whole (files in a temporary folder, `entry.json` last, then one
 * rename), so a crash never leaves half an entry. An entry that does not read back — unparsable
 * `entry.json`, a file of the wrong size, a model ORT refuses — is rebuilt, never a crash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Analysis } from '../../common/model.js';
import { VERSION } from '../../common/version.js';
import { userCacheDir } from '../../platform/paths.js';
import { writeFileSafely } from '../../platform/safe-write.js';
import type { ModelMeta } from './model-meta.js';
import type { ModelPlan } from './model-plan.js';
import type { ModelSource } from './model-runner.js';
import { optimizedModelName } from './ort-engine.js';

/** Bump when what an entry holds (or how the builder makes it) changes in a way the version does not say. */
const FORMAT = 1;
const ENTRY_FILE = 'entry.json';
const MODEL_FILE = 'model.onnx';
const CAM_FILE = 'cam.f32';

/** Where ORT's optimised model of a cached model is kept (beside it), as the engine's load option. */
export const optimizedPath = (source: ModelSource): { optimizedPath?: string } =>
  'path' in source && source.optimizable ? { optimizedPath: join(dirname(source.path), optimizedModelName()) } : {};

/** The built models' folder: `<user cache>/models`, or undefined when caching is off. */
export function modelCacheDir(): string | undefined {
  const root = userCacheDir();
  return root ? join(root, 'models') : undefined;
}

/**
 * What identifies a weights file without reading it: its real path, size and modification time
 * (a checkpoint fetched again or edited in place gets a new entry; Hub blobs are named by sha256).
 */
export function fileIdentity(path: string): { path: string; size: number; mtimeMs: number } {
  const real = realpathSync(path);
  const st = statSync(real);
  return { path: real, size: st.size, mtimeMs: st.mtimeMs };
}

/** The entry's name: sha256 of every input of the build, with splitlens's version and the format. */
export function cacheKey(inputs: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: FORMAT, version: VERSION, inputs }))
    .digest('hex');
}

interface EntryJson {
  format: number;
  key: string;
  meta: Omit<ModelMeta, 'cam'>;
  cam?: { features: string; classes: number; channels: number };
  analysis: Analysis;
  /** Byte size of each file of the entry: a truncated or replaced file is a miss. */
  files: Record<string, number>;
}

/** A plan read from (or just written to) the cache: `evict` drops the entry (ORT refused it). */
export interface CachedPlan {
  plan: ModelPlan;
  /** `hit`: read from disk, nothing built; `built`: built now (and stored when the cache is writable). */
  cache: 'hit' | 'built';
  evict(): void;
}

function readEntry(dir: string, key: string): ModelPlan | undefined {
  try {
    const e = JSON.parse(readFileSync(join(dir, ENTRY_FILE), 'utf8')) as EntryJson;
    if (e.format !== FORMAT || e.key !== key || typeof e.files !== 'object' || !e.meta || !e.analysis) return undefined;
    for (const [f, size] of Object.entries(e.files)) if (statSync(join(dir, f)).size !== size) return undefined;
    const meta: ModelMeta = { ...e.meta };
    if (e.cam) {
      const raw = readFileSync(join(dir, CAM_FILE));
      if (raw.byteLength !== e.cam.classes * e.cam.channels * 4) return undefined;
      const weight = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      meta.cam = { ...e.cam, weight };
    }
    return { source: { path: join(dir, MODEL_FILE), optimizable: true }, meta, analysis: e.analysis };
  } catch {
    return undefined; // absent or damaged: built again
  }
}

/** The plan's model bytes (a plan from a build holds them; one that names a file is read). */
function modelBytes(plan: ModelPlan): Uint8Array {
  return 'bytes' in plan.source ? plan.source.bytes : readFileSync(plan.source.path);
}

async function writeEntry(root: string, key: string, plan: ModelPlan): Promise<string> {
  const dir = join(root, key);
  const tmp = join(root, `.${key}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  mkdirSync(tmp, { recursive: true });
  try {
    const bytes = modelBytes(plan);
    const { cam, ...meta } = plan.meta;
    const files: Record<string, number> = { [MODEL_FILE]: bytes.byteLength };
    await writeFileSafely(join(tmp, MODEL_FILE), bytes);
    if (cam) {
      const w = cam.weight;
      await writeFileSafely(join(tmp, CAM_FILE), new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
      files[CAM_FILE] = w.byteLength;
    }
    const entry: EntryJson = {
      format: FORMAT,
      key,
      meta,
      ...(cam ? { cam: { features: cam.features, classes: cam.classes, channels: cam.channels } } : {}),
      analysis: plan.analysis,
      files,
    };
    await writeFileSafely(join(tmp, ENTRY_FILE), JSON.stringify(entry));
    rmSync(dir, { recursive: true, force: true }); // a damaged entry of the same key
    renameSync(tmp, dir);
    return dir;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The plan cached under `key` (inputs of `cacheKey`), else `build()`'s, stored for the next start.
 * A cache that cannot be written (read-only home, full disk) only costs the speed-up.
 */
export async function cachedPlan(
  inputs: unknown,
  build: () => Promise<ModelPlan>,
  root: string | undefined = modelCacheDir(),
): Promise<CachedPlan> {
  if (!root) return { plan: await build(), cache: 'built', evict: () => undefined };
  const key = cacheKey(inputs);
  const dir = join(root, key);
  const evict = (): void => rmSync(dir, { recursive: true, force: true });
  const hit = readEntry(dir, key);
  if (hit) return { plan: hit, cache: 'hit', evict };
  const plan = await build();
  try {
    mkdirSync(root, { recursive: true });
    await writeEntry(root, key, plan);
    // Loaded by path from now on, so ORT's optimised model is saved beside it.
    return { plan: { ...plan, source: { path: join(dir, MODEL_FILE), optimizable: true } }, cache: 'built', evict };
  } catch {
    return { plan, cache: 'built', evict: () => undefined };
  }
}
