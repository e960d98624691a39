/** The colour scale of a heatmap as a gradient bar with its range (and 0 for differences). */
import { memo } from 'react';
import type { ColourScale } from '../../../src/common/colour-scale';
import { formatScaleValue as fmt } from '../../../src/common/diagram-look';

const STEPS = 10;

export const ColourLegend = memo(function ColourLegend({
  scale,
  label,
  scaleKind,
}: {
  scale: ColourScale;
  label?: string;
  /** Which range the colours span: one shared across models, or this heatmap's own. */
  scaleKind?: 'shared' | 'own';
}) {
  const stops = Array.from({ length: STEPS + 1 }, (_, i) =>
    scale.css(scale.min + ((scale.max - scale.min) * i) / STEPS),
  );
  return (
    <div
      className="legend"
      data-testid="heatmap-legend"
      data-scale={scaleKind}
      aria-label={`colour scale from ${fmt(scale.min)} to ${fmt(scale.max)}`}
    >
      {label && <span className="legend-label">{label}</span>}
      <span className="legend-value">{fmt(scale.min)}</span>
      <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} />
      <span className="legend-value">{fmt(scale.max)}</span>
    </div>
  );
});
