/**
 * File ▸ Open Recent: the last models and images opened successfully, newest first, kept in
 * `recent-files.json` in userData and validated on read like every file we did not just write.
 */
import { z } from 'zod';
import { apiSchemas } from '../src/api/schemas.js';

export const MAX_RECENT = 10;
export const RECENT_FILES_FILE = 'recent-files.json';

export const recentEntrySchema = z.strictObject({
  path: apiSchemas().absolutePath,
  role: z.enum(['model', 'image']),
  openedAt: z.iso.datetime(),
});

export const recentFilesSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(recentEntrySchema).max(100),
});

export type RecentEntry = z.output<typeof recentEntrySchema>;

function samePath(a: string, b: string): boolean {
  return process.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** The list with `entry` moved (or added) to the front, at most MAX_RECENT long. */
export function addRecent(list: readonly RecentEntry[], entry: RecentEntry): RecentEntry[] {
  return [entry, ...list.filter((e) => !samePath(e.path, entry.path))].slice(0, MAX_RECENT);
}

export function removeRecent(list: readonly RecentEntry[], path: string): RecentEntry[] {
  return list.filter((e) => !samePath(e.path, path));
}

/** What to save. */
export function recentFilesDocument(list: readonly RecentEntry[]): z.input<typeof recentFilesSchema> {
  return { version: 1, entries: list.slice(0, MAX_RECENT) };
}
