/**
 * Keyboard shortcuts as data: `Ctrl+Shift+O`, `/`, `Escape`. `Ctrl` means Cmd on macOS. Pure
 * parsing and matching against a KeyboardEvent-like object, so it is tested without a DOM.
 */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Shortcut {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
}

export function parseShortcut(text: string): Shortcut {
  const parts = text.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    key: key.toLowerCase(),
    ctrl: mods.has('ctrl') || mods.has('mod'),
    shift: mods.has('shift'),
    alt: mods.has('alt'),
  };
}

export function matches(sc: Shortcut, e: KeyLike, mac = false): boolean {
  const ctrl = mac ? e.metaKey : e.ctrlKey;
  // Printable keys that need Shift on some layouts (`/`, `?`) match on the key alone.
  const shiftFree = sc.key.length === 1 && !/[a-z0-9]/.test(sc.key) && !sc.shift;
  return (
    e.key.toLowerCase() === sc.key && ctrl === sc.ctrl && e.altKey === sc.alt && (shiftFree || e.shiftKey === sc.shift)
  );
}

/** Whether this window runs on macOS, where `Ctrl` in a shortcut means Cmd. */
export const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

const KEY_NAMES: Record<string, string> = {
  Escape: 'Esc',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
};

/** `Ctrl+Shift+O` → `⌘⇧O` on macOS, unchanged elsewhere; `Escape` → `Esc`, arrow keys → `↑` `↓`. */
export function displayShortcut(text: string, mac = false): string {
  const parts = text.split('+');
  const key = parts.pop()!;
  const shown = [...parts, KEY_NAMES[key] ?? key].join('+');
  if (!mac) return shown;
  return shown.replace('Ctrl+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}
