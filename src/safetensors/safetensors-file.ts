/**
 * A safetensors reader (huggingface/safetensors format: 8-byte little-endian header length, JSON
 * header {key: {dtype, shape, data_offsets}}, raw little-endian data). Reads one tensor at a time
 * with positioned reads straight into its Float32Array: the file is never loaded whole. The header is
 * checked as strictly as the reference implementation does (offsets in order, no overlap, no hole,
 * covering the file exactly), so a truncated, padded or spliced file is refused before any tensor is read.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { UserError, quoteText } from '../common/errors.js';
import { nonFileKind, openedOrRefused } from '../common/file-kinds.js';

export interface SafetensorsEntry {
  key: string;
  dtype: string;
  shape: number[];
  /** Absolute byte range in the file. */
  begin: number;
  end: number;
}

const BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};
export const FLOAT_DTYPES = new Set(['F64', 'F32', 'F16', 'BF16']);

/** A file that is not a valid safetensors file; `reason` is the message without the path. */
export class SafetensorsError extends UserError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** An IEEE half-precision value (its 16 bits) as a number. */
export function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

export class SafetensorsFile {
  readonly entries: Map<string, SafetensorsEntry>;

  private constructor(
    readonly path: string,
    private fd: number | null,
    entries: SafetensorsEntry[],
    /** The header's `__metadata__` (string → string), e.g. `format: pt`. */
    readonly metadata: Record<string, string> = {},
  ) {
    this.entries = new Map(entries.map((e) => [e.key, e]));
  }

  static open(path: string): SafetensorsFile {
    // A FIFO would block the open and a device has no end: refuse them before opening.
    const kind = existsSync(path) ? nonFileKind(statSync(path)) : undefined;
    if (kind) throw new UserError(`${path}: is ${kind}, not a weights file`);
    const fd = openedOrRefused(path, 'weights', () => openSync(path, 'r'));
    try {
      const { entries, metadata } = readHeader(path, fd);
      return new SafetensorsFile(path, fd, entries, metadata);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Entries in file (data offset) order. */
  list(): SafetensorsEntry[] {
    return [...this.entries.values()].sort((a, b) => a.begin - b.begin);
  }

  /** A floating tensor as a fresh Float32Array (converted from F16/BF16/F64 when needed). */
  readFloat32(key: string): Float32Array {
    const e = this.entries.get(key);
    if (!e) throw new UserError(`${this.path}: no tensor '${key}'`);
    if (!FLOAT_DTYPES.has(e.dtype))
      throw new UserError(`${this.path}: ${key} has dtype ${e.dtype}, expected a float tensor`);
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.dtype === 'F32') {
      const out = new Float32Array(n);
      this.readInto(new Uint8Array(out.buffer), e.begin);
      return out;
    }
    const raw = new Uint8Array(e.end - e.begin);
    this.readInto(raw, e.begin);
    const view = new DataView(raw.buffer);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (e.dtype === 'F64') out[i] = view.getFloat64(i * 8, true);
      else if (e.dtype === 'F16') out[i] = f16ToF32(view.getUint16(i * 2, true));
      else out[i] = new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0]!;
    }
    return out;
  }

  /**
   * The first float tensor holding a NaN or an infinity (as float32, what the model runs in), or
   * undefined: trained weights are finite, and one NaN turns every prediction into NaN.
   */
  firstNonFinite(): { key: string; index: number; value: number } | undefined {
    for (const e of this.list()) {
      if (!FLOAT_DTYPES.has(e.dtype)) continue;
      const values = this.readFloat32(e.key);
      const index = nonFiniteIndex(values);
      if (index >= 0) return { key: e.key, index, value: values[index]! };
    }
    return undefined;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private readInto(buf: Uint8Array, position: number): void {
    if (this.fd === null) throw new Error('internal: safetensors file is closed');
    readFully(this.fd, buf, position, () => new SafetensorsError(this.path, 'file is truncated'));
  }
}

/** Index of the first NaN or ±Infinity, or -1. */
export function nonFiniteIndex(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) return i; // NaN - NaN and Inf - Inf are NaN; finite - itself is 0
  }
  return -1;
}

function readFully(fd: number, buf: Uint8Array, position: number, short: () => Error): void {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw short();
    done += n;
  }
}

const quoteKey = (key: string): string => quoteText(key, 80);

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Largest header the reference implementation reads (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

function readHeader(path: string, fd: number): { entries: SafetensorsEntry[]; metadata: Record<string, string> } {
  const size = fstatSync(fd).size;
  const bad = (why: string): never => {
    throw new SafetensorsError(path, `not a safetensors file (${why})`);
  };
  if (size < 8) bad('shorter than 8 bytes');
  const lenBuf = Buffer.alloc(8);
  readFully(fd, lenBuf, 0, () => bad('shorter than 8 bytes'));
  const headerLen = Number(lenBuf.readBigUInt64LE(0));
  if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > size)
    bad(`header length ${headerLen} does not fit a ${size}-byte file`);
  const headerBuf = Buffer.alloc(headerLen);
  readFully(fd, headerBuf, 8, () => bad('file is truncated'));
  let header: unknown;
  try {
    header = JSON.parse(headerBuf.toString('utf8'));
  } catch {
    bad('header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) bad('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const entries: SafetensorsEntry[] = [];
  const metadata: Record<string, string> = {};
  for (const [key, v] of Object.entries(header as Record<string, unknown>)) {
    const name = quoteKey(key);
    if (key === '__metadata__') {
      const ok = typeof v === 'object' && v !== null && !Array.isArray(v);
      if (!ok || Object.values(v).some((x) => typeof x !== 'string')) bad('__metadata__ is not a map of strings');
      Object.assign(metadata, v);
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`header entry ${name} is not an object`);
    const info = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const bytes = typeof info.dtype === 'string' ? BYTES[info.dtype] : undefined;
    if (!bytes) bad(`tensor ${name} has an unknown dtype`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every(isCount)) bad(`tensor ${name} has an invalid shape`);
    const offs = info.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isCount) || offs[0]! > offs[1]!)
      bad(`tensor ${name} has invalid data_offsets`);
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    const [b0, b1] = offs as [number, number];
    if (!Number.isSafeInteger(numel * bytes!) || b1 - b0 !== numel * bytes!)
      bad(`tensor ${name} holds ${b1 - b0} bytes, but its shape needs ${numel * bytes!}`);
    if (dataStart + b1 > size) bad(`tensor ${name} lies outside the file (truncated)`);
    entries.push({
      key,
      dtype: info.dtype as string,
      shape: shape as number[],
      begin: dataStart + b0,
      end: dataStart + b1,
    });
  }
  // Like the reference implementation: the tensors tile the data exactly — no overlap, no gap, no tail.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = dataStart;
  for (const e of sorted) {
    if (e.begin < at) bad(`tensor ${quoteKey(e.key)} overlaps another tensor`);
    if (e.begin > at) bad(`bytes ${at - dataStart}–${e.begin - dataStart} of the data belong to no tensor`);
    at = e.end;
  }
  if (at !== size) bad(`${size - at} bytes after the last tensor belong to no tensor`);
  return { entries, metadata };
}
