/**
 * Remembered window size and position (`window-state.json` in userData): validated on read and
 * fitted to the displays present now, so a window saved on a monitor that was unplugged since
 * opens centred on a visible one instead of off-screen.
 */
import { z } from 'zod';

const coord = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(100).max(100_000);

export const windowStateSchema = z.strictObject({
  x: coord.optional(),
  y: coord.optional(),
  width: size,
  height: size,
  maximized: z.boolean(),
});

export type WindowState = z.output<typeof windowStateSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_STATE: WindowState = Object.freeze({ width: 1400, height: 900, maximized: false });

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the window (at least its title bar's worth) must lie on a display to keep its position. */
const MIN_VISIBLE = 64;

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { w: Math.max(0, w), h: Math.max(0, h) };
}

/**
 * Fits a saved state to the displays' work areas: the size shrinks to the largest work area, and
 * the position is kept only if enough of the window is visible on one display (else centred).
 */
export function fitToWorkAreas(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return { ...state };
  const maxWidth = Math.max(...workAreas.map((a) => a.width));
  const maxHeight = Math.max(...workAreas.map((a) => a.height));
  const width = Math.min(state.width, maxWidth);
  const height = Math.min(state.height, maxHeight);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const rect = { x: state.x, y: state.y, width, height };
  const host = workAreas.find((a) => {
    const o = overlap(rect, a);
    return o.w >= Math.min(MIN_VISIBLE, width) && o.h >= Math.min(MIN_VISIBLE, height) && state.y! >= a.y;
  });
  return host ? { ...fitted, x: state.x, y: state.y } : fitted;
}

/** The state to save from a window's normal (un-maximized) bounds. */
export function stateFromBounds(bounds: Rect, maximized: boolean): WindowState | undefined {
  const parsed = windowStateSchema.safeParse({
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.round(bounds.width),
    height: Math.round(bounds.height),
    maximized,
  });
  return parsed.success ? parsed.data : undefined;
}
