/**
 * A strict reader for the zip archives `torch.save` writes (PyTorch's zip format: stored entries,
 * zip64 end records). Reads the central directory with every offset and size bounds-checked, refuses
 * names that climb out of the archive (`..`, absolute paths, backslashes) and inflates deflated
 * entries only up to their declared size and a total cap, so a zip bomb is refused, not unpacked.
 */
import { inflateRawSync } from 'node:zlib';
import { UserError } from '../common/errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipLimits {
  /** Most bytes all entries may unpack to together (default 4 GiB). */
  maxTotal?: number;
  /** Most entries (default 200,000). */
  maxEntries?: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/** A name is safe when it is relative, has no `..` part and no backslash or NUL. */
function safeName(name: string): boolean {
  if (!name || name.startsWith('/') || /^[a-zA-Z]:/.test(name) || /[\\\0]/.test(name)) return false;
  return !name.split('/').some((p) => p === '..');
}

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private unpacked = 0;
  private readonly maxTotal: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
    limits: ZipLimits = {},
  ) {
    this.maxTotal = limits.maxTotal ?? 4 * 1024 ** 3;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u32 = (o: number) => this.check(o, 4) && view.getUint32(o, true);
    const u16 = (o: number) => this.check(o, 2) && view.getUint16(o, true);
    const u64 = (o: number) => {
      this.check(o, 8);
      const v = view.getBigUint64(o, true);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.bad('a zip64 field is out of range');
      return Number(v);
    };
    // End of central directory: the last 22+ bytes (a comment may follow, up to 64 KiB).
    let eocd = -1;
    for (let o = bytes.length - 22; o >= Math.max(0, bytes.length - 22 - 0xffff); o--) {
      if (view.getUint32(o, true) === EOCD) {
        eocd = o;
        break;
      }
    }
    if (eocd < 0) this.bad('no end of central directory (truncated?)');
    let count = u16(eocd + 10) as number;
    let cdSize = u32(eocd + 12) as number;
    let cdOffset = u32(eocd + 16) as number;
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || u32(loc) !== EOCD64_LOCATOR) this.bad('zip64 locator missing');
      const rec = u64(loc + 8);
      if (u32(rec) !== EOCD64) this.bad('zip64 end record missing');
      count = u64(rec + 32);
      cdSize = u64(rec + 40);
      cdOffset = u64(rec + 48);
    }
    if (count > (limits.maxEntries ?? 200_000)) this.bad(`${count} entries is more than a checkpoint has`);
    if (cdOffset + cdSize > bytes.length) this.bad('central directory lies outside the file');
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (u32(p) !== CENTRAL) this.bad(`central directory entry ${i} is damaged`);
      const method = u16(p + 10) as number;
      let compressedSize = u32(p + 20) as number;
      let size = u32(p + 24) as number;
      const nameLen = u16(p + 28) as number;
      const extraLen = u16(p + 30) as number;
      const commentLen = u16(p + 32) as number;
      let localOffset = u32(p + 42) as number;
      this.check(p + 46, nameLen + extraLen + commentLen);
      const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
      // zip64 extended information: the fields that overflowed, in this order.
      if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
        let e = p + 46 + nameLen;
        const end = e + extraLen;
        while (e + 4 <= end) {
          const id = u16(e) as number;
          const len = u16(e + 2) as number;
          if (id === 1) {
            let f = e + 4;
            if (size === 0xffffffff) {
              size = u64(f);
              f += 8;
            }
            if (compressedSize === 0xffffffff) {
              compressedSize = u64(f);
              f += 8;
            }
            if (localOffset === 0xffffffff) localOffset = u64(f);
          }
          e += 4 + len;
        }
      }
      if (!safeName(name)) this.bad(`refused entry name '${name}' (it leads outside the archive)`);
      if (method !== 0 && method !== 8) this.bad(`entry ${name} uses compression method ${method}`);
      if (method === 0 && compressedSize !== size) this.bad(`entry ${name}: stored sizes disagree`);
      if (this.entries.has(name)) this.bad(`entry ${name} appears twice`);
      this.entries.set(name, { name, method, compressedSize, size, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** The bytes of an entry (a view for stored entries; inflated, within the limits, otherwise). */
  read(name: string): Uint8Array {
    const e = this.entries.get(name);
    if (!e) this.bad(`no entry ${name}`);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.check(e.localOffset, 30);
    if (view.getUint32(e.localOffset, true) !== LOCAL) this.bad(`entry ${name}: local header is damaged`);
    const start =
      e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
    this.check(start, e.compressedSize);
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    if (this.unpacked + e.size > this.maxTotal)
      this.bad(`entries unpack to more than ${this.maxTotal} bytes (a zip bomb?)`);
    this.unpacked += e.size;
    if (e.method === 0) return raw;
    let out: Buffer;
    try {
      // One byte over the declared size is enough to tell a lie from the truth.
      out = inflateRawSync(raw, { maxOutputLength: e.size + 1 });
    } catch {
      this.bad(`entry ${name} does not inflate to its declared ${e.size} bytes (damaged, or a zip bomb)`);
    }
    if (out.length !== e.size) this.bad(`entry ${name} inflates to another size than it declares`);
    return out;
  }

  private check(offset: number, length: number): true {
    if (offset < 0 || length < 0 || offset + length > this.bytes.length) this.bad('an offset lies outside the file');
    return true;
  }

  private bad(why: string): never {
    throw new UserError(`${this.what}: not a readable checkpoint archive (${why})`);
  }
}
