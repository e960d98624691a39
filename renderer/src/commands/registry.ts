/**
 * Commands are small registered objects (Excalidraw's actions, VS Code's commands): one id, a
 * title, an optional shortcut, `enabled` and `run`. Buttons, menus and the keyboard all go
 * through the same object, so a shortcut can never do something the button does not.
 */
import { matches, parseShortcut, type KeyLike } from './shortcuts';

export interface Command {
  id: string;
  title: string;
  shortcut?: string;
  /** Shortcut also fires while typing in a text field (e.g. Escape). */
  inInputs?: boolean;
  enabled?: () => boolean;
  run: () => void | Promise<void>;
}

export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  register(...commands: Command[]): this {
    for (const c of commands) {
      if (this.commands.has(c.id)) throw new Error(`command ${c.id} is registered twice`);
      this.commands.set(c.id, c);
    }
    return this;
  }

  get(id: string): Command {
    const c = this.commands.get(id);
    if (!c) throw new Error(`unknown command ${id}`);
    return c;
  }

  all(): Command[] {
    return [...this.commands.values()];
  }

  isEnabled(id: string): boolean {
    return this.get(id).enabled?.() ?? true;
  }

  /** The enabled command whose shortcut matches the key, if any. */
  forKey(e: KeyLike, inInput: boolean, mac = false): Command | undefined {
    return this.all().find(
      (c) =>
        c.shortcut && (!inInput || c.inInputs) && matches(parseShortcut(c.shortcut), e, mac) && (c.enabled?.() ?? true),
    );
  }

  async run(id: string): Promise<void> {
    if (this.isEnabled(id)) await this.get(id).run();
  }
}
