/**
 * One block's attention drawn as its layout says (R × K strips, paths × groups, or 1 × C gate).
 * A strip draws at most one bin per pixel (`data-value` the bin's mean, `data-c` its first channel;
 * one channel per bin when they fit); every cell carries its mean. Hovering shows the exact value
 * of the channel under the pointer, in a tooltip and the line below; rows end with the per-split mean.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { formatCellValue, formatExactValue } from '../../../src/common/diagram-look';
import type { AttentionBlock } from '../../../src/api/contract';
import { inkFor, type ColourScale } from '../../../src/common/colour-scale';
import { channelBins, heatmapLayout, meanOf, type HeatCell, type HeatRow } from '../../../src/common/heatmap-geometry';

interface Props {
  block: Pick<AttentionBlock, 'name' | 'kind' | 'dims' | 'shape'>;
  values: ArrayLike<number>;
  cardinality: number;
  scale: ColourScale;
  testId?: string;
}

const axisName = { radix: 'split', path: 'path', gate: 'gate' } as const;

/** The channel under the pointer: where it is in the tensor, its exact value, and where the pointer is. */
interface ChannelHover {
  r: number;
  k: number;
  channel: number;
  value: number;
  x: number;
  y: number;
}

export const HeatmapGrid = memo(function HeatmapGrid({ block, values, cardinality, scale, testId }: Props) {
  const layout = useMemo(() => heatmapLayout(block, values, cardinality), [block, values, cardinality]);
  const [hover, setHover] = useState<string>();
  const [channel, setChannel] = useState<ChannelHover>();
  const box = useRef<HTMLDivElement>(null);

  const onOver = (e: MouseEvent<HTMLDivElement>) => {
    const d = (e.target as HTMLElement).dataset;
    if (d.mean !== undefined && d.value === undefined) setHover(`mean ${formatCellValue(Number(d.mean))}`);
  };
  const channelText = (c: ChannelHover): string => {
    const row = layout.rowAxis === 'gate' ? '' : `${axisName[layout.rowAxis]} ${c.r} · `;
    const group = layout.groups > 1 ? `group ${c.k} · ` : '';
    return `${row}${group}channel ${c.channel}: ${formatExactValue(c.value)}`;
  };
  const onChannel = (c: ChannelHover | undefined) => {
    setChannel(c);
    if (c) setHover(channelText(c));
  };
  const tipAt = channel && box.current?.getBoundingClientRect();

  // Many cardinal groups (SK-ResNeXt K=32): thin cells, a few column numbers, means on hover.
  const dense = layout.groups > 8;
  const every = Math.ceil(layout.groups / 8);
  const colTemplate = `4.2rem repeat(${layout.groups}, minmax(0, 1fr)) 3.6rem`;
  return (
    <div
      ref={box}
      className={dense ? 'heatmap dense' : 'heatmap'}
      data-testid={testId}
      data-block={block.name}
      data-rows={layout.rows.length}
      data-groups={layout.groups}
      onMouseOver={onOver}
      onMouseLeave={() => {
        setHover(undefined);
        setChannel(undefined);
      }}
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
          <Row key={row.r} row={row} values={values} scale={scale} label={row.label} onChannel={onChannel} />
        ))}
      </div>
      <div className="heatmap-hover" aria-live="polite">
        {hover ?? ''}
      </div>
      {channel && tipAt && (
        <div
          className="heatmap-tip"
          role="tooltip"
          data-testid="heatmap-tip"
          data-channel={channel.channel}
          data-r={channel.r}
          data-value={channel.value}
          // Right of the pointer on the left half, left of it on the right half: never off the card.
          style={
            channel.x - tipAt.left < tipAt.width / 2
              ? { left: channel.x - tipAt.left + 12, top: channel.y - tipAt.top + 14 }
              : { right: tipAt.right - channel.x + 12, top: channel.y - tipAt.top + 14 }
          }
        >
          {channelText(channel)}
        </div>
      )}
    </div>
  );
});

const Row = memo(function Row({
  row,
  values,
  scale,
  label,
  onChannel,
}: {
  row: HeatRow;
  values: ArrayLike<number>;
  scale: ColourScale;
  label: string;
  onChannel: (hover: ChannelHover | undefined) => void;
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
          <Strip cell={cell} values={values} scale={scale} onChannel={onChannel} />
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

/** Bins drawn before the strip's width is known: few enough to be cheap, then one per pixel. */
const FIRST_BINS = 64;

/**
 * One cell's channels, one bin per pixel at most (`channelBins`, the SVG export's function): a
 * 2,048-channel SE gate in 300 px is 300 bins of about 7 channels, each painted with its mean,
 * instead of a moiré. The exact channel under the pointer is reported on hover.
 */
const Strip = memo(function Strip({
  cell,
  values,
  scale,
  onChannel,
}: {
  cell: HeatCell;
  values: ArrayLike<number>;
  scale: ColourScale;
  onChannel: (hover: ChannelHover | undefined) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [pixels, setPixels] = useState<number>();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setPixels(Math.floor(el.getBoundingClientRect().width));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const bins = useMemo(() => channelBins(cell.length, pixels || FIRST_BINS), [cell.length, pixels]);
  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    const j = Math.min(cell.length - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * cell.length)));
    onChannel({
      r: cell.r,
      k: cell.k,
      channel: cell.k * cell.length + j,
      value: values[cell.start + j]!,
      x: e.clientX,
      y: e.clientY,
    });
  };
  return (
    <div
      ref={ref}
      className="heatmap-strip"
      data-bins={bins.length}
      data-channels={cell.length}
      onMouseMove={onMove}
      onMouseLeave={() => onChannel(undefined)}
    >
      {bins.map(({ start, end }) => {
        const v = end - start === 1 ? values[cell.start + start]! : meanOf(values, cell.start + start, end - start);
        return (
          <span
            key={start}
            data-value={v}
            data-r={cell.r}
            data-k={cell.k}
            data-c={cell.k * cell.length + start}
            {...(end - start > 1 ? { 'data-c-end': cell.k * cell.length + end } : {})}
            style={{ background: scale.css(v) }}
          />
        );
      })}
    </div>
  );
});
