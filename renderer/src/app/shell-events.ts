/**
 * Files the OS, a dialog or Open Recent hand to the window, and menu commands, routed to the same
 * actions and commands the buttons use (only the Electron host has them).
 */
import { getHost } from '../host/host';
import { commands } from '../commands/app-commands';
import { systemTheme, useViewStore } from '../stores/view-store';
import { openImage, openModel } from './actions';

export function listenToShell(): () => void {
  const host = getHost();
  const offFile = host.onOpenFile((e) => {
    const open = e.role === 'model' ? openModel : openImage;
    void open(e.name, async () => e.source);
  });
  const offMenu = host.onMenu((c) => {
    if (c.command === 'export-svg') void commands.run('diagram.export');
    else if (c.command === 'theme') useViewStore.getState().setTheme(c.theme === 'system' ? systemTheme() : c.theme);
  });
  return () => {
    offFile();
    offMenu();
  };
}
