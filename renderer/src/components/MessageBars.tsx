/** The one-line error bar (dismissable) and the status bar at the bottom of the window. */
import { useViewStore } from '../stores/view-store';
import { useModelsStore } from '../stores/models-store';
import { useResultsStore } from '../stores/results-store';

export function ErrorBar() {
  const error = useViewStore((s) => s.error);
  if (!error) return null;
  return (
    <div className="error-bar" role="alert" data-testid="error-bar">
      <span className="error-icon">!</span>
      <span className="error-message">{error}</span>
      <button className="button small" onClick={() => useViewStore.getState().setError(undefined)} aria-label="dismiss">
        Dismiss
      </button>
    </div>
  );
}

export function StatusBar() {
  const status = useViewStore((s) => s.status);
  const models = useModelsStore((s) => s.models.length);
  const running = useResultsStore(
    (s) => Object.values(s.progress).filter((p) => p.state === 'running' || p.state === 'queued').length,
  );
  return (
    <footer className="statusbar">
      <span>{status ?? (running ? `running ${running} of ${models} models…` : 'ready')}</span>
      <span className="spacer" />
      <span>{models} models</span>
      <button className="kbd-hint link-button" onClick={() => useViewStore.getState().setShortcutsOpen(true)}>
        Ctrl+O photo · Ctrl+Shift+O model · / find · ↑↓ blocks · E expand · Esc collapse · ? all shortcuts
      </button>
    </footer>
  );
}
