/**
 * Where a built model's tensors come from: a timm checkpoint (safetensors, keys as in timm's
 * `state_dict()`, checked key by key and shape by shape against what the graph consumes), or a
 * seeded random init (PyTorch-default-like kaiming-uniform convs, identity BatchNorm statistics).
 */
import { UserError } from '../common/errors.js';
import type { ParamDecl } from './graph-builder.js';
import { FLOAT_DTYPES, SafetensorsFile, nonFiniteIndex } from '../safetensors/safetensors-file.js';

export interface WeightSource {
  readonly kind: 'pretrained' | 'untrained';
  /** A fresh array the caller may modify. */
  read(p: ParamDecl): Float32Array;
  close(): void;
}

const fmt = (s: number[]): string => `[${s.join(',')}]`;

/** Tensors by timm key, whatever file they came from (safetensors, a PyTorch checkpoint read in memory). */
export interface TensorStore {
  /** Names the source in messages. */
  what: string;
  entries: ReadonlyMap<string, { shape: number[]; float: boolean }>;
  readFloat32(key: string): Float32Array;
}

/**
 * Check a store against the state-dict layout a graph consumes: every entry the graph needs present
 * with its exact shape, and every tensor in the store used (BatchNorm `num_batches_tracked` aside).
 */
export function checkLayout(store: TensorStore, layout: readonly ParamDecl[], modelName: string): void {
  const wanted = new Set<string>();
  const does = `${store.what} does not fit ${modelName}`;
  for (const p of layout) {
    wanted.add(p.key);
    if (p.role === 'bn_count') continue;
    const e = store.entries.get(p.key);
    if (!e) throw new UserError(`${does}: missing tensor ${p.key} ${fmt(p.shape)}`);
    if (fmt(e.shape) !== fmt(p.shape))
      throw new UserError(`${does}: ${p.key} has shape ${fmt(e.shape)}, expected ${fmt(p.shape)}`);
    if (!e.float) throw new UserError(`${does}: ${p.key} is not a float tensor`);
  }
  for (const [key, e] of store.entries) {
    if (!wanted.has(key) && !key.endsWith('.num_batches_tracked'))
      throw new UserError(`${does}: unexpected tensor ${key} ${fmt(e.shape)}`);
  }
}

/** Weights from a store already open (the caller owns it). */
export function storeSource(store: TensorStore, layout: readonly ParamDecl[], modelName: string): WeightSource {
  checkLayout(store, layout, modelName);
  return { kind: 'pretrained', read: finiteReader(store), close: () => undefined };
}

/** Trained weights are finite; a NaN or an infinity would make every prediction NaN. */
function finiteReader(store: TensorStore): (p: ParamDecl) => Float32Array {
  return (p) => {
    const values = store.readFloat32(p.key);
    const bad = nonFiniteIndex(values);
    if (bad >= 0)
      throw new UserError(`${store.what}: tensor ${p.key} holds ${values[bad]} at index ${bad}; refusing to run it`);
    return values;
  };
}

/** Open a timm `model.safetensors` for the given state-dict layout (checked as `checkLayout` does). */
export function checkpointSource(path: string, layout: readonly ParamDecl[], modelName: string): WeightSource {
  const file = SafetensorsFile.open(path);
  const store: TensorStore = {
    what: path,
    entries: new Map(file.list().map((e) => [e.key, { shape: e.shape, float: FLOAT_DTYPES.has(e.dtype) }])),
    readFloat32: (k) => file.readFloat32(k),
  };
  try {
    checkLayout(store, layout, modelName);
  } catch (e) {
    file.close();
    throw e;
  }
  return { kind: 'pretrained', read: finiteReader(store), close: () => file.close() };
}

/** FNV-1a of the key mixed with the seed: each tensor gets its own reproducible stream. */
function keySeed(key: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Fill with U(-a, a) from mulberry32 (fast, deterministic, good enough for an init). */
function fillUniform(out: Float32Array, a: number, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = (2 * u - 1) * a;
  }
}

/**
 * Seeded random weights. Convs/linears: uniform with variance gain²/fan_in (kaiming, as PyTorch's
 * default init is uniform); BN: mean 0, var 1, beta 0, gamma 1 except the last BN of each residual
 * branch (1/sqrt(blocks)) so activations neither explode nor vanish through 100+ blocks.
 */
export function randomSource(seed: number): WeightSource {
  return {
    kind: 'untrained',
    read(p) {
      const n = p.shape.reduce((a, b) => a * b, 1);
      const out = new Float32Array(n);
      if (p.role === 'weight') fillUniform(out, (p.gain ?? 1) * Math.sqrt(3 / (p.fanIn ?? 1)), keySeed(p.key, seed));
      else if (p.role === 'bn_weight') out.fill(p.gain ?? 1);
      else if (p.role === 'bn_var') out.fill(1);
      return out;
    },
    close() {},
  };
}
