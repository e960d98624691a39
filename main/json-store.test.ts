// The shell's own files (settings, recent files, window state) follow the rules of every file the
// app writes: atomic replace in the same folder, owner-only mode, never through a link.
import { afterAll, describe, expect, it } from 'vitest';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './json-store.js';
import { DEFAULT_SETTINGS, shellSettingsSchema } from './shell-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'splitlens-json-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('json-store writes', () => {
  it('replaces the file atomically, owner-only, leaving no temp file', async () => {
    const file = join(dir, 'settings.json');
    await writeJsonFile(file, DEFAULT_SETTINGS);
    await writeJsonFile(file, { version: 1, theme: 'dark' });
    expect(await readJsonFile(file, shellSettingsSchema)).toEqual({ version: 1, theme: 'dark' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('refuses to write through a link planted in its place, and reads it as absent', async () => {
    const elsewhere = join(dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'not yours');
    const file = join(dir, 'recent-files.json');
    symlinkSync(elsewhere, file);
    await expect(writeJsonFile(file, { version: 1, entries: [] })).rejects.toThrow(
      /recent-files\.json: is a symbolic link; refusing to write through it/,
    );
    expect(readFileSync(elsewhere, 'utf8')).toBe('not yours');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(await readJsonFile(join(dir, 'recent-files.json'), shellSettingsSchema)).toBeUndefined();
  });
});
