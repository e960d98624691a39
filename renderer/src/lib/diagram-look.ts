/**
 * Puts the shared diagram look (src/common/diagram-look.ts) on the page as CSS variables, so the
 * app's blocks, edges and shortcuts are coloured and dashed from the same table the SVG export
 * writes into its <style>.
 */
import type { Theme } from '../../../src/common/diagram';
import { diagramCssVariables } from '../../../src/common/diagram-look';

/** Something with a style to set properties on (the root element). */
export interface StyleTarget {
  style: { setProperty(name: string, value: string): void };
}

export function applyDiagramLook(target: StyleTarget, theme: Theme): Record<string, string> {
  const vars = diagramCssVariables(theme);
  for (const [name, value] of Object.entries(vars)) target.style.setProperty(name, value);
  return vars;
}
