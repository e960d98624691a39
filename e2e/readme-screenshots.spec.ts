/**
 * The README's pictures of the three main views — Compare (with the model list), Diagram (a
 * ResNeSt block expanded, an op selected: shapes, weight statistics) and Attention — in the dark
 * and light themes at 1440×900 and at 1024×700, taken from the real app in Chromium. They go to
 * docs/ with `SPLITLENS_SCREENSHOTS=1` (test-results/ otherwise); the test checks each view is
 * drawn and settled before its picture is taken.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, screenshotPath, test } from './support/app.js';
import { watchPage } from './support/watch.js';

const SIZES = [
  { suffix: '', width: 1440, height: 900 },
  { suffix: '-1024', width: 1024, height: 700 },
];

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme)
    await page.getByRole('button', { name: 'toggle theme' }).click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

test('README screenshots: compare, diagram and attention in both themes, at 1440×900 and 1024×700', async ({
  page,
  app,
}) => {
  test.setTimeout(600_000);
  const problems = watchPage(page);
  await openApp(page, app);
  const models = await app.api('listModels');
  const runnable = models.filter((m) => m.weights !== 'analysis-only' && m.weights !== 'failed');
  await expect(page.getByTestId('prediction-table').locator('[data-testid=run-state][data-state=done]')).toHaveCount(
    runnable.length,
  );
  const resnest = models.find((m) => m.family === 'resnest')!;
  const analysis = await app.api('analyze', resnest.id);
  const block = analysis.stages.flatMap((s) => s.blocks).find((b) => b.attention === 'splat')!;
  const ops = await app.api('blockOps', resnest.id, block.name);
  const conv = ops.find((o) => o.opType === 'Conv' && (o.weights?.length ?? 0) > 0)!;

  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    const name = (view: string, suffix: string) =>
      `screenshot-${view}${theme === 'light' ? '-light' : ''}${suffix}.png`;
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });

      await page.locator('.topbar [data-view=compare]').click();
      await expect(page.getByTestId('class-legend')).toBeVisible();
      await expect(page.locator('.saliency-label').first()).toBeVisible();
      await page.screenshot({ path: screenshotPath(name('compare', size.suffix)) });

      await page.locator('.topbar [data-view=diagram]').click();
      await page.locator(`.tab[data-model="${resnest.id}"]`).click();
      const diagram = page.locator(`[data-testid=diagram][data-model="${resnest.id}"]`);
      await expect(diagram).toHaveAttribute('data-ready', 'true');
      if ((await diagram.locator(`[data-testid=expanded-block][data-block="${block.name}"]`).count()) === 0) {
        await diagram.locator(`[data-testid=block-node][data-block="${block.name}"]`).click();
        await page.getByTestId('toggle-expand').click();
      }
      const op = diagram.locator(`.react-flow__node[data-id="op:${block.name}:${conv.name}"]`);
      await op.click();
      await expect(page.getByTestId('weight-histogram').first()).toBeVisible();
      // Zoom about the selected op (the wheel zooms about the pointer) until its labels are readable.
      const viewport = diagram.locator('.react-flow__viewport');
      const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await viewport.getAttribute('style')) ?? '')?.[1] ?? 0);
      // Readable but with the block's frame in view: between 0.85 and 1.1.
      for (let i = 0; i < 10; i++) {
        const z = await zoom();
        if (z >= 0.85 && z <= 1.1) break;
        const box = (await op.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, z < 0.85 ? -60 : 60);
        await expect.poll(zoom).not.toBe(z);
      }
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(name('diagram', size.suffix)) });

      await page.locator('.topbar [data-view=attention]').click();
      await page.locator(`.block-item[data-block="${block.name}"]`).click();
      await expect(page.getByTestId(`heatmap-${resnest.id}`).locator('[data-value]').first()).toBeVisible();
      await page.screenshot({ path: screenshotPath(name('heatmap', size.suffix)) });
    }
  }
  await setTheme(page, 'dark');
  expect(problems).toEqual([]);
});
