/**
 * Every registered command with its shortcut (`?`), straight from the command registry, and the
 * mouse gestures of the diagram and the window.
 */
import { commands } from '../commands/app-commands';
import { displayShortcut, isMac } from '../commands/shortcuts';
import { useViewStore } from '../stores/view-store';

/** What the mouse does (React Flow's canvas as DiagramCanvas configures it, and the window's drop). */
export const MOUSE_GESTURES: readonly [string, string][] = [
  ['Expand or collapse a block', 'Double-click the block'],
  ['Select a block or op (its properties and attention)', 'Click'],
  ['Zoom the diagram', 'Scroll wheel or pinch'],
  ['Pan the diagram', 'Drag the background'],
  ['Jump to a part of the diagram', 'Click or drag in the minimap'],
  ['Open a photo or model', 'Drop the file on the window'],
];

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
        <div className="subsection-title">Mouse</div>
        <table className="shortcut-table" data-testid="mouse-gestures">
          <tbody>
            {MOUSE_GESTURES.map(([what, how]) => (
              <tr key={what}>
                <td>{what}</td>
                <td>
                  <kbd>{how}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
