/** Small helpers to write well-formed SVG text: escaping and compact numbers. */
import { round } from './metrics.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text and attribute values; drops characters XML 1.0 forbids. */
export function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** A coordinate with at most one decimal. */
export function num(v: number): string {
  return String(round(v));
}

/** A data value with 4 significant digits. */
export function val(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : 'NaN';
}
