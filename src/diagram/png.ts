/**
 * `svgToPng`: rasterises an exported SVG with resvg (a maintained, dependency-free SVG renderer),
 * using the system's fonts for the <text> (resvg's default font handling).
 */
import type * as ResvgModule from '@resvg/resvg-js';
import { lazyRequire } from '../platform/lazy-require.js';

// Loaded on first export, not at every start (~30 ms).
const resvgModule = lazyRequire<typeof ResvgModule>('@resvg/resvg-js');

export function svgToPng(svg: string, opts: { scale?: number } = {}): Uint8Array {
  const scale = opts.scale ?? 2;
  const resvg = new (resvgModule().Resvg)(svg, {
    fitTo: { mode: 'zoom', value: scale },
    // The SVG names common sans-serif families (DejaVu, Liberation, Helvetica, Arial); resvg finds
    // whichever the system has.
    font: { loadSystemFonts: true },
  });
  return new Uint8Array(resvg.render().asPng());
}
