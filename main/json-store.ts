/**
 * Small JSON files in the app's userData folder (window bounds, recent files): read through a
 * zod schema (a missing, oversized, corrupt or hand-edited file yields undefined, never a crash)
 * and written atomically (temp file + rename), so a crash mid-write leaves the old file.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

/** These files hold a few hundred bytes; anything much bigger is not ours. */
export const MAX_STORE_BYTES = 64 * 1024;

export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | undefined> {
  try {
    if ((await stat(file)).size > MAX_STORE_BYTES) return undefined;
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}
