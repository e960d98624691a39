/** Diagram layout and export: one layout for the app and the CLI, drawn as SVG or PNG. */
export { layoutDiagram, type LayoutOptions } from './layout.js';
export { renderSvg, type SvgOptions } from './svg.js';
export { svgToPng } from './png.js';
export { PALETTES, type Palette } from './themes.js';
export { blockHeatmap, type BlockHeatmap, type HeatmapRect } from './heatmap.js';
export { attentionSubtitle } from './caption.js';
