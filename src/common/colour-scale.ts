/**
 * The colour scales of every heatmap in splitlens, for the UI and the SVG export alike: viridis
 * (van der Walt & Smith, matplotlib 2.0) for attention weights — perceptually uniform, readable in
 * grey and by colour-blind readers, green rising monotonically so a colour maps back to one value —
 * a diverging blue–white–red ramp for the difference of two photos, and inferno for saliency.
 * Anchor colours, linearly interpolated per channel and rounded.
 */

export type Rgb = [number, number, number];

/** The eleven viridis anchors. */
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

function rgbOf(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const VIRIDIS_RGB: Rgb[] = VIRIDIS.map(rgbOf);

// RdBu reversed: negative blue, zero near-white, positive red.
const DIVERGING: Rgb[] = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

// inferno, 5 stops (matplotlib): the saliency overlay.
const INFERNO: Rgb[] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** The colour at `t` in 0..1 (clamped; not a number → 0) along `stops`. */
function ramp(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as Rgb;
}

const hex2 = (v: number): string => v.toString(16).padStart(2, '0');

/** 0..1 → inferno RGB (saliency). */
export function inferno(t: number): Rgb {
  return ramp(INFERNO, t);
}

/** Viridis colour of `value` on the scale from `min` to `max` (clamped), as `#rrggbb`; a flat range is the middle. */
export function colorFor(value: number, min: number, max: number): string {
  const span = max - min;
  const t = span > 0 && Number.isFinite(value) ? (value - min) / span : 0.5;
  return `#${ramp(VIRIDIS_RGB, t).map(hex2).join('')}`;
}

export interface ColourScale {
  kind: 'sequential' | 'diverging';
  min: number;
  max: number;
  rgb(value: number): Rgb;
  css(value: number): string;
}

/** Viridis from `min` to `max`: the UI's attention heatmaps (the same colours as `colorFor`). */
export function sequentialScale(min: number, max: number): ColourScale {
  const span = max - min || 1;
  const rgb = (v: number) => ramp(VIRIDIS_RGB, (v - min) / span);
  return { kind: 'sequential', min, max, rgb, css: (v) => `rgb(${rgb(v).join(' ')})` };
}

/** Symmetric around 0: [-limit, +limit]. */
export function divergingScale(limit: number): ColourScale {
  const l = limit || 1;
  const rgb = (v: number) => ramp(DIVERGING, (v + l) / (2 * l));
  return { kind: 'diverging', min: -l, max: l, rgb, css: (v) => `rgb(${rgb(v).join(' ')})` };
}

/** A scale that fits the values: their range, or a symmetric range for differences. */
export function fitScale(values: ArrayLike<number>, diverging = false): ColourScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return diverging ? divergingScale(1) : sequentialScale(0, 1);
  if (diverging) return divergingScale(Math.max(Math.abs(lo), Math.abs(hi)));
  return sequentialScale(lo, hi === lo ? lo + 1e-6 : hi);
}

/** Text colour readable on top of `rgb` (ITU-R BT.601 brightness; near-black on the light end). */
export function inkFor([r, g, b]: Rgb): string {
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#111' : '#fff';
}
