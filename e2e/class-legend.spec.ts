/**
 * Issue 17, a legend for the compare view's class squares, in Chromium against `splitlens serve`:
 * once the models have run, a visible key says what a grey square, a coloured square and the green
 * band mean — drawn with the very colours the top lists use.
 */
import type { Locator } from '@playwright/test';
import { expect, openApp, test } from './support/app.js';
import { watchPage } from './support/watch.js';

function css(locator: Locator, property: string): Promise<string> {
  return locator.first().evaluate((el, p) => {
    const g = globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> };
    return g.getComputedStyle(el)[p]!;
  }, property);
}

test('the compare view shows a legend for the class squares, in the top lists’ own colours', async ({ page, app }) => {
  const problems = watchPage(page);
  await openApp(page, app);
  const models = await app.api('listModels');
  const runnable = models.filter((m) => m.weights !== 'analysis-only' && m.weights !== 'failed');
  const table = page.getByTestId('prediction-table');
  await expect(table.locator('[data-testid=run-state][data-state=done]')).toHaveCount(runnable.length);

  const legend = page.getByTestId('class-legend');
  await expect(legend).toBeVisible();
  await expect(legend.getByTestId('legend-own')).toContainText('only this model’s top-5');
  await expect(legend.getByTestId('legend-shared')).toContainText('several models’ top-5');
  await expect(legend.getByTestId('legend-consensus')).toContainText('most models’ top class');
  // Not hidden behind the table: the legend sits inside the window, above the top lists.
  const box = (await legend.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual((await table.locator('.top-list').first().boundingBox())!.y);

  // The swatches are what the lists draw: a lone class's grey, a consensus row's green band.
  const lone = table.locator('.class-dot:not(.shared)');
  if ((await lone.count()) > 0)
    expect(await css(legend.locator('[data-testid=legend-own] .class-dot'), 'backgroundColor')).toBe(
      await css(lone, 'backgroundColor'),
    );
  const consensus = table.locator('.top-item.consensus');
  if ((await consensus.count()) > 0)
    expect(await css(legend.locator('.legend-consensus'), 'backgroundColor')).toBe(
      await css(consensus, 'backgroundColor'),
    );
  const shared = legend.locator('[data-testid=legend-shared] .class-dot.shared');
  await expect(shared).toHaveCount(3);
  const colours = new Set<string>();
  for (let i = 0; i < 3; i++) colours.add(await css(shared.nth(i), 'backgroundColor'));
  expect(colours.size, 'one colour per class').toBe(3);
  expect(colours.has(await css(legend.locator('[data-testid=legend-own] .class-dot'), 'backgroundColor'))).toBe(false);
  expect(problems).toEqual([]);
});
