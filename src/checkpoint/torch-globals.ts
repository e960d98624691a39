/**
 * What a PyTorch state dict's pickle may name, and what naming it means: the allowlist of globals
 * (torch's storage types, its tensor rebuild functions, OrderedDict) and the values they produce,
 * as plain data. pickle.ts runs the opcodes; this file decides what a GLOBAL and a REDUCE may do.
 */
import { UserError } from '../common/errors.js';

/** A Python dict (or OrderedDict), insertion-ordered; keys are str or int. */
export class PyDict extends Map<unknown, unknown> {}

/** A torch storage type (`torch.FloatStorage`), named by its dtype. */
export interface StorageType {
  kind: 'storage-type';
  dtype: TorchDtype;
}

export type TorchDtype =
  'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** What `persistent_load` returns for a storage reference. */
export interface StorageRef {
  kind: 'storage';
  dtype: TorchDtype;
  key: string;
  numel: number;
}

/** `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)`, not materialised. */
export interface TensorRef {
  kind: 'tensor';
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

const STORAGE_TYPES: Record<string, TorchDtype> = {
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
};

type Callable = (args: unknown[]) => unknown;
export interface PyGlobal {
  kind: 'global';
  name: string;
  call?: Callable;
  /** Set for `torch.<X>Storage`: a type used in persistent ids, never called. */
  storageType?: TorchDtype;
}

export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

function intOf(v: unknown, what: string, fail: (m: string) => never): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER))
    return Number(v);
  return fail(`${what} is not an integer`);
}

function intList(v: unknown, what: string, fail: (m: string) => never): number[] {
  if (!isTuple(v)) fail(`${what} is not a tuple`);
  return v.map((x) => intOf(x, what, fail));
}

/** The allowlist: module.name → what calling it means here. */
export function resolveGlobal(module: string, name: string, fail: (m: string) => never): PyGlobal {
  const full = `${module}.${name}`;
  if (module === 'torch' && name in STORAGE_TYPES) {
    return { kind: 'global', name: full, storageType: STORAGE_TYPES[name] };
  }
  const rebuildTensor: Callable = (a) => {
    const storage = a[0] as StorageRef;
    if (!storage || storage.kind !== 'storage') fail(`${full}: argument 0 is not a storage`);
    return {
      kind: 'tensor',
      storage,
      offset: intOf(a[1], 'storage offset', fail),
      shape: intList(a[2], 'tensor size', fail),
      stride: intList(a[3], 'tensor stride', fail),
    } satisfies TensorRef;
  };
  switch (full) {
    case 'collections.OrderedDict':
      return { kind: 'global', name: full, call: () => new PyDict() };
    case 'torch._utils._rebuild_tensor_v2':
      return { kind: 'global', name: full, call: rebuildTensor };
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
      return { kind: 'global', name: full, call: (a) => a[0] };
    default:
      return fail(`refused global ${full} (a state dict needs only torch tensors and dicts)`);
  }
}

function storageTypeOf(v: unknown): TorchDtype | undefined {
  return typeof v === 'object' && v !== null && 'storageType' in v ? (v as PyGlobal).storageType : undefined;
}

/** torch's persistent id for a storage: ('storage', StorageType, key, location, numel[, view]) → StorageRef. */
export function storageFromPid(pid: unknown, what: string): StorageRef {
  const fail: (m: string) => never = (m) => {
    throw new UserError(`${what}: ${m}`);
  };
  if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5)
    return fail('a persistent id is not a torch storage');
  const dtype = storageTypeOf(pid[1]);
  if (!dtype) fail('a storage has no known storage type');
  if (typeof pid[2] !== 'string' || !/^[\w.-]{1,64}$/.test(pid[2])) fail('a storage key is malformed');
  if (pid[5] !== undefined && pid[5] !== null) fail('storage views (legacy shared storages) are not supported');
  return { kind: 'storage', dtype: dtype!, key: pid[2] as string, numel: intOf(pid[4], 'storage size', fail) };
}
