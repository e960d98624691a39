/** What to do next, when a view has nothing to show: a title, a hint and the commands that help. */
import type { ReactNode } from 'react';
import { CommandButton } from './CommandButton';

export function EmptyState({
  title,
  children,
  commandIds = [],
}: {
  title: string;
  children?: ReactNode;
  commandIds?: string[];
}) {
  return (
    <div className="empty-state" role="status">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      <div className="empty-actions">
        {commandIds.map((id) => (
          <CommandButton key={id} id={id} primary />
        ))}
      </div>
    </div>
  );
}
