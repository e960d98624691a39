/**
 * The models the app knows: the five headline zoo presets (built in memory, timm weights when the
 * checkpoint is cached, else seeded random weights labelled untrained) and any ONNX file the user
 * opened. Each record lazily reads/analyses its graph (enough for diagrams, even with weights
 * stripped) and names what the inference worker opens: the worker builds and plans the model itself,
 * so the host never holds the weights.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelEntry } from './contract.js';
import type { Analysis } from '../common/model.js';
import { UserError } from '../common/errors.js';
import { decodeModel, readOnnx, type OnnxModel } from '../onnx/index.js';
import { analyzeOnnx } from '../analysis/index.js';
import {
  buildGraph,
  familyOf,
  resolvePreset,
  specFromTimmKwargs,
  specParamCount,
  HEADLINE_PRESETS,
  PRESETS,
  type ResNetSpec,
} from '../zoo/index.js';
import { checkpointFor, damagedNote, inspectCheckpoint as inspectCachedCheckpoint } from '../weights/index.js';
import type { ModelTarget } from '../runtime/engine/model-runner.js';
import { buildCheckpoint, inspectCheckpoint, isCheckpointPath, type LoadedCheckpoint } from '../checkpoint/index.js';

/** Where a zoo record's spec and weights come from. */
export interface ZooModel {
  preset: string;
  spec: ResNetSpec;
  /** A safetensors file to load instead of the cached timm checkpoint (tests, custom runs). */
  weights?: string;
}

export interface ModelRecord {
  entry: ModelEntry;
  /** About how many bytes this record keeps in memory (an opened file's bytes and decoded graph). */
  held: number;
  /** The graph and its analysis (no weights needed). */
  graph(): Promise<{ model: OnnxModel; analysis: Analysis }>;
  /** What the inference worker opens (a preset it builds, a file, or small in-memory bytes). */
  target(): Promise<ModelTarget>;
  /** Forget built artefacts (after new weights arrive). */
  reset(): void;
}

const SEED = 0;

function memo<T>(make: () => Promise<T>): { get(): Promise<T>; reset(): void } {
  let p: Promise<T> | undefined;
  return {
    get() {
      if (!p) {
        p = make();
        p.catch(() => (p = undefined));
      }
      return p;
    },
    reset() {
      p = undefined;
    },
  };
}

/** A zoo model's weights as the cache has them: pretrained (verified), damaged (with why), or untrained. */
function cacheWeights(z: ZooModel): Pick<ModelEntry, 'weights' | 'weightsProblem'> {
  if (z.weights) return { weights: 'pretrained' };
  const checkpoint = checkpointFor(z.preset);
  const cached = checkpoint ? inspectCachedCheckpoint(checkpoint.hfId) : { state: 'absent' as const };
  if (cached.state === 'verified') return { weights: 'pretrained' };
  if (cached.state === 'damaged')
    return { weights: 'damaged', weightsProblem: damagedNote(z.preset, checkpoint!.hfId, cached.problem) };
  return { weights: 'untrained' };
}

function zooRecord(z: ZooModel): ModelRecord {
  const entry: ModelEntry = {
    id: z.preset,
    label: z.preset,
    family: familyOf(z.spec),
    source: 'zoo',
    preset: z.preset,
    ...cacheWeights(z),
    params: specParamCount(z.spec),
  };
  // Diagrams need only the graph: built without weights, they show at once.
  const graph = memo(async () => {
    const model = await readOnnx(buildGraph(z.spec, z.preset));
    const analysis = analyzeOnnx(model);
    entry.macs = analysis.macs;
    return { model, analysis };
  });
  // The worker builds every zoo model (with the cached timm checkpoint, if any, or the record's own
  // weights file), through its disk cache of built models: a second start builds nothing.
  const target = async (): Promise<ModelTarget> =>
    z.weights ? { build: { spec: z.spec, name: z.preset, weights: z.weights } } : { preset: z.preset, seed: SEED };
  return {
    entry,
    held: 0,
    graph: graph.get,
    target,
    reset() {
      delete entry.weightsProblem;
      Object.assign(entry, cacheWeights(z));
    },
  };
}

/** A checkpoint read from a path or an upload, with the spec given or inferred. */
export function inspect(
  name: string,
  source: { path: string } | { bytes: Uint8Array },
  timmSpec?: Record<string, unknown>,
): LoadedCheckpoint {
  const opts = timmSpec ? { timmSpec } : {};
  return 'path' in source
    ? inspectCheckpoint(source.path, opts)
    : inspectCheckpoint({ bytes: source.bytes, name }, opts);
}

function fileRecord(
  name: string,
  source: { path: string } | { bytes: Uint8Array },
  model: OnnxModel,
  analysis: Analysis,
  labels?: string[],
  /** The name the runtime gives the model in results and errors (a checkpoint: its model's name). */
  runName = name,
): ModelRecord {
  const stripped = weightsMissing(model);
  const entry: ModelEntry = {
    id: `file:${randomUUID()}`,
    label: name.replace(/\.onnx$/i, ''),
    family: analysis.family,
    source: 'file',
    weights: stripped ? 'analysis-only' : 'in-file',
    ...(stripped
      ? { weightsProblem: `${name}: the weights are not in this file (only the graph): it can be analysed but not run` }
      : {}),
    params: analysis.params,
    macs: analysis.macs,
    fileName: name,
    ...('path' in source ? { folder: basename(dirname(resolve(source.path))) } : {}),
  };
  const target: ModelTarget =
    'path' in source ? { file: source.path } : { bytes: source.bytes, name: runName, ...(labels ? { labels } : {}) };
  return {
    entry,
    held: held(source),
    graph: async () => ({ model, analysis }),
    target: async () => target,
    reset: () => undefined,
  };
}

/**
 * True when some weight lives in external data that is not there (a stripped export, or an upload,
 * which brings no neighbouring files): the graph can be analysed but not run.
 */
export function weightsMissing(model: OnnxModel): boolean {
  for (const t of model.initializers.values()) {
    if (!t.external) continue;
    if (!model.path || !existsSync(join(dirname(model.path), t.external.location))) return true;
  }
  return false;
}

/** An opened file's footprint here: its bytes (an upload) and its decoded graph (about as large). */
function held(source: { path: string } | { bytes: Uint8Array }): number {
  if ('bytes' in source) return 2 * source.bytes.byteLength;
  try {
    return statSync(source.path).size;
  } catch {
    return 0;
  }
}

/** The fixtures' tiny timm models standing in for the five headline models (tests, demos). */
export function tinyZoo(tinyDir: string): ZooModel[] {
  const map: Record<string, string> = {
    resnet50: 'tiny_resnet',
    resnext50_32x4d: 'tiny_resnext',
    seresnet50: 'tiny_seresnet',
    skresnext50_32x4d: 'tiny_skresnext',
    resnest50d: 'tiny_resnest',
  };
  return Object.entries(map).map(([preset, dir]) => {
    const ref = JSON.parse(readFileSync(join(tinyDir, dir, 'ref.json'), 'utf8')) as { spec: unknown };
    return {
      preset,
      spec: specFromTimmKwargs(ref.spec, { inputSize: 64 }),
      weights: join(tinyDir, dir, 'model.safetensors'),
    };
  });
}

/**
 * What a model named on the command line is: an existing file (ONNX or a checkpoint; a name ending
 * in .onnx or a checkpoint extension must exist), else a zoo preset. The one place a name is
 * resolved: the CLI opens the file (`openModel`) or lists the preset, and the registry's record
 * says what the inference worker loads.
 */
export function namedModel(arg: string): { path: string } | { preset: string } {
  if (existsSync(arg)) return { path: resolve(arg) };
  if (isCheckpointPath(arg) || /\.onnx$/i.test(arg)) throw new UserError(`${arg}: no such file`);
  if (arg in PRESETS) return { preset: arg };
  throw new UserError(`${arg}: neither an ONNX file nor a zoo model (${Object.keys(PRESETS).join(', ')})`);
}

export function headlineZoo(): ZooModel[] {
  return HEADLINE_PRESETS.map((preset) => ({ preset, spec: resolvePreset(preset) }));
}

export interface ModelRegistryOptions {
  /** Most opened files kept (default 16); the zoo models do not count. */
  maxOpen?: number;
  /** Most bytes the opened files may hold (default 2 GiB). */
  maxBytes?: number;
  /** A file record was forgotten (evicted or closed): let go of what else holds it (the worker). */
  onForget?: (id: string) => void;
}

export class ModelRegistry {
  /** Zoo models first, then opened files as opened (the list's order). */
  private readonly records = new Map<string, ModelRecord>();
  /** Records the Api answers for but does not list (the playground's unpinned variants). */
  private readonly hidden = new Set<string>();
  /** Opened files → when last used (a counter): the least recently used goes first. */
  private readonly lastUse = new Map<string, number>();
  private tick = 0;
  /** Open files by absolute path (or an upload by its content hash) → model id. */
  private readonly bySource = new Map<string, string>();
  private readonly maxOpen: number;
  private readonly maxBytes: number;

  constructor(
    zoo: ZooModel[],
    private readonly opts: ModelRegistryOptions = {},
  ) {
    this.maxOpen = opts.maxOpen ?? 16;
    this.maxBytes = opts.maxBytes ?? 2 * 2 ** 30;
    for (const z of zoo) {
      const r = zooRecord(z);
      this.records.set(r.entry.id, r);
    }
  }

  list(): ModelEntry[] {
    return [...this.records.values()].filter((r) => !this.hidden.has(r.entry.id)).map((r) => ({ ...r.entry }));
  }

  /** A record made elsewhere (playground variants); unlisted ones answer by id but stay out of `list`. */
  register(r: ModelRecord, listed: boolean): void {
    this.records.set(r.entry.id, r);
    this.setListed(r.entry.id, listed);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  isListed(id: string): boolean {
    return this.records.has(id) && !this.hidden.has(id);
  }

  setListed(id: string, listed: boolean): void {
    if (listed) this.hidden.delete(id);
    else this.hidden.add(id);
  }

  remove(id: string): void {
    this.records.delete(id);
    this.hidden.delete(id);
  }

  get(id: string): ModelRecord {
    const r = this.records.get(id);
    if (!r) throw new UserError(`unknown model '${id}'`);
    if (r.entry.source === 'file') this.lastUse.set(id, ++this.tick);
    return r;
  }

  /** Opened files and the bytes they hold (tests, the memory bench). */
  usage(): { open: number; bytes: number } {
    let open = 0;
    let bytes = 0;
    for (const r of this.records.values())
      if (r.entry.source === 'file') {
        open++;
        bytes += r.held;
      }
    return { open, bytes };
  }

  /** Close an opened file: it leaves the list (a zoo model cannot be closed). */
  close(id: string): void {
    const r = this.records.get(id);
    if (!r) throw new UserError(`unknown model '${id}'`);
    if (r.entry.source !== 'file') throw new UserError(`${r.entry.label} is a built-in model and cannot be closed`);
    this.forget(id);
  }

  private forget(id: string): void {
    this.records.delete(id);
    this.lastUse.delete(id);
    for (const [key, open] of this.bySource) if (open === id) this.bySource.delete(key);
    this.opts.onForget?.(id);
  }

  /** A new file joins the list; the least recently used files go while the list is over its bounds. */
  private addRecord(r: ModelRecord, key: string): void {
    this.records.set(r.entry.id, r);
    this.bySource.set(key, r.entry.id);
    this.lastUse.set(r.entry.id, ++this.tick);
    const oldestFirst = [...this.lastUse].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    for (const id of oldestFirst) {
      const { open, bytes } = this.usage();
      if (open <= this.maxOpen && bytes <= this.maxBytes) return;
      if (id !== r.entry.id) this.forget(id);
    }
  }

  /**
   * Open a checkpoint (.pth/.pt/.bin/.safetensors): its spec inferred from the shapes, or the timm
   * kwargs the user confirmed; built in memory (labels from the checkpoint) and analysed like any model.
   */
  async addCheckpoint(
    name: string,
    source: { path: string } | { bytes: Uint8Array },
    timmSpec?: Record<string, unknown>,
  ): Promise<ModelEntry> {
    const ck = inspect(name, source, timmSpec);
    const spec = JSON.stringify(ck.inferred.spec);
    const key = `${'path' in source ? resolve(source.path) : `sha256:${createHash('sha256').update(source.bytes).digest('hex')}`}#${spec}`;
    const open = this.bySource.get(key);
    if (open) return { ...this.get(open).entry };
    const built = await buildCheckpoint(ck);
    const model = decodeModel(built.onnx, name);
    const analysis = analyzeOnnx(model);
    const labels = ck.inferred.labels;
    const r = fileRecord(name, { bytes: built.onnx }, model, analysis, labels, ck.name);
    r.entry.label = ck.name;
    if ('path' in source) r.entry.folder = basename(dirname(resolve(source.path)));
    this.addRecord(r, key);
    return { ...r.entry };
  }

  /** Read and analyse a user's ONNX file (a checkpoint opens with its inferred spec); it joins the list. */
  async addFile(name: string, source: { path: string } | { bytes: Uint8Array }): Promise<ModelEntry> {
    if (isCheckpointPath(name)) return this.addCheckpoint(name, source);
    // Opening a file that is already open selects it (as an editor focuses an open tab).
    const key =
      'path' in source ? resolve(source.path) : `sha256:${createHash('sha256').update(source.bytes).digest('hex')}`;
    const open = this.bySource.get(key);
    if (open) return { ...this.get(open).entry };
    // An upload has no path: its errors name the file the user picked, not "ONNX bytes".
    const model = 'path' in source ? await readOnnx(source.path) : decodeModel(source.bytes, name);
    const analysis = analyzeOnnx(model);
    const r = fileRecord(name, source, model, analysis);
    this.addRecord(r, key);
    return { ...r.entry };
  }
}
