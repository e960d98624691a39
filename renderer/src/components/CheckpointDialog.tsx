/**
 * The architecture splitlens inferred from a dropped or opened checkpoint, for the user to confirm:
 * family, stem, depth per stage, K, R, widths, attention, classes, input size and what was assumed.
 * Confirm opens the model; Save spec writes the timm kwargs JSON that `--timm-spec` reads.
 */
import type { CheckpointInspection } from '../../../src/api/contract';
import { confirmCheckpoint, saveCheckpointSpec } from '../app/actions';
import { useCheckpointStore } from '../stores/checkpoint-store';

function rows(i: CheckpointInspection): [string, string][] {
  return [
    ['family', i.family],
    ['block', i.block],
    ['keys', i.layout],
    ['stem', i.stem],
    ['depth per stage', i.layers.join(' · ')],
    ['widths (planes)', i.channels.join(' · ')],
    ['cardinality K', String(i.cardinality)],
    ['radix R', String(i.radix)],
    ['base width', String(i.baseWidth)],
    ['attention', i.attention],
    [
      'classes',
      `${i.numClasses} (${i.labels === 'checkpoint' ? 'labels from the checkpoint' : i.labels === 'imagenet' ? 'ImageNet labels' : 'numbered'})`,
    ],
    ['input size', `${i.inputSize} (the graph takes any size)`],
  ];
}

export function CheckpointDialog() {
  const pending = useCheckpointStore((s) => s.pending);
  if (!pending) return null;
  const cancel = () => useCheckpointStore.getState().setPending(undefined);
  const i = pending.inspection;
  return (
    <div className="dialog-backdrop" onClick={cancel}>
      <div
        className="dialog card checkpoint-dialog"
        role="dialog"
        aria-label="checkpoint architecture"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && cancel()}
      >
        <header className="card-head">
          <strong>{pending.name}</strong>
          <span className="muted">architecture inferred from the weights</span>
        </header>
        <table className="spec-table" data-testid="checkpoint-spec">
          <tbody>
            {rows(i).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {i.assumptions.length > 0 && (
          <ul className="spec-assumptions">
            {i.assumptions.map((a) => (
              <li key={a}>assumed: {a}</li>
            ))}
          </ul>
        )}
        <footer className="dialog-actions">
          <button className="button small" onClick={cancel}>
            Cancel
          </button>
          <button className="button small" onClick={() => saveCheckpointSpec(pending)}>
            Save spec
          </button>
          <button className="button small primary" autoFocus onClick={() => void confirmCheckpoint(pending)}>
            Confirm
          </button>
        </footer>
      </div>
    </div>
  );
}
