/**
 * Issue 17, "one look", in Chromium against `splitlens serve`: the app's diagram and its SVG export
 * draw a ResNeSt model alike — the same op labels (rSoftmax, fc1, …), the same block accent and
 * shortcut stroke, the same legend numbers — in both themes. Both sides read
 * src/common/diagram-look.ts; this checks what the browser actually paints against the export.
 */
import { expect, openApp, test } from './support/app.js';
import { descendants, parseXml, type XmlElement } from '../src/diagram/testing/xml-parse.js';

/** What a page element offers inside `evaluate` (the e2e tsconfig has no DOM types). */
interface Painted {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Painted | null;
}
/** Computed style, read inside `evaluate` (where no outer helper is in scope). */
type Styled = Painted & { ownerDocument: { defaultView: { getComputedStyle(e: unknown): Record<string, string> } } };

/** `rgb(147, 51, 234)` → `#9333ea`. */
function hex(rgb: string): string {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) return rgb;
  return '#' + [m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('');
}

/** One CSS rule's declarations from the SVG's <style>: `.sc` → { stroke: …, 'stroke-width': … }. */
function rule(svg: XmlElement, selector: string): Record<string, string> {
  const css = descendants(svg, (e) => e.name === 'style')[0]!.text;
  const body = new RegExp(`\\${selector}\\{([^}]*)\\}`).exec(css)![1]!;
  return Object.fromEntries(body.split(';').map((d) => d.split(':') as [string, string]));
}

test('the diagram on screen and its SVG export share op labels, colours and numbers', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const models = (await app.api('listModels')).filter((m) => m.source === 'zoo');
  const resnest = models.find((m) => m.family === 'resnest')!;
  const analysis = await app.api('analyze', resnest.id);
  const block = analysis.stages.flatMap((s) => s.blocks).find((b) => b.attention === 'splat' && b.radix > 1)!;
  const imageId = (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
  expect(imageId).toBeTruthy();

  await page.locator('[data-view=diagram]').click();
  await page.locator(`.tab[data-model="${resnest.id}"]`).click();
  const diagram = page.locator(`[data-testid=diagram][data-model="${resnest.id}"]`);
  await diagram.locator(`[data-testid=block-node][data-block="${block.name}"]`).click();
  await page.getByTestId('toggle-expand').click();
  await expect(diagram.locator(`[data-testid=expanded-block][data-block="${block.name}"]`)).toBeVisible();
  await expect(diagram.getByTestId('heatmap-legend')).toBeVisible();

  for (const theme of ['dark', 'light'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme)
      await page.locator('[data-command="theme.toggle"]').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const svg = parseXml(await app.api('exportSvg', { modelId: resnest.id, expand: [block.name], imageId, theme }));

    // Op labels: every op of the expanded block, by id, reads the same on screen and in the export.
    const svgOps = Object.fromEntries(
      descendants(svg, (e) => 'data-op' in e.attrs).map((g) => [
        g.attrs['data-op']!,
        descendants(g, (e) => e.attrs.class === 'olbl')[0]!.text,
      ]),
    );
    const appOps = Object.fromEntries(
      await diagram
        .locator('.react-flow__node-op')
        .evaluateAll((els: Painted[]) =>
          els.map((e) => [e.getAttribute('data-id') ?? '', e.querySelector('.op-type')?.textContent ?? '']),
        ),
    );
    expect(Object.keys(svgOps).length).toBeGreaterThan(5);
    expect(appOps).toEqual(svgOps);
    expect(Object.values(appOps)).toContain('rSoftmax');

    // Block accent: the painted left edge of the split-attention block's frame = the export's bar.
    const other = block.name;
    const painted = await diagram
      .locator(`[data-testid=expanded-block][data-block="${block.name}"]`)
      .evaluate((e: Styled) => e.ownerDocument.defaultView.getComputedStyle(e).borderLeftColor ?? '');
    const group = descendants(svg, (e) => e.attrs['data-block'] === other)[0]!;
    const bar = descendants(group, (e) => e.name === 'rect' && e.attrs.width === '4')[0]!;
    expect(hex(painted)).toBe(bar.attrs.fill);

    // Shortcut stroke: colour, width, dash and opacity as painted = the export's `.sc` rule.
    const sc = { ...rule(svg, '.edge'), ...rule(svg, '.sc') };
    const edge = await diagram
      .locator('.react-flow__edge-path.edge-shortcut')
      .first()
      .evaluate((e: Styled) => {
        const cs = e.ownerDocument.defaultView.getComputedStyle(e);
        return {
          stroke: cs.stroke ?? '',
          width: cs.strokeWidth ?? '',
          dash: cs.strokeDasharray ?? '',
          opacity: cs.opacity ?? '',
        };
      });
    expect(hex(edge.stroke)).toBe(sc.stroke);
    expect(parseFloat(edge.width)).toBe(Number(sc['stroke-width']));
    expect(edge.dash.replace(/px|,/g, '').replace(/\s+/g, ' ')).toBe(sc['stroke-dasharray']);
    expect(Number(edge.opacity)).toBe(Number(sc.opacity));

    // Numbers: the legend's ends read the same.
    const appEnds = await diagram.getByTestId('heatmap-legend').locator('.legend-value').allTextContents();
    const legend = descendants(svg, (e) => e.attrs.class === 'legend')[0]!;
    const svgTicks = descendants(legend, (e) => e.name === 'text').map((t) => t.text);
    expect(appEnds).toEqual([svgTicks[1], svgTicks[3]]);
  }
  expect(errors).toEqual([]);
});
