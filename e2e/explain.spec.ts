/**
 * Issue 17, pictures that explain themselves, in Chromium against `splitlens serve`: the shortcuts
 * dialog lists the mouse gestures, and the diagram's legend explains the block colours, the dashed
 * shortcut and the "↓" mark — drawn with the same colours and dashes as the canvas it explains.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './support/app.js';
import { watchPage } from './support/watch.js';

/** A computed style property of the first element (the e2e tsconfig has no DOM types). */
function css(locator: Locator, property: string): Promise<string> {
  return locator.first().evaluate((el, p) => {
    const g = globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> };
    return g.getComputedStyle(el)[p]!;
  }, property);
}

test('the shortcuts dialog lists the mouse gestures: double-click to expand, scroll to zoom', async ({ page, app }) => {
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  const mouse = dialog.getByTestId('mouse-gestures');
  await expect(mouse.locator('tr', { hasText: 'Expand or collapse a block' })).toContainText('Double-click');
  await expect(mouse.locator('tr', { hasText: 'Zoom the diagram' })).toContainText('Scroll');
  await expect(mouse.locator('tr', { hasText: 'Pan the diagram' })).toContainText('Drag');
  expect(problems).toEqual([]);
});

test('the diagram legend explains block colours, dashed shortcuts and "↓", as the canvas draws them', async ({
  page,
  app,
}) => {
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  await page.locator('.topbar [data-view=diagram]').click();
  await page.locator('.tab[data-model=skresnext50_32x4d]').click();
  const diagram = page.locator('[data-testid=diagram][data-model=skresnext50_32x4d]');
  await expect(diagram).toHaveAttribute('data-ready', 'true');
  const key = page.getByTestId('diagram-key');
  await key.locator('summary').click();
  const body = key.getByRole('note', { name: 'diagram legend' });
  await expect(body).toBeVisible();
  for (const kind of ['splat', 'sk', 'se', 'eca', 'none'])
    await expect(body.locator(`li[data-kind=${kind}]`)).toBeVisible();
  await expect(body.locator('li[data-mark=downsample]')).toContainText('↓');
  // The SK swatch has the colour an SK block's edge has on the canvas.
  const swatch = await css(body.locator('li[data-kind=sk] .key-swatch'), 'borderLeftColor');
  const block = await css(diagram.locator('.block-node.attn-sk'), 'borderLeftColor');
  expect(swatch).toBe(block);
  // The shortcut line is dashed like the canvas's shortcut edges.
  const dash = await css(body.locator('li[data-mark=shortcut] line'), 'strokeDasharray');
  const edge = await css(diagram.locator('.react-flow__edge-path.edge-shortcut'), 'strokeDasharray');
  expect(dash).not.toBe('none');
  expect(dash).toBe(edge);
  // A block with a projected shortcut shows the mark the legend explains.
  await expect(diagram.locator('.block-node .dnode-detail', { hasText: '↓' }).first()).toBeVisible();
  expect(problems).toEqual([]);
});
