/**
 * Colour scales for attention heatmaps: a sequential viridis ramp for weights and a diverging
 * blue–white–red ramp for the difference of two photos; inferno for saliency. Pure functions of a
 * number → colour.
 */

// viridis, the same 11 anchors as the SVG export (src/diagram/color-scale.ts; a test keeps them equal).
const VIRIDIS: [number, number, number][] = [
  [0x44, 0x01, 0x54],
  [0x48, 0x24, 0x75],
  [0x41, 0x44, 0x87],
  [0x35, 0x5f, 0x8d],
  [0x2a, 0x78, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x22, 0xa8, 0x84],
  [0x44, 0xbf, 0x70],
  [0x7a, 0xd1, 0x51],
  [0xbd, 0xdf, 0x26],
  [0xfd, 0xe7, 0x25],
];
// RdBu reversed: negative blue, zero near-white, positive red.
const DIVERGING: [number, number, number][] = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

// inferno, 5 stops (matplotlib): the saliency overlay.
const INFERNO: [number, number, number][] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

function ramp(stops: [number, number, number][], t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

/** 0..1 → inferno RGB (saliency). */
export function inferno(t: number): [number, number, number] {
  return ramp(INFERNO, t);
}

export interface ColourScale {
  kind: 'sequential' | 'diverging';
  min: number;
  max: number;
  rgb(value: number): [number, number, number];
  css(value: number): string;
}

export function sequentialScale(min: number, max: number): ColourScale {
  const span = max - min || 1;
  const rgb = (v: number) => ramp(VIRIDIS, (v - min) / span);
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

/** Text colour readable on top of `rgb`. */
export function inkFor([r, g, b]: [number, number, number]): string {
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#111' : '#fff';
}
