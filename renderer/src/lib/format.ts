/** Number formatting for tables and panels: parameters, MACs, latency, probabilities. */

export function compact(n: number | undefined, unit = ''): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const [div, suffix] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = n / div;
  return `${v >= 100 || div === 1 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2)}${suffix}${unit}`;
}

export function ms(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`;
}

export function percent(p: number): string {
  const v = p * 100;
  return v >= 10 ? `${v.toFixed(1)}%` : v >= 0.1 ? `${v.toFixed(2)}%` : '<0.1%';
}

/** `tabby, tabby cat` → `tabby`: the first synonym of an ImageNet label. */
export function shortLabel(label: string): string {
  return label.split(',')[0]!.trim();
}
