/**
 * Compare view: every listed model side by side on the current photo — status, saliency over the
 * photo, top-5 with probability bars (agreement highlighted, its marks explained by a legend), latency,
 * provider, size, weights.
 */
import { memo, useEffect, useMemo } from 'react';
import type { ModelEntry, ModelPrediction } from '../../../src/api/contract';
import { loadAnalysis, loadSaliency } from '../app/actions';
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { OverflowScroll } from '../components/OverflowScroll';
import { WeightBadge } from '../components/WeightBadge';
import { agreement } from '../lib/agreement';
import { compact, ms, shortLabel } from '../lib/format';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { resultKey, saliencyKey, useResultsStore } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';
import { SaliencyOverlay } from './SaliencyOverlay';
import { SaliencyNote } from './SaliencyNote';
import { TopList } from './PredictionColumn';
import { ClassLegend } from './ClassLegend';

const familyName: Record<string, string> = {
  resnet: 'ResNet',
  resnext: 'ResNeXt',
  seresnet: 'SE-ResNet',
  seresnext: 'SE-ResNeXt',
  skresnet: 'SK-ResNet',
  skresnext: 'SK-ResNeXt',
  resnest: 'ResNeSt',
  ecaresnet: 'ECA-ResNet',
  unknown: 'ONNX',
};

export function CompareView() {
  const models = useModelsStore((s) => s.models);
  const image = useImagesStore((s) => (s.currentId ? s.byId[s.currentId] : undefined));
  const predictions = useResultsStore((s) => s.predictions);
  const results = useMemo(
    () => (image ? models.map((m) => predictions[resultKey(image.id, m.id)]).filter((p) => p !== undefined) : []),
    [models, predictions, image],
  );
  const agree = useMemo(() => agreement(results), [results]);
  const showSaliency = useViewStore((s) => s.showSaliency);

  if (!image) {
    return (
      <EmptyState title="Open a photo to compare the models" commandIds={['image.open']}>
        Drop a photo anywhere, paste one with Ctrl+V, or pick a sample on the left.
      </EmptyState>
    );
  }
  if (models.length === 0) {
    return (
      <EmptyState title="No models listed" commandIds={['model.open']}>
        Open an ONNX classifier to run it on this photo.
      </EmptyState>
    );
  }
  const consensus =
    agree.consensus !== undefined ? results.find((r) => r.top[0]?.index === agree.consensus)?.top[0] : undefined;
  return (
    <div className="compare">
      <div className="compare-summary" data-testid="agreement">
        {consensus ? (
          <>
            <span className="agree-count">
              {agree.agreeing} of {agree.voting}
            </span>{' '}
            models agree on <strong>{shortLabel(consensus.label)}</strong>
          </>
        ) : results.length > 1 ? (
          <>No two models agree on the top class</>
        ) : (
          <>
            Running the models on <strong>{image.name}</strong>…
          </>
        )}
        <span className="spacer" />
        <SaliencyToggle />
        <CommandButton id="predict.run">Run again</CommandButton>
      </div>
      <ClassLegend top={results[0]?.top.length || 5} saliency={showSaliency} />
      <OverflowScroll className="table-scroll" label="models">
        <table
          className="prediction-table"
          data-testid="prediction-table"
          style={{ ['--models' as string]: models.length }}
        >
          <thead>
            <tr>
              <th className="rowhead" />
              {models.map((m) => (
                <ModelHeader key={m.id} model={m} />
              ))}
            </tr>
          </thead>
          <tbody>
            <Row
              label="photo"
              models={models}
              cell={(m) => (
                <SaliencyCell
                  model={m}
                  imageId={image.id}
                  src={image.thumbnail}
                  alt={image.name}
                  aspect={image.width / image.height}
                />
              )}
            />
            {showSaliency && <SaliencyNote columns={models.length} />}
            <Row
              label="top-5"
              models={models}
              cell={(m) => <PredictionCell model={m} imageId={image.id} agree={agree} />}
            />
            <Row
              label="latency"
              models={models}
              cell={(m) => <Stat imageId={image.id} model={m} pick={(p) => ms(p.latencyMs)} />}
            />
            <Row
              label="provider"
              models={models}
              cell={(m) => (
                <Stat
                  imageId={image.id}
                  model={m}
                  pick={(p) => p.provider + (p.fallback ? ' (fallback)' : '')}
                  title={(p) => p.fallback}
                />
              )}
            />
            <Row label="params" models={models} cell={(m) => <Size model={m} pick="params" />} />
            <Row label="MACs" models={models} cell={(m) => <Size model={m} pick="macs" />} />
            <Row label="weights" models={models} cell={(m) => <WeightBadge model={m} />} />
          </tbody>
        </table>
      </OverflowScroll>
    </div>
  );
}

/** Parameters or MACs: from the model list, else from the model's analysis. */
function Size({ model, pick }: { model: ModelEntry; pick: 'params' | 'macs' }) {
  const fromAnalysis = useModelsStore((s) => s.analyses[model.id]?.[pick]);
  useEffect(() => {
    if (model[pick] === undefined) void loadAnalysis(model.id);
  }, [model, pick]);
  return <span className="num">{compact(model[pick] ?? fromAnalysis)}</span>;
}

function SaliencyToggle() {
  const show = useViewStore((s) => s.showSaliency);
  return (
    <label className="toggle">
      <input
        type="checkbox"
        checked={show}
        onChange={(e) => useViewStore.getState().setShowSaliency(e.target.checked)}
      />{' '}
      saliency
    </label>
  );
}

function Row({
  label,
  models,
  cell,
}: {
  label: string;
  models: ModelEntry[];
  cell: (m: ModelEntry) => React.ReactNode;
}) {
  return (
    <tr>
      <th scope="row" className="rowhead">
        {label}
      </th>
      {models.map((m) => (
        <td key={m.id} data-model={m.id}>
          {cell(m)}
        </td>
      ))}
    </tr>
  );
}

const ModelHeader = memo(function ModelHeader({ model }: { model: ModelEntry }) {
  const progress = useResultsStore((s) => s.progress[model.id]);
  const busy = progress && (progress.state === 'running' || progress.state === 'queued');
  return (
    <th scope="col" data-model={model.id} className="model-head">
      <div className="model-name" title={model.fileName ?? model.preset ?? model.label}>
        {model.label}
      </div>
      <div className="model-family">
        {familyName[model.family] ?? model.family}
        {model.source === 'file' ? ' · opened file' : ''}
      </div>
      <div
        className={`run-state ${progress?.state ?? 'idle'}`}
        data-testid="run-state"
        data-state={progress?.state ?? 'idle'}
      >
        {busy ? (
          <span className="mini-progress indeterminate">
            <span />
          </span>
        ) : progress?.state === 'error' ? (
          <span className="error-text" title={progress.message}>
            failed
          </span>
        ) : null}
      </div>
    </th>
  );
});

const PredictionCell = memo(function PredictionCell({
  model,
  imageId,
  agree,
}: {
  model: ModelEntry;
  imageId: string;
  agree: ReturnType<typeof agreement>;
}) {
  const key = resultKey(imageId, model.id);
  const p = useResultsStore((s) => s.predictions[key]);
  const error = useResultsStore((s) => s.errors[key]);
  const camClass = useResultsStore((s) => s.saliencyClass[key]);
  const showCam = useViewStore((s) => s.showSaliency);
  if (model.weights === 'analysis-only')
    return (
      <div className="cell-note" data-testid="analysis-only" title={model.weightsProblem}>
        Analysis only: the weights are not in this file, so it is not run.
      </div>
    );
  if (error)
    return (
      <div className="cell-error error-text" title={error}>
        {error}
      </div>
    );
  if (!p)
    return (
      <div className="skeleton-list" aria-label="running">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} />
        ))}
      </div>
    );
  return (
    <TopList
      prediction={p}
      agree={agree}
      {...(showCam
        ? {
            camClass,
            // The top class again is the default map, not a pick.
            onCamClass: (k: number) =>
              useResultsStore.getState().setSaliencyClass(key, k === p.top[0]?.index ? undefined : k),
          }
        : {})}
    />
  );
});

function Stat({
  imageId,
  model,
  pick,
  title,
}: {
  imageId: string;
  model: ModelEntry;
  pick: (p: ModelPrediction) => string;
  title?: (p: ModelPrediction) => string | undefined;
}) {
  const p = useResultsStore((s) => s.predictions[resultKey(imageId, model.id)]);
  return (
    <span className="num" title={p && title ? title(p) : undefined}>
      {p && !p.error ? pick(p) : '—'}
    </span>
  );
}

const SaliencyCell = memo(function SaliencyCell({
  model,
  imageId,
  src,
  alt,
  aspect,
}: {
  model: ModelEntry;
  imageId: string;
  src: string;
  alt: string;
  aspect: number;
}) {
  const show = useViewStore((s) => s.showSaliency);
  // Saliency only from a model that ran on the photo: one that cannot run is never asked.
  const done = useResultsStore((s) => {
    const p = s.predictions[resultKey(imageId, model.id)];
    return Boolean(p && !p.error);
  });
  const camClass = useResultsStore((s) => s.saliencyClass[resultKey(imageId, model.id)]);
  const map = useResultsStore((s) => s.saliency[saliencyKey(imageId, model.id, camClass)]);
  // While a picked class's map loads, the top class's stays (no flash of the bare photo).
  const top = useResultsStore((s) => s.saliency[resultKey(imageId, model.id)]);
  const error = useResultsStore((s) => s.errors[`saliency|${saliencyKey(imageId, model.id, camClass)}`]);
  useEffect(() => {
    if (show && done) void loadSaliency(imageId, model.id, camClass);
  }, [show, done, imageId, model.id, camClass]);
  const shown = map ?? top;
  return (
    <SaliencyOverlay
      src={src}
      alt={alt}
      aspect={aspect}
      map={show && done ? shown : undefined}
      {...(show && error ? { error } : {})}
    />
  );
});
