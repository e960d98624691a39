/**
 * Small arithmetic helpers timm and PyTorch use to size layers: `make_divisible`
 * (timm/layers/helpers.py) and the Conv2d / pooling output-size rule.
 */

/** timm `make_divisible`: round v to a multiple of divisor, at least minValue, not below roundLimit·v. */
export function makeDivisible(v: number, divisor = 8, minValue?: number, roundLimit = 0.9): number {
  const min = minValue ?? divisor;
  let n = Math.max(min, Math.floor(Math.floor(v + divisor / 2) / divisor) * divisor);
  if (n < roundLimit * v) n += divisor;
  return n;
}

/** Conv/pool output size (PyTorch floor rule). */
export function convOut(h: number, k: number, stride: number, pad: number, dilation = 1): number {
  return Math.floor((h + 2 * pad - dilation * (k - 1) - 1) / stride) + 1;
}

/** ResNeSt SplitAttn attention width for a block of `width` channels and radix r. */
export function splitAttnChannels(width: number, radix: number): number {
  return makeDivisible(width * radix * 0.25, 8, 32);
}
