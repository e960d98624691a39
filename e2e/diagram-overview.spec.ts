/**
 * Issue 17, diagrams at scale, in Chromium against `splitlens serve`: a fully expanded ResNeSt-269e
 * (timm's block structure, 89 blocks, ~2,000 nodes; narrow channels so the file is small) gets a
 * readable overview — wrapped into columns, each block one summary box far out (semantic zoom) —
 * and a minimap that draws the node boxes and the rectangle of what the canvas shows.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, screenshotPath, test } from './support/app.js';
import { buildNarrowResnest269e } from './support/narrow-resnest269e.js';
import { watchPage } from './support/watch.js';

const MODEL = 'test-results/overview-resnest269e.onnx';

test.beforeAll(() => buildNarrowResnest269e(MODEL));

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The minimap's view box and the viewport rectangle its mask cuts out (the mask's second subpath). */
async function minimapView(minimap: Locator): Promise<{ box: Rect; view: Rect }> {
  const svg = minimap.locator('svg.react-flow__minimap-svg');
  const [x, y, width, height] = (await svg.getAttribute('viewBox'))!.split(/\s+/).map(Number);
  const d = (await minimap.locator('path.react-flow__minimap-mask').getAttribute('d'))!;
  const m = /M\s*(-?[\d.e+-]+),(-?[\d.e+-]+)h(-?[\d.e+-]+)v(-?[\d.e+-]+)h-?[\d.e+-]+z\s*$/.exec(d.trim());
  expect(m, `viewport subpath in ${d}`).not.toBeNull();
  const [vx, vy, vw, vh] = m!.slice(1).map(Number);
  return { box: { x: x!, y: y!, width: width!, height: height! }, view: { x: vx!, y: vy!, width: vw!, height: vh! } };
}

/** The page's getComputedStyle, typed (the e2e tsconfig has no DOM types); use inside the page only. */
type Styles = { getComputedStyle(e: unknown): Record<string, string> };

/** What the canvas shows, in diagram units, from React Flow's viewport transform. */
async function canvasView(page: Page, diagram: Locator): Promise<Rect> {
  const t = await diagram
    .locator('.react-flow__viewport')
    .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).transform!);
  const [a, , , , e, f] = /matrix\(([^)]+)\)/.exec(t)![1]!.split(',').map(Number);
  const size = (await diagram.locator('.react-flow').boundingBox())!;
  return { x: -e! / a!, y: -f! / a!, width: size.width / a!, height: size.height / a! };
}

/** How far apart two rectangles are, as a fraction of the second one's size. */
function offBy(a: Rect, b: Rect): number {
  const s = Math.max(b.width, b.height);
  return (
    Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width), Math.abs(a.height - b.height)) / s
  );
}

test('the minimap shows the viewport of a fully expanded ResNeSt-269e', async ({ page, app }) => {
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  await page.getByTestId('open-model-input').setInputFiles(MODEL);
  const listed = async () => (await app.api('listModels')).find((m) => m.fileName === 'overview-resnest269e.onnx');
  await expect.poll(listed, { message: 'the opened ONNX file is listed' }).toBeDefined();
  const model = (await listed())!;
  try {
    const blocks = (await app.api('analyze', model.id)).stages.flatMap((s) => s.blocks);
    expect(blocks).toHaveLength(89);
    await page.getByTestId('opened-notice').getByRole('button', { name: 'Show its diagram' }).click();
    const diagram = page.locator(`[data-testid=diagram][data-model="${model.id}"]`);
    await expect(diagram.locator('[data-testid=block-node]').first()).toBeVisible();
    await page.locator('[data-command="diagram.expandAll"]').click();
    await expect(diagram).toHaveAttribute('data-ready', 'true');
    expect(Number(await diagram.getAttribute('data-nodes'))).toBeGreaterThan(1500);
    // So big a graph is wrapped into columns for its overview.
    await expect(diagram).toHaveAttribute('data-wrapped', 'true');
    await expect(page.getByTestId('wrap-toggle')).toHaveAttribute('aria-pressed', 'true');

    // Fit to view: far out, every block is one summary box (name, K, R, attention), no ops drawn.
    await diagram.locator('.react-flow__controls-fitview').click();
    await expect(diagram.locator('[data-testid=op-node]')).toHaveCount(0);
    await expect(diagram.locator('[data-testid=block-summary]')).toHaveCount(89);
    const summary = diagram.locator('[data-testid=expanded-block][data-block="layer3.20"] [data-testid=block-summary]');
    await expect(summary).toContainText('3.20');
    await expect(summary).toContainText('K1 R2');
    await expect(summary).toContainText('splat');
    // Its name is drawn at a readable size on screen (at least 7 px), not a speck.
    const nameBox = (await summary.locator('.summary-name').boundingBox())!;
    expect(nameBox.height).toBeGreaterThanOrEqual(7);
    // The overview fills the canvas both ways: wrapped, not a strip down the middle.
    const canvasBox = (await diagram.locator('.react-flow').boundingBox())!;
    const summaries = await diagram.locator('[data-testid=block-summary]').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, right: r.right };
      }),
    );
    const spread = Math.max(...summaries.map((s) => s.right)) - Math.min(...summaries.map((s) => s.x));
    expect(spread / canvasBox.width).toBeGreaterThan(0.6);

    // The minimap draws the node boxes: all 89 blocks, filled.
    const minimap = diagram.locator('.react-flow__minimap');
    const blockRects = minimap.locator('rect.react-flow__minimap-node.mm-block');
    await expect(blockRects).toHaveCount(89);
    const fills = await blockRects.evaluateAll((els) =>
      els.map((el) => ({
        fill: (globalThis as unknown as Styles).getComputedStyle(el).fill,
        w: Number(el.getAttribute('width')),
      })),
    );
    for (const f of fills) {
      expect(f.fill).not.toBe('none');
      expect(f.fill).not.toBe('transparent');
      expect(f.w).toBeGreaterThan(0);
    }
    // …and the viewport: at fit-to-view a rectangle about as big as the graph, as the canvas shows.
    let { box, view } = await minimapView(minimap);
    let shown = await canvasView(page, diagram);
    const PX = 150 / box.width; // minimap pixels per diagram unit
    expect(view.width * PX).toBeGreaterThan(60);
    expect(view.height * PX).toBeGreaterThan(40);
    expect(offBy(view, shown)).toBeLessThan(0.01);
    await page.screenshot({ path: screenshotPath('screenshot-diagram-overview.png') });

    // Zoomed in to read ops: the blocks show their ops again, and the minimap's rectangle shrinks to
    // where the canvas is, still a visible box (not degenerate).
    const c = { x: canvasBox.x + canvasBox.width * 0.3, y: canvasBox.y + canvasBox.height * 0.3 };
    await page.mouse.move(c.x, c.y);
    for (let i = 0; i < 12 && (await diagram.locator('[data-testid=op-node]').count()) === 0; i++) {
      await page.mouse.wheel(0, -300);
      await expect.poll(async () => (await canvasView(page, diagram)).width).toBeLessThan(shown.width);
      shown = await canvasView(page, diagram);
    }
    await expect(diagram.locator('[data-testid=op-node]').first()).toBeVisible();
    await expect(diagram.locator('[data-testid=block-summary]')).toHaveCount(0);
    await expect
      .poll(async () => {
        ({ box, view } = await minimapView(minimap));
        shown = await canvasView(page, diagram);
        return offBy(view, shown);
      })
      .toBeLessThan(0.01);
    expect(view.width * PX).toBeGreaterThan(2);
    expect(view.height * PX).toBeGreaterThan(2);
    expect(view.width * PX).toBeLessThan(40);

    // Zooming out again switches the blocks back to the summary look.
    for (let i = 0; i < 12 && (await diagram.locator('[data-testid=block-summary]').count()) === 0; i++)
      await page.mouse.wheel(0, 300);
    await expect(diagram.locator('[data-testid=block-summary]').first()).toBeVisible();
    await expect(diagram.locator('[data-testid=op-node]')).toHaveCount(0);
    expect(problems).toEqual([]);
  } finally {
    // The server is shared with the specs that follow: this 2,000-node model leaves the list.
    await app.api('closeModel', model.id).catch(() => undefined);
  }
});
