import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_STORE_BYTES, readJsonFile, writeJsonFile } from './json-store.js';
import { DEFAULT_WINDOW_STATE, fitToWorkAreas, stateFromBounds, windowStateSchema, type Rect } from './window-state.js';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('fitToWorkAreas', () => {
  it('keeps a position that is on a display', () => {
    const s = { x: 1600, y: 100, width: 1400, height: 900, maximized: false };
    expect(fitToWorkAreas(s, [laptop, external])).toEqual(s);
  });

  it('centres a window saved on a display that is gone', () => {
    const s = { x: 1600, y: 100, width: 1400, height: 900, maximized: true };
    expect(fitToWorkAreas(s, [laptop])).toEqual({ width: 1400, height: 875, maximized: true });
  });

  it('centres a window whose title bar is above the work area or only a sliver is visible', () => {
    expect(fitToWorkAreas({ x: 100, y: -300, width: 800, height: 600, maximized: false }, [laptop]).x).toBeUndefined();
    expect(fitToWorkAreas({ x: 1430, y: 100, width: 800, height: 600, maximized: false }, [laptop]).x).toBeUndefined();
  });

  it('shrinks a window larger than every display', () => {
    expect(fitToWorkAreas({ width: 5000, height: 3000, maximized: false }, [laptop, external])).toEqual({
      width: 2560,
      height: 1415,
      maximized: false,
    });
  });

  it('with no display information keeps the state', () => {
    expect(fitToWorkAreas(DEFAULT_WINDOW_STATE, [])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('stateFromBounds', () => {
  it('rounds fractional (HiDPI) bounds and refuses absurd ones', () => {
    expect(stateFromBounds({ x: 10.4, y: 20.6, width: 1280.2, height: 799.8 }, true)).toEqual({
      x: 10,
      y: 21,
      width: 1280,
      height: 800,
      maximized: true,
    });
    expect(stateFromBounds({ x: 0, y: 0, width: 1e9, height: 800 }, false)).toBeUndefined();
    expect(stateFromBounds({ x: Number.NaN, y: 0, width: 800, height: 600 }, false)).toBeUndefined();
  });
});

describe('window-state.json on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a saved state', async () => {
    const file = join(dir, 'nested', 'window-state.json');
    const state = { x: 40, y: 30, width: 1280, height: 800, maximized: false };
    await writeJsonFile(file, state);
    expect(await readJsonFile(file, windowStateSchema)).toEqual(state);
  });

  it.each([
    ['missing', null],
    ['not JSON', '{"width": 1280,'],
    ['a wrong type', '{"width": "1280", "height": 800, "maximized": false}'],
    ['too small', '{"width": 5, "height": 5, "maximized": false}'],
    ['an extra key', '{"width": 1280, "height": 800, "maximized": false, "__proto__": {"x": 1}}'],
    ['oversized', `{"width": 1280, "height": 800, "maximized": false, "pad": "${'x'.repeat(MAX_STORE_BYTES)}"}`],
  ])('reads a %s file as undefined', async (what, text) => {
    const file = join(dir, `${what.replace(/\W/g, '-')}.json`);
    if (text !== null) writeFileSync(file, text);
    expect(await readJsonFile(file, windowStateSchema)).toBeUndefined();
  });
});
