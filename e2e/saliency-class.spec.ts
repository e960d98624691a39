/**
 * Saliency in the compare view, in Chromium against `splitlens serve`: each photo names its method
 * and class ("CAM for …"), the table shows the colour bar and why a map covers only the centre crop,
 * and clicking another class in a model's top-5 shows that class's map — other pixels, its label —
 * the one the Api computes for that class. Screenshots of the view in both themes and at 1024×700.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, screenshotPath, test, type AppFixture } from './support/app.js';

/** The canvas's pixels, as a string that differs when any pixel does. */
function pixels(canvas: Locator): Promise<string> {
  return canvas.evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
}

async function ready(page: Page, app: AppFixture) {
  const listed = await app.api('listModels');
  const zoo = listed.filter((m) => m.source === 'zoo');
  // Every model that can run gets a column with its map (files earlier specs opened included).
  const runnable = listed.filter((m) => !m.loadError && m.weights !== 'analysis-only' && m.weights !== 'failed');
  const table = page.getByTestId('prediction-table');
  await expect(table.locator('[data-testid=run-state][data-state=done]')).toHaveCount(runnable.length);
  await expect(table.getByTestId('saliency-label')).toHaveCount(runnable.length);
  return { zoo, table };
}

test('clicking a class in a top-5 shows that class’s CAM: new map, new label, the Api’s', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const { zoo, table } = await ready(page, app);
  const model = zoo.find((m) => m.family === 'resnest')!;
  const imageId = (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
  const photo = table.locator(`td[data-model="${model.id}"]`).first();
  const label = photo.getByTestId('saliency-label');
  const canvas = photo.getByTestId('saliency-canvas');
  const items = table.locator(`td[data-model="${model.id}"] .top-item`);

  // The top class's map first, named as such.
  const top = (await app.api('predict', { imageId, modelIds: [model.id], top: 5 })).results[0]!.top;
  await expect(label).toHaveAttribute('data-class-index', String(top[0]!.index));
  await expect(label).toContainText('CAM for');
  await expect(items.first()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('saliency-colour-bar')).toBeVisible();
  await expect(page.getByTestId('saliency-note')).toContainText('centre crop');
  const before = await pixels(canvas);

  // Another class: its map, its label, the Api's map for that class.
  const other = top[2]!;
  await items.nth(2).click();
  await expect(label).toHaveAttribute('data-class-index', String(other.index));
  await expect(items.nth(2)).toHaveAttribute('aria-pressed', 'true');
  await expect(items.first()).toHaveAttribute('aria-pressed', 'false');
  const expected = await app.api('saliency', { imageId, modelId: model.id, classIndex: other.index });
  expect(expected.classIndex).toBe(other.index);
  await expect(label).toContainText(expected.label.split(',')[0]!);
  await expect.poll(() => pixels(canvas)).not.toBe(before);
  const after = await pixels(canvas);

  // The other columns keep their top class.
  for (const m of zoo.filter((z) => z.id !== model.id))
    await expect(table.locator(`td[data-model="${m.id}"] [data-testid=saliency-label]`)).toHaveAttribute(
      'data-class-index',
      (await app.api('predict', { imageId, modelIds: [m.id], top: 1 })).results[0]!.top[0]!.index.toString(),
    );

  // Back to the top class (keyboard): its map again.
  await items.first().focus();
  await page.keyboard.press('Enter');
  await expect(label).toHaveAttribute('data-class-index', String(top[0]!.index));
  await expect.poll(() => pixels(canvas)).toBe(before);
  expect(after).not.toBe(before);
  expect(errors).toEqual([]);
});

for (const [theme, width, height] of [
  ['light', 1440, 900],
  ['dark', 1440, 900],
  ['light', 1024, 700],
  ['dark', 1024, 700],
] as const) {
  test(`the compare view with saliency in the ${theme} theme at ${width}×${height}`, async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width, height });
    const errors = await openApp(page, app);
    await expect(page.locator(`html[data-theme=${theme}]`)).toHaveCount(1);
    const { zoo, table } = await ready(page, app);
    // One column shows a class other than its top one, as a reader would pick it.
    const model = zoo.find((m) => m.family === 'resnest')!;
    await table.locator(`td[data-model="${model.id}"] .top-item`).nth(1).click();
    await expect(table.locator(`td[data-model="${model.id}"] .top-item`).nth(1)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // Nothing of the note or the labels spills out of the view.
    const note = page.getByTestId('saliency-note');
    await expect(note).toBeVisible();
    const name =
      width === 1440 && theme === 'light'
        ? 'screenshot-compare.png'
        : `screenshot-compare-${theme}${width === 1440 ? '' : `-${width}`}.png`;
    await page.screenshot({ path: screenshotPath(name) });
    expect(errors).toEqual([]);
  });
}
