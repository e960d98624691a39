import { describe, expect, it } from 'vitest';
import { CommandRegistry } from './registry';
import { displayShortcut, matches, parseShortcut } from './shortcuts';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('tells Ctrl+O from Ctrl+Shift+O', () => {
    expect(matches(parseShortcut('Ctrl+O'), key('o', { ctrlKey: true }))).toBe(true);
    expect(matches(parseShortcut('Ctrl+O'), key('O', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(matches(parseShortcut('Ctrl+Shift+O'), key('O', { ctrlKey: true, shiftKey: true }))).toBe(true);
  });
  it('uses Cmd on macOS', () => {
    expect(matches(parseShortcut('Ctrl+E'), key('e', { metaKey: true }), true)).toBe(true);
    expect(matches(parseShortcut('Ctrl+E'), key('e', { ctrlKey: true }), true)).toBe(false);
    expect(displayShortcut('Ctrl+Shift+O', true)).toBe('⌘⇧O');
  });
  it('shows Escape and the arrow keys by their short names', () => {
    expect(displayShortcut('Escape')).toBe('Esc');
    expect(displayShortcut('ArrowDown')).toBe('↓');
    expect(displayShortcut('Ctrl+ArrowUp', true)).toBe('⌘↑');
  });
  it('matches punctuation whatever Shift the layout needs', () => {
    expect(matches(parseShortcut('/'), key('/', { shiftKey: true }))).toBe(true);
  });
});

describe('CommandRegistry', () => {
  function registry(log: string[], canExport: () => boolean) {
    return new CommandRegistry().register(
      { id: 'image.open', title: 'Open photo', shortcut: 'Ctrl+O', run: () => void log.push('open') },
      {
        id: 'diagram.export',
        title: 'Export SVG',
        shortcut: 'Ctrl+E',
        enabled: canExport,
        run: () => void log.push('export'),
      },
      { id: 'view.collapse', title: 'Collapse', shortcut: 'Escape', inInputs: true, run: () => void log.push('esc') },
    );
  }

  it('finds the command for a key, skipping disabled ones and text fields', async () => {
    const log: string[] = [];
    let can = false;
    const r = registry(log, () => can);
    expect(r.forKey(key('o', { ctrlKey: true }), false)?.id).toBe('image.open');
    expect(r.forKey(key('o', { ctrlKey: true }), true)).toBeUndefined();
    expect(r.forKey(key('Escape'), true)?.id).toBe('view.collapse');
    expect(r.forKey(key('e', { ctrlKey: true }), false)).toBeUndefined();
    await r.run('diagram.export');
    expect(log).toEqual([]);
    can = true;
    await r.run('diagram.export');
    expect(log).toEqual(['export']);
  });

  it('refuses duplicate ids', () => {
    expect(() => registry([], () => true).register({ id: 'image.open', title: 'x', run: () => {} })).toThrow(/twice/);
  });
});
