/**
 * The one colour scale of splitlens heatmaps: viridis (van der Walt & Smith, matplotlib 2.0),
 * perceptually uniform and readable in grey and by colour-blind readers. Eleven anchor colours,
 * linearly interpolated; green rises monotonically, so a colour maps back to one value.
 */

export const VIRIDIS = [
  '#440154',
  '#482475',
  '#414487',
  '#355f8d',
  '#2a788e',
  '#21918c',
  '#22a884',
  '#44bf70',
  '#7ad151',
  '#bddf26',
  '#fde725',
] as const;

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
const ANCHORS = VIRIDIS.map(rgb);

function hex2(v: number): string {
  return Math.round(Math.min(255, Math.max(0, v)))
    .toString(16)
    .padStart(2, '0');
}

/** Colour of `value` on the scale from `min` to `max` (clamped), as `#rrggbb`. */
export function colorFor(value: number, min: number, max: number): string {
  const span = max - min;
  let t = span > 0 && Number.isFinite(value) ? (value - min) / span : 0.5;
  t = Math.min(1, Math.max(0, t));
  const pos = t * (ANCHORS.length - 1);
  const i = Math.min(ANCHORS.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = ANCHORS[i]!;
  const b = ANCHORS[i + 1]!;
  return `#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`;
}

/** Text colour that reads on top of `fill` (black on the light end, white on the dark end). */
export function inkOn(fill: string): string {
  const [r, g, b] = rgb(fill);
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000000' : '#ffffff';
}
