/**
 * The heatmap of one block of one model for the current photo, and — in diff mode — the second
 * photo and their difference side by side. Loads the attention it needs from the Api.
 */
import { memo, useEffect, useMemo } from 'react';
import type { AttentionBlock } from '../../../src/api/contract';
import { loadAnalysis, loadAttention } from '../app/actions';
import { blocksOf } from '../lib/block-order';
import { fitScale, sequentialScale } from '../../../src/common/colour-scale';
import { difference } from '../lib/attention-diff';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { resultKey, useResultsStore } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';
import { ColourLegend } from './ColourLegend';
import { HeatmapGrid } from './HeatmapGrid';

const kindTitle: Record<string, string> = {
  splat: 'split attention (softmax over radix)',
  sk: 'selective kernel (softmax over paths)',
  se: 'squeeze-excite gate (sigmoid)',
  eca: 'ECA gate (sigmoid)',
};

function useAttentionBlock(
  imageId: string | undefined,
  modelId: string,
  blockName: string,
): { block?: AttentionBlock; error?: string; loading: boolean } {
  const key = imageId ? resultKey(imageId, modelId) : '';
  const response = useResultsStore((s) => s.attention[key]);
  const error = useResultsStore((s) => s.errors[`attention|${key}`]);
  // Asked for once the model has run on the photo (a re-run after a cancel asks again).
  const ran = useResultsStore((s) => Boolean(s.predictions[key]));
  useEffect(() => {
    if (imageId) void loadAttention(imageId, modelId);
  }, [imageId, modelId, ran]);
  return {
    block: response?.blocks.find((b) => b.name === blockName),
    error,
    loading: Boolean(imageId) && !response && !error,
  };
}

export const HeatmapCard = memo(function HeatmapCard({
  modelId,
  blockName,
  title,
  sharedRange,
}: {
  modelId: string;
  blockName: string;
  title?: string;
  /** One range for every model's card (the Attention view's shared scale); else this card's own. */
  sharedRange?: { min: number; max: number };
}) {
  const imageA = useImagesStore((s) => s.currentId);
  const imageB = useImagesStore((s) => s.compareId);
  const nameA = useImagesStore((s) => (s.currentId ? s.byId[s.currentId]?.name : undefined));
  const nameB = useImagesStore((s) => (s.compareId ? s.byId[s.compareId]?.name : undefined));
  const diff = useViewStore((s) => s.diff) && Boolean(imageB);
  const analysis = useModelsStore((s) => s.analyses[modelId]);
  useEffect(() => void loadAnalysis(modelId), [modelId]);
  const info = blocksOf(analysis).find((b) => b.name === blockName);
  const cardinality = info?.cardinality ?? 1;

  const a = useAttentionBlock(imageA, modelId, blockName);
  const b = useAttentionBlock(diff ? imageB : undefined, modelId, blockName);
  const valuesA = a.block?.values;
  const valuesB = b.block?.values;
  const delta = useMemo(() => (valuesA && valuesB ? difference(valuesA, valuesB) : undefined), [valuesA, valuesB]);
  const sharedMin = sharedRange?.min;
  const sharedMax = sharedRange?.max;
  const scale = useMemo(
    () =>
      sharedMin !== undefined && sharedMax !== undefined
        ? sequentialScale(sharedMin, sharedMax > sharedMin ? sharedMax : sharedMin + 1e-6)
        : fitScale([...(valuesA ?? []), ...(diff ? (valuesB ?? []) : [])]),
    [valuesA, valuesB, diff, sharedMin, sharedMax],
  );
  const deltaScale = useMemo(() => (delta ? fitScale(delta, true) : undefined), [delta]);

  let body;
  if (a.error) body = <div className="card-message error-text">{a.error}</div>;
  else if (a.loading)
    body = (
      <div className="card-message">
        <span className="spinner" /> computing attention…
      </div>
    );
  else if (!a.block)
    body = (
      <div className="card-message">
        {info?.attention === 'none' || analysis?.family === 'resnet' || analysis?.family === 'resnext'
          ? 'no attention in this block (plain convolution)'
          : `no attention tensor for ${blockName}`}
      </div>
    );
  else {
    const shape = `[${a.block.shape.join(' × ')}] ${a.block.dims.join(' × ')}`;
    body = (
      <>
        <div className="card-sub">
          {kindTitle[a.block.kind] ?? a.block.kind} · {shape}
        </div>
        <div className={diff ? 'heatmap-diff' : undefined}>
          <figure>
            {diff && <figcaption>A · {nameA}</figcaption>}
            <HeatmapGrid
              block={a.block}
              values={valuesA!}
              cardinality={cardinality}
              scale={scale}
              testId={`heatmap-${modelId}`}
            />
          </figure>
          {diff && b.block && valuesB && (
            <figure>
              <figcaption>B · {nameB}</figcaption>
              <HeatmapGrid block={b.block} values={valuesB} cardinality={cardinality} scale={scale} />
            </figure>
          )}
          {diff && delta && deltaScale && a.block && (
            <figure>
              <figcaption>A − B</figcaption>
              <HeatmapGrid block={a.block} values={delta} cardinality={cardinality} scale={deltaScale} />
            </figure>
          )}
        </div>
        <div className="legends">
          <ColourLegend
            scale={scale}
            label={sharedRange ? 'weight · shared scale across models' : "weight · this model's scale"}
            scaleKind={sharedRange ? 'shared' : 'own'}
          />
          {diff && deltaScale && <ColourLegend scale={deltaScale} label="A − B" />}
        </div>
      </>
    );
  }
  return (
    <section
      className="card heatmap-card"
      data-model={modelId}
      aria-label={`${title ?? modelId} ${blockName} attention`}
    >
      <header className="card-head">
        <strong>{title ?? modelId}</strong>
        <span className="mono">{blockName}</span>
        {info && (
          <span className="pill">
            K={info.cardinality} R={info.radix} {info.attention}
          </span>
        )}
      </header>
      {body}
    </section>
  );
});
