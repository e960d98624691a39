/**
 * The app's side of "one look" (issue 17): the CSS variables the stylesheet draws blocks, edges and
 * shortcuts with are the shared table's values (src/common/diagram-look.ts), the ones the SVG export
 * writes (src/diagram/svg-look.test.ts); e2e/one-look.spec.ts checks the painted result in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { ATTENTION_COLOURS, EDGE_COLOURS, EDGE_STROKES } from '../../../src/common/diagram-look';
import { PALETTES } from '../../../src/common/palettes';
import { applyDiagramLook } from './diagram-look';

describe('applyDiagramLook', () => {
  it.each(['light', 'dark'] as const)('%s: sets the shared colours and strokes on the page root', (theme) => {
    const set = new Map<string, string>();
    applyDiagramLook({ style: { setProperty: (k, v) => void set.set(k, v) } }, theme);
    const a = ATTENTION_COLOURS[theme];
    expect(Object.fromEntries(set)).toEqual({
      '--attn-none': a.none,
      '--splat': a.splat,
      '--sk': a.sk,
      '--se': a.se,
      '--eca': a.eca,
      '--edge': EDGE_COLOURS[theme],
      '--edge-width': String(EDGE_STROKES.main.width),
      '--shortcut-width': String(EDGE_STROKES.shortcut.width),
      '--shortcut-dash': EDGE_STROKES.shortcut.dash,
      '--shortcut-opacity': String(EDGE_STROKES.shortcut.opacity),
    });
    // The SVG export's palette holds the very same colours.
    const p = PALETTES[theme];
    expect([p.accent.splat, p.accent.none, p.edge, p.shortcut]).toEqual([
      set.get('--splat'),
      set.get('--attn-none'),
      set.get('--edge'),
      set.get('--edge'),
    ]);
  });

  it('gives the themes different colours', () => {
    expect(ATTENTION_COLOURS.light.splat).not.toBe(ATTENTION_COLOURS.dark.splat);
    expect(EDGE_COLOURS.light).not.toBe(EDGE_COLOURS.dark);
  });
});
