import { describe, expect, it } from 'vitest';
import {
  MAX_RECENT,
  addRecent,
  recentFilesDocument,
  recentFilesSchema,
  removeRecent,
  type RecentEntry,
} from './recent-files.js';

const at = '2026-11-23T17:00:00.000Z';
const entry = (path: string, role: RecentEntry['role'] = 'image'): RecentEntry => ({ path, role, openedAt: at });

describe('recent files', () => {
  it('puts the newest first, without duplicates, at most MAX_RECENT', () => {
    let list: RecentEntry[] = [];
    for (let i = 0; i < MAX_RECENT + 3; i++) list = addRecent(list, entry(`/p/${i}.jpg`));
    list = addRecent(list, entry('/p/5.jpg'));
    expect(list).toHaveLength(MAX_RECENT);
    expect(list.map((e) => e.path).slice(0, 3)).toEqual(['/p/5.jpg', '/p/12.jpg', '/p/11.jpg']);
    expect(new Set(list.map((e) => e.path)).size).toBe(MAX_RECENT);
    expect(removeRecent(list, '/p/5.jpg').map((e) => e.path)).not.toContain('/p/5.jpg');
  });

  it('round-trips through the validated document', () => {
    const doc = recentFilesDocument([entry('/m/resnest50d.onnx', 'model'), entry('/p/cat.jpg')]);
    expect(recentFilesSchema.parse(JSON.parse(JSON.stringify(doc))).entries).toHaveLength(2);
  });

  it.each([
    ['a relative path', { version: 1, entries: [entry('cat.jpg')] }],
    ['an unknown role', { version: 1, entries: [{ path: '/x', role: 'script', openedAt: at }] }],
    ['a bad date', { version: 1, entries: [{ path: '/x.jpg', role: 'image', openedAt: 'yesterday' }] }],
    ['an extra field', { version: 1, entries: [{ ...entry('/x.jpg'), run: 'calc.exe' }] }],
    ['another version', { version: 2, entries: [] }],
  ])('refuses a file with %s', (_what, doc) => {
    expect(recentFilesSchema.safeParse(doc).success).toBe(false);
  });
});
