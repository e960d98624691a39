/**
 * The key to the top-k lists' marks, visible under the summary rather than hidden in tooltips: a
 * grey square is a class only this model lists, a coloured square a class several models list (one
 * colour per class in every column), the green band the class most models rank first, and an
 * outline the class whose activation map the photo shows. The swatches are the list's own elements.
 */
import { memo } from 'react';
import { classHue } from '../lib/agreement';

export const ClassLegend = memo(function ClassLegend({ top, saliency }: { top: number; saliency: boolean }) {
  return (
    <div className="class-legend" data-testid="class-legend" aria-label="what the marks in the top lists mean">
      <span className="legend-item" data-testid="legend-own">
        <span className="class-dot" aria-hidden="true" /> only this model’s top-{top}
      </span>
      <span className="legend-item" data-testid="legend-shared">
        {[1, 2, 3].map((i) => (
          <span
            key={i}
            className="class-dot shared"
            aria-hidden="true"
            style={{ ['--hue' as string]: String(classHue(i * 7)) }}
          />
        ))}{' '}
        in several models’ top-{top}, one colour per class
      </span>
      <span className="legend-item" data-testid="legend-consensus">
        <span className="legend-consensus" aria-hidden="true" /> most models’ top class
      </span>
      {saliency && (
        <span className="legend-item" data-testid="legend-cam">
          <span className="legend-cam" aria-hidden="true" /> class the saliency map shows (click a class)
        </span>
      )}
    </div>
  );
});
