/**
 * Test support: the cache-corruption corpus. Each case damages a good cached checkpoint the way a
 * disk, a careless script or a hostile file drop can — bit flips, truncation, NaN/Inf weights,
 * overlapping or missing tensor offsets, header garbage, links out of the cache, `refs/main`
 * traversal — and the tests check that none is ever run or labelled *pretrained*.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRng } from '../../hardening/testing/prng.js';

export interface CacheCase {
  name: string;
  group: 'bit flips' | 'truncation' | 'values' | 'offsets' | 'header' | 'links' | 'refs';
  damage(c: CorpusCache): void;
}

/** A good cached checkpoint (as `weights pull` leaves it) and a folder outside the cache. */
export interface CorpusCache {
  repo: string;
  /** `blobs/<sha256>`. */
  blob: string;
  /** `snapshots/<commit>/model.safetensors`, a link to the blob. */
  pointer: string;
  commit: string;
  bytes: Buffer;
  /** A folder outside the cache holding `decoy.safetensors`, a valid checkpoint that must never be used. */
  outside: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The header length, the header and where the data starts. */
function parse(bytes: Buffer): { header: Record<string, unknown>; dataStart: number } {
  const len = Number(bytes.readBigUInt64LE(0));
  return {
    header: JSON.parse(bytes.subarray(8, 8 + len).toString('utf8')) as Record<string, unknown>,
    dataStart: 8 + len,
  };
}

/** A safetensors file with this header object (padded to 8 bytes) over the original data. */
function withHeader(bytes: Buffer, header: unknown, data?: Buffer): Buffer {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([len, Buffer.from(json), data ?? bytes.subarray(parse(bytes).dataStart)]);
}

type Entry = { dtype: string; shape: number[]; data_offsets: [number, number] };

/** The float32 tensors of the header, in file order. */
function f32Entries(bytes: Buffer): [string, Entry][] {
  return Object.entries(parse(bytes).header)
    .filter((e): e is [string, Entry] => e[0] !== '__metadata__' && (e[1] as Entry).dtype === 'F32')
    .sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
}

/**
 * Replaces the blob by `bytes` under its own sha256 and repoints the snapshot at it: a cache whose
 * names are consistent, so only the structural and value checks can tell it is garbage.
 */
export function replaceConsistently(c: CorpusCache, bytes: Buffer): void {
  const blob = join(c.repo, 'blobs', sha256(bytes));
  rmSync(c.blob, { force: true });
  writeFileSync(blob, bytes);
  rmSync(c.pointer, { force: true });
  symlinkSync(relative(dirname(c.pointer), blob), c.pointer);
}

/** The snapshot holds a plain copy (huggingface_hub without symlinks, e.g. Windows): no hash in any name. */
function plainCopy(c: CorpusCache, bytes: Buffer): void {
  rmSync(c.pointer);
  rmSync(c.blob);
  writeFileSync(c.pointer, bytes);
}

/** Writes `bytes` over the blob in place (same name: the sha256 check's case). */
const rewrite = (c: CorpusCache, bytes: Buffer): void => writeFileSync(c.blob, bytes);

function flip(c: CorpusCache, count: number, seed: number, from: number): void {
  const b = Buffer.from(c.bytes);
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const at = from + rng.int(b.length - from);
    b[at] = b[at]! ^ (1 << rng.int(8));
  }
  rewrite(c, b);
}

/** Sets one float32 value of the first tensor of `key` index `index` (or the largest tensor). */
function setValue(bytes: Buffer, value: number, which: 'first' | 'largest' = 'first', index = 0): Buffer {
  const entries = f32Entries(bytes);
  const [, e] =
    which === 'first'
      ? entries[0]!
      : entries.reduce((a, b) =>
          b[1].shape.reduce((x, y) => x * y, 1) > a[1].shape.reduce((x, y) => x * y, 1) ? b : a,
        );
  const out = Buffer.from(bytes);
  out.writeFloatLE(value, parse(bytes).dataStart + e.data_offsets[0] + index * 4);
  return out;
}

/** Edits the header (offsets, entries) and keeps names consistent. */
function editHeader(
  c: CorpusCache,
  edit: (h: Record<string, unknown>, f32: [string, Entry][]) => unknown,
  data?: Buffer,
): void {
  const { header } = parse(c.bytes);
  const h = JSON.parse(JSON.stringify(header)) as Record<string, unknown>;
  const entries = Object.entries(h)
    .filter((e): e is [string, Entry] => e[0] !== '__metadata__' && (e[1] as Entry).dtype === 'F32')
    .sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  const result = edit(h, entries) ?? h;
  replaceConsistently(c, withHeader(c.bytes, result, data));
}

function rawHeader(c: CorpusCache, text: string): void {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  replaceConsistently(c, Buffer.concat([len, Buffer.from(text), c.bytes.subarray(parse(c.bytes).dataStart)]));
}

export function cacheCorpus(): CacheCase[] {
  const cases: CacheCase[] = [];
  const add = (group: CacheCase['group'], name: string, damage: (c: CorpusCache) => void): void => {
    cases.push({ group, name, damage });
  };

  // Bit flips: the sha256 the blob is named by no longer matches.
  add('bit flips', 'one bit in a weight', (c) => flip(c, 1, 1, parse(c.bytes).dataStart + 1000));
  add('bit flips', '1,000 bytes in the weights', (c) => flip(c, 1000, 2, parse(c.bytes).dataStart));
  add('bit flips', 'one bit in the header', (c) => flip(c, 1, 3, 8));
  add('bit flips', 'one bit in the header length', (c) => {
    const b = Buffer.from(c.bytes);
    b[2] = b[2]! ^ 0x10;
    rewrite(c, b);
  });
  for (const seed of [11, 12, 13, 14]) add('bit flips', `8 random bits (seed ${seed})`, (c) => flip(c, 8, seed, 0));
  add('bit flips', 'every byte of one tensor zeroed', (c) => {
    const [, e] = f32Entries(c.bytes)[3]!;
    const b = Buffer.from(c.bytes);
    b.fill(0, parse(c.bytes).dataStart + e.data_offsets[0], parse(c.bytes).dataStart + e.data_offsets[1]);
    rewrite(c, b);
  });

  // Truncation and extension.
  add('truncation', 'to 0 bytes', (c) => truncateSync(c.blob, 0));
  add('truncation', 'to 4 bytes', (c) => truncateSync(c.blob, 4));
  add('truncation', 'inside the header', (c) => truncateSync(c.blob, Math.floor(parse(c.bytes).dataStart / 2)));
  add('truncation', 'to half', (c) => truncateSync(c.blob, Math.floor(c.bytes.length / 2)));
  add('truncation', 'by the last byte', (c) => truncateSync(c.blob, c.bytes.length - 1));
  add('truncation', 'to half, renamed to its new sha256', (c) =>
    replaceConsistently(c, c.bytes.subarray(0, c.bytes.length >> 1)),
  );
  add('truncation', '16 bytes appended, renamed to its new sha256', (c) =>
    replaceConsistently(c, Buffer.concat([c.bytes, Buffer.alloc(16, 0x41)])),
  );

  // Values: names consistent, structure valid, numbers poisoned.
  add('values', 'NaN in a weight', (c) => replaceConsistently(c, setValue(c.bytes, NaN)));
  add('values', '+Infinity in a weight', (c) => replaceConsistently(c, setValue(c.bytes, Infinity, 'largest', 7)));
  add('values', '-Infinity in a weight', (c) => replaceConsistently(c, setValue(c.bytes, -Infinity, 'largest', 99)));
  add('values', 'NaN as the last value of the largest tensor', (c) => {
    const [, e] = f32Entries(c.bytes).reduce((a, b) =>
      b[1].data_offsets[1] - b[1].data_offsets[0] > a[1].data_offsets[1] - a[1].data_offsets[0] ? b : a,
    );
    replaceConsistently(c, setValue(c.bytes, NaN, 'largest', (e.data_offsets[1] - e.data_offsets[0]) / 4 - 1));
  });

  add('values', 'NaN in a plain copy (no symlinks, no hash in its name)', (c) =>
    plainCopy(c, setValue(c.bytes, NaN, 'largest', 5)),
  );
  add('truncation', 'a plain copy (no symlinks) cut short', (c) =>
    plainCopy(c, c.bytes.subarray(0, c.bytes.length - 4)),
  );

  // Offsets: names consistent, the tensors no longer tile the data.
  add('offsets', 'two tensors overlap', (c) =>
    editHeader(c, (_h, f) => {
      const [a, b] = [f[1]![1], f[2]![1]];
      const shift = Math.min(4, a.data_offsets[1] - a.data_offsets[0]);
      b.data_offsets = [b.data_offsets[0] - shift, b.data_offsets[1] - shift];
    }),
  );
  add('offsets', 'every tensor reads the same bytes', (c) =>
    editHeader(c, (_h, f) => {
      for (const [, e] of f) e.data_offsets = [0, e.data_offsets[1] - e.data_offsets[0]];
    }),
  );
  add('offsets', 'a gap between two tensors', (c) =>
    editHeader(c, (h, f) => {
      delete h[f[2]![0]];
    }),
  );
  add('offsets', 'an offset beyond the end', (c) =>
    editHeader(c, (_h, f) => {
      const e = f.at(-1)![1];
      e.data_offsets = [e.data_offsets[0] + 1024, e.data_offsets[1] + 1024];
    }),
  );
  add('offsets', 'a negative offset', (c) =>
    editHeader(c, (_h, f) => {
      f[0]![1].data_offsets = [-4, f[0]![1].data_offsets[1] - 4];
    }),
  );
  add('offsets', 'a fractional offset', (c) =>
    editHeader(c, (_h, f) => {
      f[1]![1].data_offsets = [f[1]![1].data_offsets[0] + 0.5, f[1]![1].data_offsets[1] + 0.5];
    }),
  );
  add('offsets', 'begin after end', (c) =>
    editHeader(c, (_h, f) => {
      f[1]![1].data_offsets = [f[1]![1].data_offsets[1], f[1]![1].data_offsets[0]];
    }),
  );
  add('offsets', 'a shape that does not match its bytes', (c) =>
    editHeader(c, (_h, f) => {
      f[1]![1].shape = [...f[1]![1].shape, 2];
    }),
  );

  // Header garbage.
  add('header', 'a null entry', (c) =>
    editHeader(c, (h, f) => {
      h[f[0]![0]] = null;
    }),
  );
  add('header', 'an entry that is a number', (c) =>
    editHeader(c, (h, f) => {
      h[f[0]![0]] = 42;
    }),
  );
  add('header', 'the header is an array', (c) => rawHeader(c, '[1,2,3]'));
  add('header', 'the header is not JSON', (c) => rawHeader(c, '{"a": {"dtype": "F32", '.padEnd(64, 'x')));
  add('header', 'the header is null', (c) => rawHeader(c, 'null    '));
  add('header', 'an unknown dtype', (c) =>
    editHeader(c, (_h, f) => {
      f[0]![1].dtype = 'F128';
    }),
  );
  add('header', 'a negative dimension', (c) =>
    editHeader(c, (_h, f) => {
      f[0]![1].shape = [-1, ...f[0]![1].shape];
    }),
  );
  add('header', 'a shape that is a string', (c) =>
    editHeader(c, (h, f) => {
      (h[f[0]![0]] as Record<string, unknown>).shape = '64,3,7,7';
    }),
  );
  add('header', '__metadata__ that is not a map of strings', (c) =>
    editHeader(c, (h) => {
      h.__metadata__ = { format: 7 };
    }),
  );
  add('header', 'header length 2^63', (c) => {
    const b = Buffer.from(c.bytes);
    b.writeBigUInt64LE(2n ** 63n, 0);
    replaceConsistently(c, b);
  });
  add('header', 'random bytes named as a checkpoint', (c) => {
    const rng = createRng(5);
    replaceConsistently(c, Buffer.from(Array.from({ length: 4096 }, () => rng.int(256))));
  });

  // Links and non-files.
  add('links', 'the blob is a link to /etc/passwd', (c) => {
    rmSync(c.blob);
    symlinkSync('/etc/passwd', c.blob);
  });
  add('links', 'the snapshot file is a link to /etc/passwd', (c) => {
    rmSync(c.pointer);
    symlinkSync('/etc/passwd', c.pointer);
  });
  add('links', 'the snapshot file links to a valid checkpoint outside the cache', (c) => {
    rmSync(c.pointer);
    symlinkSync(join(c.outside, 'decoy.safetensors'), c.pointer);
  });
  add('links', 'the blob links to a valid checkpoint outside the cache', (c) => {
    rmSync(c.blob);
    symlinkSync(join(c.outside, 'decoy.safetensors'), c.blob);
  });
  add('links', 'the blob is deleted (dangling link)', (c) => rmSync(c.blob));
  add('links', 'a link loop', (c) => {
    rmSync(c.blob);
    symlinkSync(relative(dirname(c.blob), c.pointer), c.blob);
  });
  add('links', 'the blob is a folder', (c) => {
    rmSync(c.blob);
    mkdirSync(c.blob);
  });
  add('links', 'the blob is a named pipe (FIFO)', (c) => {
    rmSync(c.blob);
    execFileSync('mkfifo', [c.blob]);
  });
  add('links', 'the blob is a link to /dev/zero', (c) => {
    rmSync(c.blob);
    symlinkSync('/dev/zero', c.blob);
  });
  add('links', 'the snapshots folder links outside the cache', (c) => {
    const snaps = join(c.repo, 'snapshots');
    const moved = join(c.outside, 'snapshots');
    renameSync(snaps, moved);
    rmSync(join(moved, c.commit, 'model.safetensors'));
    symlinkSync(join(c.outside, 'decoy.safetensors'), join(moved, c.commit, 'model.safetensors'));
    symlinkSync(moved, snaps);
  });
  add('links', 'the repo folder links outside the cache', (c) => {
    const moved = join(c.outside, 'repo');
    renameSync(c.repo, moved);
    symlinkSync(moved, c.repo);
  });

  // refs/main pointing elsewhere.
  const ref = (c: CorpusCache, text: string): void => writeFileSync(join(c.repo, 'refs', 'main'), text);
  add('refs', 'refs/main = ../../../outside/x (a valid checkpoint there)', (c) => {
    // ../../../outside/x resolved from <repo>/snapshots: <cache>/../outside/x/model.safetensors
    const target = join(dirname(dirname(c.repo)), 'outside', 'x');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'model.safetensors'), readFileSync(join(c.outside, 'decoy.safetensors')));
    ref(c, '../../../outside/x');
  });
  add('refs', 'refs/main = an absolute path', (c) => ref(c, c.outside));
  add('refs', 'refs/main is empty', (c) => ref(c, ''));
  add('refs', 'refs/main holds two lines', (c) => ref(c, `${c.commit}\n../../x`));
  add('refs', 'refs/main is 1 MB', (c) => ref(c, 'a'.repeat(1 << 20)));
  add('refs', 'refs/main is a link', (c) => {
    const main = join(c.repo, 'refs', 'main');
    writeFileSync(join(c.outside, 'ref'), c.commit);
    rmSync(main);
    symlinkSync(join(c.outside, 'ref'), main);
  });
  add('refs', 'refs/main names a commit whose snapshot holds a link out', (c) => {
    const other = 'f'.repeat(40);
    mkdirSync(join(c.repo, 'snapshots', other));
    symlinkSync('/etc/passwd', join(c.repo, 'snapshots', other, 'model.safetensors'));
    ref(c, other);
  });
  return cases;
}

/** Every regular file under `dir` with its sha256 (to prove files outside the cache are untouched). */
export function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, sha256(readFileSync(p)));
    }
  };
  walk(dir);
  return out;
}
