/**
 * A safetensors writer (same layout the reader expects: 8-byte LE header length, JSON header padded
 * with spaces to a multiple of 8, raw LE data), one tensor at a time so big files never sit in memory.
 * Used to make timm-layout checkpoints for benchmarks and tests.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TensorToWrite {
  key: string;
  dtype: 'F32' | 'F16' | 'BF16' | 'F64' | 'I64';
  shape: number[];
  /** Raw little-endian bytes, or a producer called when the tensor is written. */
  data: Uint8Array | (() => Uint8Array);
}

const BYTES = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8 } as const;

export function writeSafetensors(path: string, tensors: readonly TensorToWrite[]): void {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1) * BYTES[t.dtype];
    header[t.key] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, len);
    writeSync(fd, Buffer.from(json));
    for (const t of tensors) {
      const bytes = typeof t.data === 'function' ? t.data() : t.data;
      const want = t.shape.reduce((a, b) => a * b, 1) * BYTES[t.dtype];
      if (bytes.length !== want) throw new Error(`internal: ${t.key} has ${bytes.length} bytes, header says ${want}`);
      writeSync(fd, bytes);
    }
  } finally {
    closeSync(fd);
  }
}
