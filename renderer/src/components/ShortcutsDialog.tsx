/** Every registered command with its shortcut (`?`), straight from the command registry. */
import { commands } from '../commands/app-commands';
import { displayShortcut, isMac } from '../commands/shortcuts';
import { useViewStore } from '../stores/view-store';

export function ShortcutsDialog() {
  const open = useViewStore((s) => s.shortcutsOpen);
  if (!open) return null;
  const close = () => useViewStore.getState().setShortcutsOpen(false);
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog card" role="dialog" aria-label="keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <header className="card-head">
          <strong>Keyboard shortcuts</strong>
          <button className="button small" onClick={close}>
            Close
          </button>
        </header>
        <table className="shortcut-table">
          <tbody>
            {commands
              .all()
              .filter((c) => c.shortcut)
              .map((c) => (
                <tr key={c.id}>
                  <td>{c.title}</td>
                  <td>
                    <kbd>{displayShortcut(c.shortcut!, isMac)}</kbd>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
