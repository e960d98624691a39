/** The title bar: brand, view tabs, and the main commands (open, run, export, theme). */
import { CommandButton } from './CommandButton';
import { commands } from '../commands/app-commands';
import { useViewStore, type ViewName } from '../stores/view-store';

const VIEWS: { id: ViewName; command: string; label: string }[] = [
  { id: 'compare', command: 'view.compare', label: 'Compare' },
  { id: 'diagram', command: 'view.diagram', label: 'Diagram' },
  { id: 'attention', command: 'view.attention', label: 'Attention' },
  { id: 'playground', command: 'view.playground', label: 'Playground' },
  { id: 'statistics', command: 'view.statistics', label: 'Statistics' },
];

export function TopBar() {
  const view = useViewStore((s) => s.view);
  const theme = useViewStore((s) => s.theme);
  return (
    <header className="topbar">
      <div className="brand">
        <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="8" cy="10" r="6" className="brand-a" />
          <circle cx="12" cy="10" r="6" className="brand-b" />
        </svg>
        splitlens
      </div>
      <nav className="view-tabs" role="tablist" aria-label="views">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            role="tab"
            aria-selected={view === v.id}
            className={view === v.id ? 'view-tab active' : 'view-tab'}
            data-view={v.id}
            onClick={() => void commands.run(v.command)}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <span className="spacer" />
      <CommandButton id="image.open">Open photo</CommandButton>
      <CommandButton id="model.open">Open model</CommandButton>
      <CommandButton id="predict.run" primary>
        Run
      </CommandButton>
      <button
        className="button icon"
        title="Toggle dark/light theme (Ctrl+Shift+L)"
        aria-label="toggle theme"
        data-command="theme.toggle"
        onClick={() => void commands.run('theme.toggle')}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
