/**
 * A model's weight state and what to do about it. Zoo models: untrained / downloading n% /
 * pretrained / weights damaged, with the button to pull weights (for a damaged checkpoint it
 * fetches a fresh copy). Opened files: weights in file / analysis only (the weights are not in the
 * file) / failed to load, with the reason.
 */
import { memo } from 'react';
import type { ModelEntry } from '../../../src/api/contract';
import { pullWeights } from '../app/actions';

export const WeightBadge = memo(function WeightBadge({
  model,
  withButton = true,
}: {
  model: ModelEntry;
  withButton?: boolean;
}) {
  if (model.weights === 'downloading') {
    const pct = Math.round((model.downloadProgress ?? 0) * 100);
    return (
      <span className="weights downloading" data-weights="downloading" title="downloading pretrained weights">
        <span className="mini-progress">
          <span style={{ width: `${pct}%` }} />
        </span>
        {pct}%
      </span>
    );
  }
  if (model.weights === 'damaged')
    return (
      <span className="weights damaged" data-weights="damaged" title={model.weightsProblem}>
        {/* Beside the button (the compare table's "weights" row) one word fits the column. */}
        {withButton ? 'damaged' : 'weights damaged'}
        {withButton && (
          <button
            className="link-button"
            onClick={() => void pullWeights(model)}
            title="download the ImageNet checkpoint again"
          >
            get weights
          </button>
        )}
      </span>
    );
  if (model.weights === 'pretrained')
    return (
      <span className="weights pretrained" data-weights="pretrained">
        pretrained
      </span>
    );
  if (model.weights === 'in-file')
    return (
      <span className="weights in-file" data-weights="in-file" title="runs with the weights stored in the file">
        weights in file
      </span>
    );
  if (model.weights === 'analysis-only')
    return (
      <span
        className="weights analysis-only"
        data-weights="analysis-only"
        title={model.weightsProblem ?? 'the weights are not in the file: diagrams and analysis only, no predictions'}
      >
        analysis only
      </span>
    );
  if (model.weights === 'failed')
    return (
      <span className="weights failed" data-weights="failed" title={model.weightsProblem}>
        failed to load
      </span>
    );
  return (
    <span
      className="weights untrained"
      data-weights="untrained"
      title="seeded random weights: predictions are meaningless until pretrained weights are pulled"
    >
      untrained
      {withButton && model.source === 'zoo' && (
        <button
          className="link-button"
          onClick={() => void pullWeights(model)}
          title="download the ImageNet checkpoint"
        >
          get weights
        </button>
      )}
    </span>
  );
});
