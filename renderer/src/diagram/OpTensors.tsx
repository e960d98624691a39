/**
 * The selected op's tensors, as Netron lists them: input and output shapes, then each weight it
 * reads with its shape, statistics and a histogram of its values (or why there are none, e.g. a
 * stripped export: "weights not in the file").
 */
import { Fragment, memo, useEffect } from 'react';
import type { OpWeight } from '../../../src/api/contract';
import { useModelsStore } from '../stores/models-store';
import { loadOpDetails, opDetailsKey, useOpDetailsStore } from './op-details';
import { formatWeightValue as signif } from '../../../src/common/diagram-look';
import { shapeText } from './op-format';
import { WeightHistogram } from './WeightHistogram';

/** `/layer1/layer1.0/conv1/Conv` reads `layer1.0.conv1.weight`: the last two name parts say which. */
function shortName(name: string): string {
  const parts = name.split(/[./]/).filter((p) => p !== '');
  return parts.slice(-2).join('.') || name;
}

const WeightBlock = memo(function WeightBlock({ w }: { w: OpWeight }) {
  const s = w.stats;
  return (
    <section className="op-weight" data-testid="op-weight" data-weight={w.name}>
      <header className="op-weight-head">
        <span className="mono" title={w.name}>
          {shortName(w.name)}
        </span>
        <span className="mono" data-testid="weight-shape">
          {w.dims.join('×')}
        </span>
      </header>
      {s ? (
        <>
          <dl className="props weight-stats" data-testid="weight-stats">
            <dt>count</dt>
            <dd className="mono">{s.count.toLocaleString('en-US')}</dd>
            <dt>min … max</dt>
            <dd className="mono">
              {signif(s.min)} … {signif(s.max)}
            </dd>
            <dt>mean ± std</dt>
            <dd className="mono">
              {signif(s.mean)} ± {signif(s.std)}
            </dd>
            <dt>zeros</dt>
            <dd className="mono">{(s.zeros * 100).toFixed(s.zeros > 0 && s.zeros < 0.001 ? 3 : 1)}%</dd>
          </dl>
          <WeightHistogram stats={s} />
        </>
      ) : (
        <p className="hint" data-testid="weight-missing">
          {w.missing ?? 'no statistics'}
        </p>
      )}
    </section>
  );
});

export const OpTensors = memo(function OpTensors({
  modelId,
  nodeId,
  block,
}: {
  modelId: string;
  nodeId: string;
  block: string;
}) {
  const weightsState = useModelsStore((st) => st.models.find((m) => m.id === modelId)?.weights ?? '');
  const details = useOpDetailsStore((st) => st.byKey[opDetailsKey(modelId, weightsState, nodeId)]);
  useEffect(() => {
    void loadOpDetails(modelId, weightsState, nodeId, block);
  }, [modelId, weightsState, nodeId, block]);
  const op = details?.op;
  return (
    <div className="op-tensors" data-testid="op-tensors">
      {op ? (
        <dl className="props" data-testid="op-shapes">
          {op.inputs.map((t, i) => (
            <Fragment key={`in${i}`}>
              <dt>{op.inputs.length > 1 ? `input ${i + 1}` : 'input'}</dt>
              <dd className="mono" title={t} data-testid="op-input-shape">
                {shapeText(op.inputDims?.[i])}
              </dd>
            </Fragment>
          ))}
          {op.outputs.map((t, i) => (
            <Fragment key={`out${i}`}>
              <dt>{op.outputs.length > 1 ? `output ${i + 1}` : 'output'}</dt>
              <dd className="mono" title={t} data-testid="op-output-shape">
                {shapeText(op.outputDims?.[i])}
              </dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        !details?.error && <p className="card-message">Loading the op’s tensors…</p>
      )}
      {op?.weights?.length ? (
        <>
          <h4 className="op-tensors-title">weights</h4>
          {details?.weights
            ? details.weights.map((w) => <WeightBlock key={w.name} w={w} />)
            : !details?.error && <p className="card-message">Reading the weights…</p>}
        </>
      ) : null}
      {details?.error && <p className="card-message error">{details.error}</p>}
    </div>
  );
});
