/**
 * Small JSON files in the app's userData folder (window bounds, recent files): read through a
 * zod schema (a missing, oversized, corrupt or hand-edited file yields undefined, never a crash)
 * and written atomically (temp file in the same folder + rename, never through a link: see
 * src/platform/safe-write.ts), so a crash or a full disk mid-write leaves the old file.
 */
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { writeFileSafely } from '../src/platform/safe-write.js';

/** These files hold a few hundred bytes; anything much bigger is not ours. */
export const MAX_STORE_BYTES = 64 * 1024;

export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | undefined> {
  try {
    const st = await lstat(file); // a link or a FIFO in its place is not ours: defaults
    if (!st.isFile() || st.size > MAX_STORE_BYTES) return undefined;
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Rejects with a one-line UserError (full disk, a link in the file's place, …); the old file stays. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileSafely(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
}
