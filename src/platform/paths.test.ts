/** The user's cache folder follows each platform's convention, and SPLITLENS_CACHE_DIR moves or turns it off. */
import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { userCacheDir } from './paths.js';

describe('userCacheDir', () => {
  it.each([
    [{}, 'linux', join(homedir(), '.cache', 'splitlens')],
    [{ XDG_CACHE_HOME: '/var/cache/me' }, 'linux', join('/var/cache/me', 'splitlens')],
    [{ XDG_CACHE_HOME: 'relative/ignored' }, 'linux', join(homedir(), '.cache', 'splitlens')],
    [{}, 'darwin', join(homedir(), 'Library', 'Caches', 'splitlens')],
    [
      { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' },
      'win32',
      join('C:\\Users\\me\\AppData\\Local', 'splitlens', 'Cache'),
    ],
    [{ SPLITLENS_CACHE_DIR: 'here' }, 'linux', resolve('here')],
  ] as const)('%j on %s → %s', (env, platform, dir) => {
    expect(userCacheDir(env, platform)).toBe(dir);
  });

  it('SPLITLENS_CACHE_DIR=off: no cache', () => {
    expect(userCacheDir({ SPLITLENS_CACHE_DIR: 'off' }, 'linux')).toBeUndefined();
  });
});
