/** A button that runs a registered command and shows its shortcut; disabled when the command is. */
import type { ReactNode } from 'react';
import { commands } from '../commands/app-commands';
import { displayShortcut, isMac } from '../commands/shortcuts';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useViewStore } from '../stores/view-store';

export function CommandButton({
  id,
  children,
  primary,
  icon,
}: {
  id: string;
  children?: ReactNode;
  primary?: boolean;
  icon?: ReactNode;
}) {
  // Re-render when the state that `enabled` reads changes.
  useViewStore(
    (s) =>
      `${s.view}|${s.diagramModelId}|${s.selectedBlock}|${s.diagramModelId ? s.expanded[s.diagramModelId]?.length : 0}`,
  );
  useModelsStore((s) => s.models.length);
  useImagesStore((s) => s.currentId);
  const cmd = commands.get(id);
  const enabled = commands.isEnabled(id);
  const hint = cmd.shortcut ? `${cmd.title} (${displayShortcut(cmd.shortcut, isMac)})` : cmd.title;
  return (
    <button
      className={primary ? 'button primary' : 'button'}
      disabled={!enabled}
      title={hint}
      data-command={id}
      onClick={() => void commands.run(id)}
    >
      {icon}
      {children ?? cmd.title}
    </button>
  );
}
