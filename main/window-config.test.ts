import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_HEIGHT, MIN_WIDTH, SECURE_WEB_PREFERENCES, mainWindowOptions } from './window-config.js';

const input = {
  state: { x: 40, y: 30, width: 1280, height: 800, maximized: false },
  preloadPath: '/opt/splitlens/resources/app.asar/dist/main/preload.cjs',
  dark: true,
  devTools: false,
};

describe('main window webPreferences', () => {
  const prefs = mainWindowOptions(input).webPreferences!;

  it.each([
    ['contextIsolation', true, '#3 context isolation'],
    ['sandbox', true, '#4 process sandboxing'],
    ['nodeIntegration', false, '#2 no Node.js in the renderer'],
    ['nodeIntegrationInWorker', false, '#2 no Node.js in workers'],
    ['nodeIntegrationInSubFrames', false, '#2 no Node.js in frames'],
    ['webSecurity', true, '#6 same-origin policy on'],
    ['allowRunningInsecureContent', false, '#8 no mixed content'],
    ['experimentalFeatures', false, '#9 no experimental features'],
    ['webviewTag', false, '#11/#12 no <webview>'],
    ['navigateOnDragDrop', false, '#13 a dropped file never navigates'],
  ] as const)('%s is %s (checklist %s)', (key, value, _why) => {
    expect(prefs[key]).toBe(value);
    expect(SECURE_WEB_PREFERENCES[key]).toBe(value);
  });

  it('enables no Blink features (checklist #10) and keeps DevTools for development only', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ ...input, devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('loads only our bundled preload', () => {
    expect(prefs.preload).toBe(input.preloadPath);
    expect(Object.keys(prefs).sort()).toEqual([...Object.keys(SECURE_WEB_PREFERENCES), 'preload', 'devTools'].sort());
  });

  it('cannot be loosened at runtime', () => {
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
    expect(() => {
      (SECURE_WEB_PREFERENCES as { contextIsolation: boolean }).contextIsolation = false;
    }).toThrow(TypeError);
  });
});

describe('main window bounds', () => {
  it('restores the saved size and position, with a floor', () => {
    const o = mainWindowOptions(input);
    expect([o.x, o.y, o.width, o.height]).toEqual([40, 30, 1280, 800]);
    expect([o.minWidth, o.minHeight]).toEqual([MIN_WIDTH, MIN_HEIGHT]);
    expect(o.show).toBe(false);
  });

  it('leaves the position to the OS when none was saved', () => {
    const o = mainWindowOptions({ ...input, state: { width: 1400, height: 900, maximized: false } });
    expect('x' in o || 'y' in o).toBe(false);
  });
});

describe('no file in main/ loosens the window or session', () => {
  const dir = new URL('./', import.meta.url);
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const forbidden = [
    /contextIsolation\s*:\s*false/,
    /sandbox\s*:\s*false/,
    /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
    /webSecurity\s*:\s*false/,
    /allowRunningInsecureContent\s*:\s*true/,
    /experimentalFeatures\s*:\s*true/,
    /enableBlinkFeatures/,
    /webviewTag\s*:\s*true/,
    /['"]--(no-sandbox|disable-web-security|ignore-certificate-errors)['"]/,
    /appendSwitch\(/,
    /action\s*:\s*['"]allow['"]/,
    /bypassCSP\s*:\s*true/,
    /\bcallback\(true\)/,
    /loadURL\(\s*['"`]https?:/,
    /loadFile\(/,
  ];
  it.each(sources)('%s', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    expect(forbidden.filter((re) => re.test(text)).map(String)).toEqual([]);
  });

  it('found the shell sources', () => {
    expect(sources).toEqual(expect.arrayContaining(['main.ts', 'preload.ts', 'window-config.ts', 'harden.ts']));
  });
});
