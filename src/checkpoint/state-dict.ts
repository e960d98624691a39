/**
 * A checkpoint file → its state dict: names, shapes and float32 data of every tensor, plus class
 * labels when the checkpoint carries them. Reads `.safetensors` and PyTorch `.pth`/`.pt`/`.bin` in
 * both of torch.save's formats — the zip archive (`<name>/data.pkl` + `<name>/data/<key>`) and the
 * legacy stream (magic number, protocol, sys_info, the pickle, storage keys, then raw storages) —
 * through the restricted unpickler (pickle.ts). fp16/bf16/f64 are converted to f32 on read.
 */
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../common/errors.js';
import { openedOrRefused } from '../common/file-kinds.js';
import { SafetensorsFile, f16ToF32 } from '../safetensors/safetensors-file.js';
import { unpickle } from './pickle.js';
import { PyDict, storageFromPid, type StorageRef, type TensorRef, type TorchDtype } from './torch-globals.js';
import { ZipReader, isZip } from './zip-reader.js';

export type CheckpointFormat = 'safetensors' | 'torch-zip' | 'torch-legacy';

export interface StateEntry {
  key: string;
  dtype: TorchDtype;
  shape: number[];
}

/** A state dict read from a file: what `infer-spec.ts` and the zoo's weight source consume. */
export interface StateDict {
  /** The file, for messages. */
  what: string;
  format: CheckpointFormat;
  /** Entries in the checkpoint's order (float and integer tensors; other values dropped). */
  entries: Map<string, StateEntry>;
  /** Class names from the checkpoint's metadata, when it has them. */
  labels?: string[];
  /** Where in the checkpoint the state dict was (`state_dict`, `model`, … or '' for a bare one). */
  container: string;
  readFloat32(key: string): Float32Array;
}

const ELEMENT_BYTES: Record<TorchDtype, number> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};
export const FLOAT_TORCH_DTYPES: ReadonlySet<TorchDtype> = new Set(['float32', 'float16', 'bfloat16', 'float64']);

/** Largest checkpoint read into memory (ResNeSt-269e in fp32 is 444 MB). */
export const MAX_CHECKPOINT_BYTES = 2 * 1024 ** 3;
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
/** Where a nested checkpoint keeps its weights, most specific first. */
const CONTAINERS = [
  'state_dict',
  'model_state_dict',
  'model',
  'state_dict_ema',
  'model_ema',
  'net',
  'network',
  'weights',
];

export const CHECKPOINT_EXTENSIONS = ['.pth', '.pt', '.bin', '.ckpt', '.safetensors'];
export function isCheckpointPath(path: string): boolean {
  const lower = path.toLowerCase();
  return CHECKPOINT_EXTENSIONS.some((e) => lower.endsWith(e));
}

function readWhole(path: string): Uint8Array {
  const fd = openedOrRefused(path, 'checkpoint', () => openSync(path, 'r'));
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_CHECKPOINT_BYTES) throw new UserError(`${path}: ${size} bytes is larger than splitlens reads`);
    const buf = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buf, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Read a checkpoint file (by path) or its bytes (`name` names it in messages). */
export function readStateDict(source: string | { bytes: Uint8Array; name: string }): StateDict {
  const what = typeof source === 'string' ? source : source.name;
  if (typeof source === 'string' && source.toLowerCase().endsWith('.safetensors')) return fromSafetensors(source);
  const bytes = typeof source === 'string' ? readWhole(source) : source.bytes;
  if (bytes.length >= 8 && !isZip(bytes) && bytes[0] !== 0x80 && looksLikeSafetensors(bytes))
    throw new UserError(`${what}: a safetensors file must be named *.safetensors`);
  if (isZip(bytes)) return fromTorchZip(bytes, what);
  if (bytes[0] === 0x80) return fromTorchLegacy(bytes, what);
  throw new UserError(`${what}: not a PyTorch checkpoint or safetensors file`);
}

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  return bytes[8] === 0x7b; // '{' after the 8-byte header length
}

function fromSafetensors(path: string): StateDict {
  const file = SafetensorsFile.open(path);
  const entries = new Map<string, StateEntry>();
  const toTorch: Record<string, TorchDtype> = {
    F32: 'float32',
    F16: 'float16',
    BF16: 'bfloat16',
    F64: 'float64',
    I64: 'int64',
    I32: 'int32',
    I16: 'int16',
    I8: 'int8',
    U8: 'uint8',
    BOOL: 'bool',
  };
  for (const e of file.list()) entries.set(e.key, { key: e.key, dtype: toTorch[e.dtype] ?? 'uint8', shape: e.shape });
  const labels = labelsFromMetadata(file.metadata);
  const sd: StateDict = {
    what: path,
    format: 'safetensors',
    entries,
    container: '',
    readFloat32: (key) => file.readFloat32(key),
  };
  if (labels) sd.labels = labels;
  return sd;
}

function labelsFromMetadata(meta: Record<string, string>): string[] | undefined {
  for (const k of ['labels', 'classes', 'class_names']) {
    if (!meta[k]) continue;
    try {
      const v = JSON.parse(meta[k]) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    } catch {
      // Not JSON: a comma-separated list.
      return meta[k].split(',').map((s) => s.trim());
    }
  }
  return undefined;
}

/** Storage key → its bytes. */
type StorageBytes = (ref: StorageRef) => Uint8Array;

function fromTorchZip(bytes: Uint8Array, what: string): StateDict {
  const zip = new ZipReader(bytes, what);
  const pkl = [...zip.entries.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) throw new UserError(`${what}: a zip file, but not a PyTorch checkpoint (no <name>/data.pkl)`);
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const { value } = unpickle(zip.read(pkl), 0, {
    what,
    persistentLoad: (pid) => storageFromPid(pid, what),
  });
  return fromPickled(value, what, 'torch-zip', (ref) => {
    const name = `${prefix}data/${ref.key}`;
    if (!zip.entries.has(name)) throw new UserError(`${what}: storage ${ref.key} is missing from the archive`);
    return zip.read(name);
  });
}

function fromTorchLegacy(bytes: Uint8Array, what: string): StateDict {
  const opts = { what };
  const magic = unpickle(bytes, 0, opts);
  if (magic.value !== LEGACY_MAGIC) {
    // Not torch's legacy stream: a plain pickle is not a checkpoint splitlens reads.
    throw new UserError(`${what}: a pickle, but not a PyTorch checkpoint (no torch magic number)`);
  }
  const proto = unpickle(bytes, magic.end, opts);
  if (proto.value !== 1001)
    throw new UserError(`${what}: legacy checkpoint protocol ${String(proto.value)} (1001 expected)`);
  const sysInfo = unpickle(bytes, proto.end, opts);
  if (sysInfo.value instanceof PyDict && sysInfo.value.get('little_endian') === false)
    throw new UserError(`${what}: big-endian checkpoints are not supported`);
  const main = unpickle(bytes, sysInfo.end, { what, persistentLoad: (pid) => storageFromPid(pid, what) });
  const keys = unpickle(bytes, main.end, opts);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string'))
    throw new UserError(`${what}: legacy checkpoint has no storage key list`);
  // Raw storages follow, in key order: an int64 element count, then the data.
  const located = new Map<string, { offset: number; numel: number }>();
  let pos = keys.end;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storages = new Map<string, StorageRef>();
  collectStorages(main.value, storages);
  for (const key of keys.value as string[]) {
    if (pos + 8 > bytes.length) throw new UserError(`${what}: truncated (storage ${key} is missing)`);
    const numel = view.getBigInt64(pos, true);
    const ref = storages.get(key);
    const size = BigInt(ref ? ELEMENT_BYTES[ref.dtype] : 1);
    if (numel < 0n || numel * size > BigInt(bytes.length - pos - 8))
      throw new UserError(`${what}: storage ${key} declares ${numel} elements, more than the file holds`);
    located.set(key, { offset: pos + 8, numel: Number(numel) });
    pos += 8 + Number(numel * size);
  }
  return fromPickled(main.value, what, 'torch-legacy', (ref) => {
    const at = located.get(ref.key);
    if (!at) throw new UserError(`${what}: storage ${ref.key} is missing`);
    return bytes.subarray(at.offset, at.offset + at.numel * ELEMENT_BYTES[ref.dtype]);
  });
}

function collectStorages(v: unknown, out: Map<string, StorageRef>, seen = new Set<unknown>()): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  if ((v as TensorRef).kind === 'tensor') {
    const s = (v as TensorRef).storage;
    out.set(s.key, s);
    return;
  }
  const children = v instanceof Map ? v.values() : Array.isArray(v) ? v.values() : undefined;
  if (children) for (const c of children) collectStorages(c, out, seen);
}

const isTensor = (v: unknown): v is TensorRef =>
  typeof v === 'object' && v !== null && (v as TensorRef).kind === 'tensor';
const tensorCount = (d: PyDict) => [...d.values()].filter(isTensor).length;

/** The state dict inside what was unpickled: a dict of tensors, or one under a known key. */
function findStateDict(value: unknown, what: string): { dict: PyDict; container: string } {
  if (!(value instanceof PyDict)) throw new UserError(`${what}: holds no dict of tensors (not a state dict)`);
  if (tensorCount(value) > 0 && tensorCount(value) >= value.size / 2) return { dict: value, container: '' };
  for (const key of CONTAINERS) {
    const inner = value.get(key);
    if (inner instanceof PyDict && tensorCount(inner) > 0) return { dict: inner, container: key };
  }
  for (const [key, inner] of value) {
    if (inner instanceof PyDict && tensorCount(inner) > 0) return { dict: inner, container: String(key) };
  }
  throw new UserError(`${what}: holds no dict of tensors (not a state dict)`);
}

function labelsOf(value: unknown): string[] | undefined {
  if (!(value instanceof PyDict)) return undefined;
  for (const key of ['labels', 'classes', 'class_names']) {
    const v = value.get(key);
    if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return [...(v as string[])];
  }
  const idxToClass = value.get('idx_to_class');
  if (idxToClass instanceof PyDict) {
    const out: string[] = [];
    for (const [k, v] of idxToClass) if (typeof k === 'number' && typeof v === 'string') out[k] = v;
    if (out.length && out.every((x) => typeof x === 'string')) return out;
  }
  const classToIdx = value.get('class_to_idx');
  if (classToIdx instanceof PyDict) {
    const out: string[] = [];
    for (const [k, v] of classToIdx) if (typeof k === 'string' && typeof v === 'number') out[v] = k;
    if (out.length && [...out].every((x) => typeof x === 'string')) return out;
  }
  return undefined;
}

function fromPickled(value: unknown, what: string, format: CheckpointFormat, storageBytes: StorageBytes): StateDict {
  const { dict, container } = findStateDict(value, what);
  const tensors = new Map<string, TensorRef>();
  const entries = new Map<string, StateEntry>();
  for (const [k, v] of dict) {
    if (typeof k !== 'string' || !isTensor(v)) continue;
    checkTensor(v, k, what);
    tensors.set(k, v);
    entries.set(k, { key: k, dtype: v.storage.dtype, shape: v.shape });
  }
  const cache = new Map<string, Uint8Array>();
  const sd: StateDict = {
    what,
    format,
    entries,
    container,
    readFloat32(key) {
      const t = tensors.get(key);
      if (!t) throw new UserError(`${what}: no tensor '${key}'`);
      if (!FLOAT_TORCH_DTYPES.has(t.storage.dtype))
        throw new UserError(`${what}: ${key} has dtype ${t.storage.dtype}, expected a float tensor`);
      let raw = cache.get(t.storage.key);
      if (!raw) {
        raw = storageBytes(t.storage);
        if (raw.length < t.storage.numel * ELEMENT_BYTES[t.storage.dtype])
          throw new UserError(
            `${what}: storage ${t.storage.key} declares ${t.storage.numel} elements but holds ${raw.length} bytes`,
          );
        cache.set(t.storage.key, raw);
      }
      return gather(raw, t);
    },
  };
  const labels = labelsOf(value);
  if (labels) sd.labels = labels;
  return sd;
}

/** Size, stride and offset must stay inside the storage (a crafted pickle can claim anything). */
function checkTensor(t: TensorRef, key: string, what: string): void {
  const bad: (why: string) => never = (why) => {
    throw new UserError(`${what}: tensor ${key} ${why}`);
  };
  if (t.shape.length > 8 || t.stride.length !== t.shape.length) bad('has a malformed size/stride');
  if (t.shape.some((d) => d < 0) || t.stride.some((s) => s < 0) || t.offset < 0) bad('has a negative size or stride');
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(numel) || numel > 2 ** 31) bad(`declares ${numel} elements`);
  if (numel === 0) return;
  const last = t.offset + t.shape.reduce((acc, d, i) => acc + (d - 1) * t.stride[i]!, 0);
  if (last >= t.storage.numel) bad(`reaches element ${last} of a storage of ${t.storage.numel}`);
}

function decoder(dtype: TorchDtype, view: DataView): (i: number) => number {
  switch (dtype) {
    case 'float32':
      return (i) => view.getFloat32(i * 4, true);
    case 'float64':
      return (i) => view.getFloat64(i * 8, true);
    case 'float16':
      return (i) => f16ToF32(view.getUint16(i * 2, true));
    default: {
      const f = new Float32Array(1);
      const u = new Uint32Array(f.buffer);
      return (i) => {
        u[0] = view.getUint16(i * 2, true) << 16;
        return f[0]!;
      };
    }
  }
}

/** The tensor's elements in row-major order, as float32, following its strides. */
function gather(raw: Uint8Array, t: TensorRef): Float32Array {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(numel);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = decoder(t.storage.dtype, view);
  const rank = t.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let src = t.offset;
  for (let i = 0; i < numel; i++) {
    out[i] = read(src);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      src += t.stride[d]!;
      if (idx[d]! < t.shape[d]!) break;
      src -= idx[d]! * t.stride[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** A short name for the file (labels of opened models). */
export function checkpointName(path: string): string {
  return basename(path).replace(/\.(pth|pt|bin|ckpt|safetensors)$/i, '');
}
