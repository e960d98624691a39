/**
 * Light and dark palettes of the diagram: defined once in src/common/palettes.ts, where the
 * statistics plots (which the renderer draws too) take the same look from.
 */
export { PALETTES, type Palette } from '../common/palettes.js';
