/**
 * A small histogram of a weight tensor's values (bins from the Api's statistics), with its range
 * under it and a mark at zero, as Netron-style tools show to spot dead or exploding layers.
 */
import { memo } from 'react';
import type { WeightStats } from '../../../src/api/contract';
import { formatWeightValue as signif } from '../../../src/common/diagram-look';

const W = 200;
const H = 40;

export const WeightHistogram = memo(function WeightHistogram({ stats }: { stats: WeightStats }) {
  const bins = stats.histogram.bins;
  const top = Math.max(1, ...bins);
  const bw = W / Math.max(1, bins.length);
  const zeroX =
    stats.max > stats.min && stats.min < 0 && stats.max > 0
      ? ((0 - stats.min) / (stats.max - stats.min)) * W
      : undefined;
  return (
    <figure className="weight-histogram" data-testid="weight-histogram">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="histogram of the weight values">
        {bins.map((c, i) => {
          const h = c === 0 ? 0 : Math.max(1, (c / top) * H);
          return (
            <rect key={i} className="weight-bar" x={i * bw + 0.5} y={H - h} width={Math.max(0.5, bw - 1)} height={h}>
              <title>{`${c} values in [${signif(stats.min + ((stats.max - stats.min) * i) / bins.length)}, ${signif(stats.min + ((stats.max - stats.min) * (i + 1)) / bins.length)}]`}</title>
            </rect>
          );
        })}
        {zeroX !== undefined && <line className="weight-zero" x1={zeroX} x2={zeroX} y1={0} y2={H} />}
      </svg>
      <figcaption>
        <span>{signif(stats.min)}</span>
        {zeroX !== undefined && <span>0</span>}
        <span>{signif(stats.max)}</span>
      </figcaption>
    </figure>
  );
});
