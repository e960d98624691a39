/**
 * Checks a cached checkpoint's bytes once and remembers the verdict. A blob named by its hash (what
 * huggingface_hub does: sha256 for LFS files, the git blob sha1 otherwise) must hash to its name;
 * every file must be a well-formed safetensors file (tensors tiling the data exactly) holding only
 * finite values. Hashing 100 MB on every start would be slow, so the verdict is kept in
 * `<repo>/.splitlens-verified.json`, keyed by the file's size, mtime, ctime and inode: when any of
 * them changes (a new download, a rewrite, a touch), the file is checked again.
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type * as Zod from 'zod';
import { lazyRequire } from '../platform/lazy-require.js';
import { oneLine } from '../common/errors.js';
import { writeFileSafelySync } from '../platform/safe-write.js';
import { SafetensorsError, SafetensorsFile } from '../safetensors/safetensors-file.js';

const zod = lazyRequire<typeof Zod>('zod');

/** The record's file name, in the repo folder (huggingface_hub ignores what it does not know there). */
export const VERIFIED_RECORD = '.splitlens-verified.json';
const MAX_RECORD_BYTES = 256 * 1024;

/** The record's schema, made on first use: zod loads in ~120 ms, which the worker paid at every start. */
function makeRecordSchema(z: typeof Zod.z) {
  const stamp = z.strictObject({
    size: z.number(),
    mtimeMs: z.number(),
    ctimeMs: z.number(),
    ino: z.number(),
    /** Why the file is unusable; null once it passed every check. */
    problem: z.string().max(500).nullable(),
  });
  return z.strictObject({ version: z.literal(1), files: z.record(z.string(), stamp) });
}
let recordSchema: ReturnType<typeof makeRecordSchema> | undefined;
type Record = Zod.z.output<ReturnType<typeof makeRecordSchema>>;
type Stamp = Record['files'][string];

const sameFile = (a: Stamp, st: Stats): boolean =>
  a.size === st.size && a.mtimeMs === st.mtimeMs && a.ctimeMs === st.ctimeMs && a.ino === st.ino;

/** Verdicts of this process, by real path: a second look at an unchanged file costs one stat. */
const memo = new Map<string, Stamp>();

function readRecord(repoReal: string): Record {
  const file = join(repoReal, VERIFIED_RECORD);
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size > MAX_RECORD_BYTES) return { version: 1, files: {} };
    recordSchema ??= makeRecordSchema(zod().z);
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { version: 1, files: {} };
  } catch {
    return { version: 1, files: {} };
  }
}

/** Best effort: a read-only cache only means checking again next time. */
function remember(repoReal: string, key: string, stamp: Stamp): void {
  const record = readRecord(repoReal);
  for (const k of Object.keys(record.files)) {
    try {
      lstatSync(join(repoReal, k));
    } catch {
      delete record.files[k]; // its file is gone
    }
  }
  record.files[key] = stamp;
  try {
    writeFileSafelySync(join(repoReal, VERIFIED_RECORD), JSON.stringify(record, null, 1) + '\n');
  } catch {
    // not writable (read-only cache, a link in the way): the verdict stays in this process only
  }
}

/** What the file's name promises about its bytes, when it sits in `blobs/` named by a hash. */
function expectedHash(repoReal: string, real: string): { algorithm: 'sha256' | 'git-sha1'; hex: string } | undefined {
  if (dirname(real) !== join(repoReal, 'blobs')) return undefined;
  const name = basename(real).toLowerCase();
  if (/^[0-9a-f]{64}$/.test(name)) return { algorithm: 'sha256', hex: name };
  if (/^[0-9a-f]{40}$/.test(name)) return { algorithm: 'git-sha1', hex: name };
  return undefined;
}

/** sha256 of the file, or git's blob id (`sha1("blob <size>\0" + bytes)`), read in 4 MB chunks. */
function hashFile(path: string, algorithm: 'sha256' | 'git-sha1', size: number): string {
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  if (algorithm === 'git-sha1') hash.update(`blob ${size}\0`);
  const buf = Buffer.alloc(4 * 1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** The checks themselves: structure first (the clearest message), then the hash, then the values. */
function check(repoReal: string, real: string, stats: Stats): string | null {
  let file: SafetensorsFile;
  try {
    file = SafetensorsFile.open(real);
  } catch (e) {
    return e instanceof SafetensorsError ? e.reason : oneLine(e);
  }
  try {
    const expected = expectedHash(repoReal, real);
    if (expected && hashFile(real, expected.algorithm, stats.size) !== expected.hex) {
      const what = expected.algorithm === 'sha256' ? 'its sha256' : 'its git blob id';
      return `${what} does not match its name: changed or corrupted on disk`;
    }
    const bad = file.firstNonFinite();
    if (bad) return `tensor '${bad.key}' holds ${bad.value} at index ${bad.index}`;
    return null;
  } catch (e) {
    return e instanceof SafetensorsError ? e.reason : oneLine(e);
  } finally {
    file.close();
  }
}

/**
 * Why the cached file `real` (inside `repoReal`) cannot be used, or null when it is sound. Checked
 * once per version of the file; the verdict is remembered in this process and in the repo's record.
 */
export function verifyCachedFile(repoReal: string, real: string, stats: Stats): string | null {
  const key = relative(repoReal, real);
  const known = memo.get(real) ?? readRecord(repoReal).files[key];
  if (known && sameFile(known, stats)) {
    memo.set(real, known);
    return known.problem;
  }
  const problem = check(repoReal, real, stats);
  const stamp: Stamp = { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, problem };
  memo.set(real, stamp);
  remember(repoReal, key, stamp);
  return problem;
}

/** Tests: forget this process's verdicts (the record on disk stays). */
export function forgetVerdicts(): void {
  memo.clear();
}
