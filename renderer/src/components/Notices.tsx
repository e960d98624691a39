/**
 * Notices between the title bar and the workspace, each dismissible: models running with untrained
 * (seeded random) weights — with the one-click and the one-command way to get pretrained ones —
 * and the model just opened (the view stays where the user was; the notice leads to its diagram).
 */
import { pullAllWeights } from '../app/actions';
import { useModelsStore } from '../stores/models-store';
import { useNoticeStore } from '../stores/notice-store';
import { useViewStore } from '../stores/view-store';

export function Notices() {
  return (
    <>
      <UntrainedNotice />
      <OpenedNotice />
    </>
  );
}

function UntrainedNotice() {
  const dismissed = useNoticeStore((s) => s.untrainedDismissed);
  const models = useModelsStore((s) => s.models);
  const untrained = models.filter((m) => m.source === 'zoo' && (m.weights === 'untrained' || m.weights === 'damaged'));
  if (dismissed || untrained.length === 0) return null;
  const presets = untrained.map((m) => m.preset ?? m.id);
  const command = `npx splitlens weights pull ${presets.join(' ')}`;
  const n = untrained.length;
  return (
    <div className="notice-bar untrained-notice" role="status" data-testid="untrained-notice">
      <span className="notice-icon">i</span>
      <span className="notice-text">
        {n === 1 ? `${untrained[0]!.label} has` : `${n} models have`} untrained (seeded random) weights: their
        predictions are meaningless until pretrained weights are downloaded. Or run <code>{command}</code>
      </span>
      <button className="button small primary" onClick={() => void pullAllWeights()} data-testid="get-all-weights">
        Get pretrained weights
      </button>
      <button
        className="button small"
        aria-label="dismiss the untrained weights notice"
        onClick={() => useNoticeStore.getState().dismissUntrained()}
      >
        Dismiss
      </button>
    </div>
  );
}

function OpenedNotice() {
  const opened = useNoticeStore((s) => s.opened);
  const inDiagram = useViewStore((s) => s.view === 'diagram' && s.diagramModelId === opened?.modelId);
  if (!opened) return null;
  return (
    <div className="notice-bar opened-notice" role="status" aria-live="polite" data-testid="opened-notice">
      <span className="notice-icon">+</span>
      <span className="notice-text">
        <strong>{opened.label}</strong> was added to the models.
      </span>
      {!inDiagram && (
        <button
          className="button small"
          onClick={() => {
            useViewStore.getState().setDiagramModel(opened.modelId);
            useViewStore.getState().setView('diagram');
            useNoticeStore.getState().clearOpened();
          }}
        >
          Show its diagram
        </button>
      )}
      <button className="button small" aria-label="dismiss" onClick={() => useNoticeStore.getState().clearOpened()}>
        Dismiss
      </button>
    </div>
  );
}
