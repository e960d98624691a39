/**
 * Electron only: files the OS, a dialog or Open Recent hand to the window, and menu commands,
 * routed to the same actions and commands the buttons use. A no-op in serve mode.
 */
import { getShell } from '../api/shell';
import { commands } from '../commands/app-commands';
import { systemTheme, useViewStore } from '../stores/view-store';
import { openImage, openModel } from './actions';

export function listenToShell(): () => void {
  const shell = getShell();
  if (!shell) return () => {};
  const offFile = shell.onOpenFile((e) => {
    const open = e.role === 'model' ? openModel : openImage;
    void open(e.name, async () => e.source);
  });
  const offMenu = shell.onMenu((c) => {
    if (c.command === 'export-svg') void commands.run('diagram.export');
    else if (c.command === 'theme') useViewStore.getState().setTheme(c.theme === 'system' ? systemTheme() : c.theme);
  });
  return () => {
    offFile();
    offMenu();
  };
}
