/**
 * Input sizes as people write them: `S` (square) or `HxW`, each side 32 to 2048 pixels. One rule
 * for the zoo's spec, the CLI's `--input-size` and the checkpoint dialog, so a size the dialog
 * accepts is one the spec accepts.
 */

/** S (square) or [height, width]. */
export type InputSize = number | [number, number];

export const INPUT_SIDE_MIN = 32;
export const INPUT_SIDE_MAX = 2048;

/** `224`, `96x80` (also `×`, spaces, any case) → the size; undefined when malformed or out of range. */
export function parseInputSize(text: string): InputSize | undefined {
  const m = /^\s*(\d{1,4})(?:\s*[x×]\s*(\d{1,4}))?\s*$/i.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const w = m[2] ? Number(m[2]) : h;
  const ok = (v: number) => v >= INPUT_SIDE_MIN && v <= INPUT_SIDE_MAX;
  if (!ok(h) || !ok(w)) return undefined;
  return h === w ? h : [h, w];
}

/** `S` or `HxW` (a square size is written once). */
export function formatInputSize(size: InputSize): string {
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  return h === w ? String(h) : `${h}x${w}`;
}
