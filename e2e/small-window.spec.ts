/**
 * Issue 17, small windows, in Chromium against `splitlens serve` at 1024×700: the sidebar
 * collapses (remembered across a reload) and gives the canvas its room, and the canvas furniture
 * (minimap, zoom buttons, colour legend) stays in the corners instead of covering the diagram.
 */
import type { Locator } from '@playwright/test';
import { expect, screenshotPath, test } from './support/app.js';
import { watchPage } from './support/watch.js';

async function area(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  return box ? box.width * box.height : 0;
}

test('at 1024×700 the sidebar collapses for the canvas, and the canvas furniture stays small', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  await page.locator('.topbar [data-view=diagram]').click();
  await page.locator('.tab[data-model=resnest50d]').click();
  const canvas = page.locator('[data-testid=diagram][data-model=resnest50d]');
  await expect(canvas).toHaveAttribute('data-ready', 'true');
  // All three pieces of furniture are there: minimap, zoom buttons, the attention colour legend.
  for (const part of ['.react-flow__minimap', '.react-flow__controls', '.diagram-legend'])
    await expect(canvas.locator(part)).toBeVisible();
  const before = (await canvas.boundingBox())!;

  await page.getByRole('button', { name: 'hide the sidebar' }).click();
  await expect(page.getByTestId('sidebar')).toHaveAttribute('data-collapsed', 'true');
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(before.width + 200);
  const wide = (await canvas.boundingBox())!;
  // Minimap, zoom buttons and the attention legend together cover under 5% of the canvas (at
  // their full size, before issue 17, about 7%).
  const furniture =
    (await area(canvas.locator('.react-flow__minimap'))) +
    (await area(canvas.locator('.react-flow__controls'))) +
    (await area(canvas.locator('.diagram-legend')));
  expect(furniture / (wide.width * wide.height)).toBeLessThan(0.05);
  await page.screenshot({ path: screenshotPath('screenshot-small-window.png') });

  // Remembered across a reload; the rail brings it back.
  await page.reload();
  await expect(page.getByTestId('sidebar')).toHaveAttribute('data-collapsed', 'true');
  await page.getByRole('button', { name: 'show the sidebar' }).click();
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  expect(problems).toEqual([]);
});
