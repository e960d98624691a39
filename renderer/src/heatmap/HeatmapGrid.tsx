/**
 * One block's attention drawn as its layout says (R × K strips, paths × groups, or 1 × C gate).
 * Every channel is an element with `data-value`, `data-r`, `data-k`, `data-c`; every cell carries
 * its mean. Hovering shows the exact value; rows end with the per-split mean.
 */
import { memo, useMemo, useState, type MouseEvent } from 'react';
import { formatCellValue } from '../../../src/common/diagram-look';
import type { AttentionBlock } from '../../../src/api/contract';
import { inkFor, type ColourScale } from '../../../src/common/colour-scale';
import { heatmapLayout, type HeatRow } from '../../../src/common/heatmap-geometry';

interface Props {
  block: Pick<AttentionBlock, 'name' | 'kind' | 'dims' | 'shape'>;
  values: ArrayLike<number>;
  cardinality: number;
  scale: ColourScale;
  testId?: string;
}

const axisName = { radix: 'split', path: 'path', gate: 'gate' } as const;

export const HeatmapGrid = memo(function HeatmapGrid({ block, values, cardinality, scale, testId }: Props) {
  const layout = useMemo(() => heatmapLayout(block, values, cardinality), [block, values, cardinality]);
  const [hover, setHover] = useState<string>();

  const onOver = (e: MouseEvent<HTMLDivElement>) => {
    const t = e.target as HTMLElement;
    const d = t.dataset;
    if (d.value !== undefined) {
      const row = layout.rowAxis === 'gate' ? '' : `${axisName[layout.rowAxis]} ${d.r} · `;
      setHover(`${row}group ${d.k} · channel ${d.c}: ${formatCellValue(Number(d.value))}`);
    } else if (d.mean !== undefined) {
      setHover(`mean ${formatCellValue(Number(d.mean))}`);
    }
  };

  // Many cardinal groups (SK-ResNeXt K=32): thin cells, a few column numbers, means on hover.
  const dense = layout.groups > 8;
  const every = Math.ceil(layout.groups / 8);
  const colTemplate = `4.2rem repeat(${layout.groups}, minmax(0, 1fr)) 3.6rem`;
  return (
    <div
      className={dense ? 'heatmap dense' : 'heatmap'}
      data-testid={testId}
      data-block={block.name}
      data-rows={layout.rows.length}
      data-groups={layout.groups}
      onMouseOver={onOver}
      onMouseLeave={() => setHover(undefined)}
    >
      <div className="heatmap-grid" style={{ gridTemplateColumns: colTemplate }}>
        <span className="heatmap-colhead">{dense ? 'group' : ''}</span>
        {layout.rows[0]?.cells.map((c) => (
          <span key={c.k} className="heatmap-colhead">
            {dense
              ? c.k % every === 0
                ? c.k
                : ''
              : layout.groups > 1
                ? `group ${c.k}`
                : `${layout.channelsPerGroup} ch`}
          </span>
        ))}
        <span className="heatmap-colhead">mean</span>
        {layout.rows.map((row) => (
          <Row key={row.r} row={row} values={values} scale={scale} label={row.label} />
        ))}
      </div>
      <div className="heatmap-hover" aria-live="polite">
        {hover ?? ''}
      </div>
    </div>
  );
});

const Row = memo(function Row({
  row,
  values,
  scale,
  label,
}: {
  row: HeatRow;
  values: ArrayLike<number>;
  scale: ColourScale;
  label: string;
}) {
  return (
    <>
      <span className="heatmap-rowhead">{label}</span>
      {row.cells.map((cell) => (
        <div
          key={cell.k}
          className="heatmap-cell"
          data-cell=""
          data-r={cell.r}
          data-k={cell.k}
          data-mean={cell.mean}
          title={`mean ${formatCellValue(cell.mean)}`}
        >
          <div className="heatmap-strip">
            {Array.from({ length: cell.length }, (_, j) => {
              const v = values[cell.start + j]!;
              return (
                <span
                  key={j}
                  data-value={v}
                  data-r={cell.r}
                  data-k={cell.k}
                  data-c={cell.k * cell.length + j}
                  style={{ background: scale.css(v) }}
                />
              );
            })}
          </div>
          <span className="heatmap-mean">{cell.mean.toFixed(3)}</span>
        </div>
      ))}
      <span
        className="heatmap-rowmean"
        data-mean={row.mean}
        style={{ background: scale.css(row.mean), color: inkFor(scale.rgb(row.mean)) }}
      >
        {row.mean.toFixed(3)}
      </span>
    </>
  );
});
