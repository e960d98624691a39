/** A block's attention in a few pixels (inside diagram nodes): one canvas row per split/path. */
import { memo, useEffect, useRef } from 'react';
import type { AttentionBlock } from '../../../src/api/contract';
import { fitScale, type ColourScale } from '../../../src/common/colour-scale';
import { heatmapLayout, heatmapShape } from '../../../src/common/heatmap-geometry';

interface Props {
  block: AttentionBlock;
  cardinality: number;
  width?: number;
  height?: number;
  /** Shared range (the diagram's legend); default: this block's own range. */
  scale?: ColourScale;
}

export const MiniHeatmap = memo(function MiniHeatmap({
  block,
  cardinality,
  width = 148,
  height,
  scale: shared,
}: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const values = block.values;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !values) return;
    const layout = heatmapLayout(block, values, cardinality);
    const scale = shared ?? fitScale(values);
    const rows = layout.rows.length;
    const channels = layout.groups * layout.channelsPerGroup;
    canvas.width = Math.max(1, channels);
    canvas.height = rows;
    const img = ctx.createImageData(canvas.width, rows);
    layout.rows.forEach((row, r) => {
      row.cells.forEach((cell) => {
        for (let j = 0; j < cell.length; j++) {
          const [red, g, b] = scale.rgb(values[cell.start + j]!);
          const o = (r * canvas.width + cell.k * cell.length + j) * 4;
          img.data.set([red, g, b, 255], o);
        }
      });
    });
    ctx.putImageData(img, 0, 0);
  }, [block, values, cardinality, shared]);
  const { rows } = heatmapShape(block);
  return (
    <canvas
      ref={ref}
      className="mini-heatmap"
      style={{ width, height: height ?? Math.min(24, rows * 8) }}
      aria-label={`${block.name} attention`}
    />
  );
});
