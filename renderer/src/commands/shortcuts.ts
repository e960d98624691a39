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
  return { key: key.toLowerCase(), ctrl: mods.has('ctrl') || mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') };
}

export function matches(sc: Shortcut, e: KeyLike, mac = false): boolean {
  const ctrl = mac ? e.metaKey : e.ctrlKey;
  // Printable keys that need Shift on some layouts (`/`, `?`) match on the key alone.
  const shiftFree = sc.key.length === 1 && !/[a-z0-9]/.test(sc.key) && !sc.shift;
  return (
    e.key.toLowerCase() === sc.key &&
    ctrl === sc.ctrl &&
    e.altKey === sc.alt &&
    (shiftFree || e.shiftKey === sc.shift)
  );
}

/** `Ctrl+Shift+O` → `⌘⇧O` on macOS, unchanged elsewhere. */
export function displayShortcut(text: string, mac = false): string {
  if (!mac) return text.replace('Escape', 'Esc');
  return text.replace('Ctrl+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥').replace('Escape', 'Esc');
}
