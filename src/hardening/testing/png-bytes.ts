/**
 * Minimal PNG writer for hostile test images: any IHDR (including sizes no decoder should accept)
 * and a deflated all-zero body, so a few kilobytes can claim hundreds of megapixels (PNG spec,
 * ISO/IEC 15948: chunks = length, type, data, CRC-32 of type+data).
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG header for `width`×`height` (1-bit grayscale unless given), with `idat` as the compressed body. */
export function pngWithHeader(width: number, height: number, idat: Uint8Array, bitDepth = 1, colorType = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(bitDepth, 8);
  ihdr.writeUInt8(colorType, 9);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array())]);
}

/** A real, complete 1-bit blank PNG: tiny on disk, `width`×`height` pixels once decoded. */
export function blankPng(width: number, height: number): Buffer {
  const row = 1 + Math.ceil(width / 8); // filter byte + packed bits
  const raw = Buffer.alloc(row * height); // all zero: filter 0, black pixels
  return pngWithHeader(width, height, deflateSync(raw, { level: 9 }));
}
