/**
 * A safetensors reader (huggingface/safetensors format: 8-byte little-endian header length, JSON
 * header {key: {dtype, shape, data_offsets}}, raw little-endian data). Reads one tensor at a time
 * with positioned reads straight into its Float32Array: the file is never loaded whole.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../common/errors.js';

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

function f16ToF32(h: number): number {
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
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(
        `${path}: cannot open weights (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`,
      );
    }
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

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private readInto(buf: Uint8Array, position: number): void {
    if (this.fd === null) throw new Error('internal: safetensors file is closed');
    let done = 0;
    while (done < buf.length) {
      const n = readSync(this.fd, buf, done, buf.length - done, position + done);
      if (n === 0) throw new UserError(`${this.path}: file is truncated`);
      done += n;
    }
  }
}

function readHeader(path: string, fd: number): { entries: SafetensorsEntry[]; metadata: Record<string, string> } {
  const size = fstatSync(fd).size;
  const bad = (why: string): never => {
    throw new UserError(`${path}: not a safetensors file (${why})`);
  };
  if (size < 8) bad('shorter than 8 bytes');
  const lenBuf = Buffer.alloc(8);
  readSync(fd, lenBuf, 0, 8, 0);
  const headerLen = Number(lenBuf.readBigUInt64LE(0));
  if (headerLen < 2 || headerLen > 100 * 1024 * 1024 || 8 + headerLen > size)
    bad(`header length ${headerLen} does not fit a ${size}-byte file`);
  const headerBuf = Buffer.alloc(headerLen);
  readSync(fd, headerBuf, 0, headerLen, 8);
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
    if (key === '__metadata__') {
      if (v && typeof v === 'object')
        for (const [mk, mv] of Object.entries(v)) if (typeof mv === 'string') metadata[mk] = mv;
      continue;
    }
    const info = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const bytes = typeof info.dtype === 'string' ? BYTES[info.dtype] : undefined;
    const shape = info.shape;
    const offs = info.data_offsets;
    if (!bytes || !Array.isArray(shape) || !Array.isArray(offs) || offs.length !== 2) bad(`bad header entry '${key}'`);
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    const [b0, b1] = offs as [number, number];
    if (b1 - b0 !== numel * bytes! || dataStart + b1 > size || b0 < 0)
      bad(`tensor '${key}' lies outside the file or has the wrong size`);
    entries.push({
      key,
      dtype: info.dtype as string,
      shape: shape as number[],
      begin: dataStart + b0,
      end: dataStart + b1,
    });
  }
  return { entries, metadata };
}
