/**
 * Pillow's resampling passes in WebAssembly SIMD (`resample.wat`): the same integers as the
 * JavaScript port, four to sixteen bytes at a time. `pil-resample.ts` calls `simdResample` for the
 * part of a resize a centre crop keeps; where WebAssembly SIMD is missing it is `undefined` and the
 * plain JavaScript resize is used.
 */
import { RESAMPLE_WASM_BASE64 } from './resample-wasm.js';

/** One axis's Pillow coefficients: per output pixel its first input pixel and count, `ksize` weights each. */
export interface Coeffs {
  ksize: number;
  bounds: Int32Array;
  kk: Int32Array;
}

/** The few WebAssembly globals used here (the project's TypeScript libs do not declare them). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface Passes {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  horizontal(
    src: number,
    srcStride: number,
    rows: number,
    x0: number,
    x1: number,
    bounds: number,
    kk: number,
    ksize: number,
    dst: number,
  ): void;
  vertical(
    src: number,
    stride: number,
    y0: number,
    y1: number,
    r0: number,
    bounds: number,
    kk: number,
    ksize: number,
    dst: number,
  ): void;
}

/** What the part of a resize needs: source rows `[r0, r0 + rows)`, kept columns `[x0, x1)`, kept rows `[y0, y1)`. */
export interface ResizePart {
  data: Uint8Array;
  width: number;
  r0: number;
  rows: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Horizontal coefficients (absent: the width is unchanged). */
  h?: Coeffs;
  /** Vertical coefficients (absent: the height is unchanged; rows are then the kept rows). */
  v?: Coeffs;
}

/** The compiled module, and the instance kept for photos of ordinary size (null: no SIMD here). */
let compiled: { module: object; wasm: Wasm; kept: Passes } | null | undefined;

function load(): typeof compiled {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(Buffer.from(RESAMPLE_WASM_BASE64, 'base64'));
      const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
      const module = new wasm.Module(bytes);
      compiled = { module, wasm, kept: new wasm.Instance(module).exports as Passes };
    } catch {
      compiled = null; // no WebAssembly SIMD here
    }
  }
  return compiled;
}

/**
 * Largest memory the kept instance grows to (WebAssembly memory never shrinks): a bigger photo
 * (a 12 MP one needs ~36 MB) gets an instance of its own, dropped after the call.
 */
export const KEPT_MEMORY_BYTES = 32 * 2 ** 20;

/** The kept instance's memory now, bytes (tests: it stays within `KEPT_MEMORY_BYTES`). */
export function keptMemoryBytes(): number {
  return load()?.kept.memory.buffer.byteLength ?? 0;
}

/** Every pass stores up to 16 bytes past its output, and reads up to 16 past its input. */
const SPARE = 16;
const align = (n: number): number => (n + SPARE + 15) & ~15;

/**
 * The kept part of the resize, packed RGB `(x1 - x0) × (y1 - y0)`, or `undefined` without
 * WebAssembly SIMD. Equal byte for byte to Pillow (and to the JavaScript passes: tests).
 */
export function simdResample(part: ResizePart): Uint8Array | undefined {
  const loaded = load();
  if (!loaded) return undefined;
  const { data, width, r0, rows, x0, x1, y0, y1, h, v } = part;
  const w = x1 - x0;
  const stride = w * 3;
  const srcBytes = rows * width * 3;
  // Layout: source rows | mid | out | horizontal bounds, weights | vertical bounds, weights.
  const src = 0;
  const mid = src + align(srcBytes);
  const out = mid + align(rows * stride);
  const hb = out + align((y1 - y0) * stride);
  const hk = hb + align(h ? h.bounds.byteLength : 0);
  const vb = hk + align(h ? h.kk.byteLength : 0);
  const vk = vb + align(v ? v.bounds.byteLength : 0);
  const end = vk + align(v ? v.kk.byteLength : 0);
  const wasm = end <= KEPT_MEMORY_BYTES ? loaded.kept : (new loaded.wasm.Instance(loaded.module).exports as Passes);
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536));
  const mem = new Uint8Array(wasm.memory.buffer);
  mem.set(data.subarray(r0 * width * 3, r0 * width * 3 + srcBytes), src);
  if (h) {
    mem.set(new Uint8Array(h.bounds.buffer, h.bounds.byteOffset, h.bounds.byteLength), hb);
    mem.set(new Uint8Array(h.kk.buffer, h.kk.byteOffset, h.kk.byteLength), hk);
    wasm.horizontal(src, width * 3, rows, x0, x1, hb, hk, h.ksize, mid);
  } else {
    for (let y = 0; y < rows; y++)
      mem.copyWithin(mid + y * stride, src + (y * width + x0) * 3, src + (y * width + x1) * 3);
  }
  if (!v) return mem.slice(mid, mid + rows * stride);
  mem.set(new Uint8Array(v.bounds.buffer, v.bounds.byteOffset, v.bounds.byteLength), vb);
  mem.set(new Uint8Array(v.kk.buffer, v.kk.byteOffset, v.kk.byteLength), vk);
  wasm.vertical(mid, stride, y0, y1, r0, vb, vk, v.ksize, out);
  return mem.slice(out, out + (y1 - y0) * stride);
}
