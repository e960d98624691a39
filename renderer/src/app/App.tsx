/**
 * The window: title bar, sidebar, the active view, message and status bars. Owns no logic — state
 * lives in the domain stores, behaviour in actions and commands.
 */
import { useEffect } from 'react';
import { AttentionView } from '../heatmap/AttentionView';
import { CompareView } from '../compare/CompareView';
import { DiagramView } from '../diagram/DiagramView';
import { StatisticsView } from '../stats/StatisticsView';
import { PlaygroundView } from '../playground/PlaygroundView';
import { IMAGE_INPUT_ID, MODEL_INPUT_ID } from '../commands/app-commands';
import { ErrorBar, StatusBar } from '../components/MessageBars';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { Notices } from '../components/Notices';
import { useModelsStore } from '../stores/models-store';
import { useLayoutStore } from '../stores/layout-store';
import { CheckpointDialog } from '../components/CheckpointDialog';
import { Sidebar } from '../components/Sidebar';
import { TopBar } from '../components/TopBar';
import { useViewStore } from '../stores/view-store';
import { applyDiagramLook } from '../lib/diagram-look';
import { boot, openImageFile, openModelFile } from './actions';
import { listenToShell } from './shell-events';
import { useGlobalInput } from './use-global-input';

export function App() {
  const view = useViewStore((s) => s.view);
  const theme = useViewStore((s) => s.theme);
  const { dragging } = useGlobalInput();
  // Until the first model list arrives no view has anything true to say ("no models", "open a photo").
  const loaded = useModelsStore((s) => s.loaded);
  const collapsed = useLayoutStore((s) => s.sidebarCollapsed);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    applyDiagramLook(document.documentElement, theme);
  }, [theme]);
  useEffect(() => void boot(), []);
  useEffect(() => listenToShell(), []);

  return (
    <div className="app">
      <TopBar />
      <ErrorBar />
      <Notices />
      <div className={collapsed ? 'workspace sidebar-collapsed' : 'workspace'}>
        <Sidebar />
        <main className="view" data-view={view}>
          {!loaded && (
            <div className="center-message" role="status" data-testid="loading">
              <span className="spinner" /> Loading models…
            </div>
          )}
          {loaded && view === 'compare' && <CompareView />}
          {loaded && view === 'diagram' && <DiagramView />}
          {loaded && view === 'attention' && <AttentionView />}
          {loaded && view === 'playground' && <PlaygroundView />}
          {loaded && view === 'statistics' && <StatisticsView />}
        </main>
      </div>
      <StatusBar />
      <ShortcutsDialog />
      <CheckpointDialog />
      {dragging && (
        <div className="drop-overlay">Drop a photo to compare, or a model (.onnx, .pth, .safetensors) to add it</div>
      )}
      <FileInput id={IMAGE_INPUT_ID} accept="image/*" open={openImageFile} />
      <FileInput id={MODEL_INPUT_ID} accept=".onnx,.pth,.pt,.bin,.safetensors" open={openModelFile} />
    </div>
  );
}

/** A hidden file input the open commands click; the picked file goes to `open` (and the input resets). */
function FileInput({ id, accept, open }: { id: string; accept: string; open: (file: File) => Promise<void> }) {
  return (
    <input
      id={id}
      data-testid={id}
      type="file"
      accept={accept}
      hidden
      onChange={(e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (f) void open(f);
      }}
    />
  );
}
