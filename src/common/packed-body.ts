/**
 * Serve mode's binary body: a value holding typed arrays (attention and saliency as Float32Array,
 * uploads as Uint8Array) crosses HTTP as a small JSON header plus the arrays' raw bytes, not as
 * JSON numbers or base64. Layout: `SLPK`, the header's byte length (u32 little-endian), the header
 * (UTF-8 JSON, each typed array replaced by `{"$f32": [offset, length]}` or `{"$u8": …}`, offsets
 * in bytes from the payload's start), zero padding to a multiple of 8, then the payload. Used by
 * the server and the renderer's HTTP client; environment-neutral (no Node, no DOM).
 */

export const PACKED_CONTENT_TYPE = 'application/x-splitlens-packed';

const MAGIC = [0x53, 0x4c, 0x50, 0x4b]; // "SLPK"

interface Codec {
  encode(s: string): Uint8Array;
}
interface Decoder {
  decode(b: Uint8Array): string;
}
// TextEncoder/TextDecoder exist in Node, browsers and Electron alike; typed here without a lib.
const g = globalThis as unknown as {
  TextEncoder: new () => Codec;
  TextDecoder: new (l?: string, o?: object) => Decoder;
};

type Marker = { $f32: [number, number] } | { $u8: [number, number] };

/** True when `value` holds a Float32Array or Uint8Array anywhere (then it travels packed). */
export function holdsTypedArrays(value: unknown, depth = 0): boolean {
  if (value instanceof Float32Array || value instanceof Uint8Array) return true;
  if (depth > 32 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((v) => holdsTypedArrays(v, depth + 1));
}

export function packBody(value: unknown): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const replace = (v: unknown): unknown => {
    if (v instanceof Float32Array || v instanceof Uint8Array) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const at = offset;
      parts.push(bytes);
      // Every array starts 4-aligned, so a Float32Array view needs no copy on the other side.
      offset += bytes.byteLength + ((4 - (bytes.byteLength % 4)) % 4);
      if (bytes.byteLength % 4) parts.push(new Uint8Array((4 - (bytes.byteLength % 4)) % 4));
      return v instanceof Float32Array ? { $f32: [at, v.length] } : { $u8: [at, v.length] };
    }
    if (Array.isArray(v)) return v.map(replace);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    return v;
  };
  const header = new g.TextEncoder().encode(JSON.stringify(replace(value) ?? null));
  const head = 8 + header.byteLength;
  const start = head + ((8 - (head % 8)) % 8);
  const out = new Uint8Array(start + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.byteLength, true);
  out.set(header, 8);
  let at = start;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The value of a packed body; throws an Error with one line for anything malformed. */
export function unpackBody(body: Uint8Array): unknown {
  if (body.byteLength < 8 || MAGIC.some((m, i) => body[i] !== m)) throw new Error('not a packed splitlens body');
  const len = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(4, true);
  if (8 + len > body.byteLength) throw new Error('packed body: header runs past the end');
  const head = 8 + len;
  const start = head + ((8 - (head % 8)) % 8);
  const text = new g.TextDecoder('utf-8', { fatal: true }).decode(body.subarray(8, head));
  // Copy the payload once into an aligned buffer of its own (the body may sit at any offset).
  const payload = body.slice(Math.min(start, body.byteLength));
  const take = (m: Marker): Float32Array | Uint8Array => {
    const [at, n] = '$f32' in m ? m.$f32 : m.$u8;
    const size = '$f32' in m ? 4 : 1;
    if (
      !Number.isInteger(at) ||
      !Number.isInteger(n) ||
      at < 0 ||
      n < 0 ||
      at % 4 ||
      at + n * size > payload.byteLength
    )
      throw new Error('packed body: an array lies outside the payload');
    // Bytes get a buffer of their own (some consumers, such as image decoders, read a view's whole buffer).
    return '$f32' in m ? new Float32Array(payload.buffer, at, n) : payload.slice(at, at + n);
  };
  const revive = (v: unknown, depth: number): unknown => {
    if (depth > 64) throw new Error('packed body: nested too deeply');
    if (Array.isArray(v)) return v.map((x) => revive(x, depth + 1));
    if (typeof v !== 'object' || v === null) return v;
    const keys = Object.keys(v);
    if (
      keys.length === 1 &&
      (keys[0] === '$f32' || keys[0] === '$u8') &&
      Array.isArray((v as Record<string, unknown>)[keys[0]])
    )
      return take(v as Marker);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x, depth + 1)]));
  };
  return revive(JSON.parse(text) as unknown, 0);
}
