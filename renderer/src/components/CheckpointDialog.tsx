/**
 * A dropped or opened checkpoint, before it opens: what splitlens read from its weights (family,
 * stem, depths, K, R, widths, attention, classes) apart from what the weights cannot tell and was
 * assumed. The user may change the assumptions that have a choice (input size; ResNeSt's avd
 * placement) — checked here by the spec's own rule — and Open / Save spec use the spec as changed.
 */
import { useState } from 'react';
import type { AvdPlacement, CheckpointInspection } from '../../../src/api/contract';
import { INPUT_SIDE_MAX, INPUT_SIDE_MIN, parseInputSize, type InputSize } from '../../../src/common/input-size';
import { confirmCheckpoint, saveCheckpointSpec } from '../app/actions';
import { useCheckpointStore } from '../stores/checkpoint-store';

const LABELS: Record<CheckpointInspection['labels'], string> = {
  checkpoint: 'names from the checkpoint',
  imagenet: 'ImageNet names',
  numbered: 'numbered',
};

const AVD_CHOICES: [AvdPlacement, string][] = [
  ['after', 'after the split-attention conv (timm default)'],
  ['before', 'before the split-attention conv (avd_first)'],
  ['none', 'none: the split-attention conv strides'],
];

/** What the weights say: read-only. */
function readRows(i: CheckpointInspection): [string, string][] {
  return [
    ['family', `${i.family} (${i.block})`],
    ['key names', i.layout],
    ['stem', i.stem],
    ['blocks per stage', i.layers.join(' · ')],
    ['widths (planes)', i.channels.join(' · ')],
    ['cardinality K', String(i.cardinality)],
    ['radix R', String(i.radix)],
    ['base width', String(i.baseWidth)],
    ['attention', i.attention],
    ['classes', `${i.numClasses} (${LABELS[i.labels]})`],
  ];
}

/** The inferred timm kwargs with the user's input size and avd placement. */
function chosenSpec(i: CheckpointInspection, size: InputSize, avd?: AvdPlacement): Record<string, unknown> {
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  const inChans = Array.isArray(i.timmSpec.input_size) ? (i.timmSpec.input_size[0] as number) : 3;
  const spec: Record<string, unknown> = { ...i.timmSpec, input_size: [inChans, h, w] };
  if (avd) {
    const blockArgs = (i.timmSpec.block_args ?? {}) as Record<string, unknown>;
    spec.block_args = { ...blockArgs, avd: avd !== 'none', avd_first: avd === 'before' };
  }
  return spec;
}

export function CheckpointDialog() {
  const pending = useCheckpointStore((s) => s.pending);
  // A new checkpoint remounts the form (key), so its fields start from that checkpoint's values.
  return pending ? <CheckpointForm key={pending.inspection.fileName + pending.name} /> : null;
}

function CheckpointForm() {
  const pending = useCheckpointStore((s) => s.pending)!;
  const i = pending.inspection;
  const [sizeText, setSizeText] = useState(i.inputSize);
  const [avd, setAvd] = useState(i.avd);
  const size = parseInputSize(sizeText);
  const timmSpec = size === undefined ? undefined : chosenSpec(i, size, avd);
  const cancel = () => useCheckpointStore.getState().setPending(undefined);
  const notes = i.assumptions.filter((a) => a.about !== 'inputSize' && a.about !== 'avd');
  return (
    <div className="dialog-backdrop" onClick={cancel}>
      <form
        className="dialog card checkpoint-dialog"
        role="dialog"
        aria-label="checkpoint architecture"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && cancel()}
        onSubmit={(e) => {
          e.preventDefault();
          if (timmSpec) void confirmCheckpoint({ name: pending.name, source: pending.source, timmSpec });
        }}
      >
        <header className="checkpoint-head">
          <strong title={pending.name}>{pending.name}</strong>
          <span>Check the architecture before opening it.</span>
        </header>

        <h3 className="spec-section">Read from the weights</h3>
        <table className="spec-table" data-testid="checkpoint-spec">
          <tbody>
            {readRows(i).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h3 className="spec-section">Assumed — not in the weights</h3>
        <p className="spec-intro">timm&apos;s defaults; change them if your model was built differently.</p>
        <div className="spec-choices" data-testid="checkpoint-assumed">
          <label htmlFor="checkpoint-input-size">input size</label>
          <div>
            <input
              id="checkpoint-input-size"
              type="text"
              inputMode="numeric"
              spellCheck={false}
              value={sizeText}
              aria-invalid={size === undefined}
              aria-describedby="checkpoint-input-size-help"
              onChange={(e) => setSizeText(e.target.value)}
            />
            <p
              id="checkpoint-input-size-help"
              className={size === undefined ? 'spec-help invalid' : 'spec-help'}
              role={size === undefined ? 'alert' : undefined}
            >
              {size === undefined
                ? `Enter S or HxW, each side ${INPUT_SIDE_MIN} to ${INPUT_SIDE_MAX} pixels.`
                : 'S or HxW. Photos are resized to it and MACs measured at it; the graph takes any size.'}
            </p>
          </div>
          {avd && (
            <>
              <label htmlFor="checkpoint-avd">avd pooling</label>
              <div>
                <select id="checkpoint-avd" value={avd} onChange={(e) => setAvd(e.target.value as AvdPlacement)}>
                  {AVD_CHOICES.map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
                <p className="spec-help">Where a strided block&apos;s 3x3 avg-pool sits; it has no weights.</p>
              </div>
            </>
          )}
        </div>
        {notes.length > 0 && (
          <ul className="spec-notes">
            {notes.map((a) => (
              <li key={a.text}>{a.text}</li>
            ))}
          </ul>
        )}

        <footer className="dialog-actions">
          <button
            type="button"
            className="button small"
            disabled={!timmSpec}
            onClick={() => timmSpec && void saveCheckpointSpec({ name: pending.name, timmSpec })}
          >
            Save spec
          </button>
          <span className="dialog-actions-gap" />
          <button type="button" className="button small" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="button small primary" autoFocus disabled={!timmSpec}>
            Open model
          </button>
        </footer>
      </form>
    </div>
  );
}
