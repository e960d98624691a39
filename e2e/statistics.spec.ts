/**
 * Issue 20 in Chromium against `splitlens serve` (the fixtures' tiny models): a stats run over the
 * sample photos draws the plots — entropy and split-weight lines, histograms, the photo × block
 * matrix with one cell per photo and block of the report — and exporting a figure downloads a
 * valid SVG that says which weights it came from; the scale experiment draws its curves per zoom;
 * a matrix cell opens that photo's heatmaps. Screenshots (both themes, 1024×700) go to docs/.
 */
import { readFileSync } from 'node:fs';
import { expect, openApp, screenshotPath, test } from './support/app.js';
import { descendants, parseXml } from '../src/diagram/testing/xml-parse.js';

test.describe.configure({ mode: 'serial' });

test('a stats run over the sample photos draws the plots, and a figure exports as a valid SVG', async ({
  page,
  app,
}) => {
  const errors = await openApp(page, app);
  const samples = await app.api('sampleImages');
  const models = await app.api('listModels');
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await expect(page.getByTestId('statistics-view')).toBeVisible();
  await expect(page.getByTestId('stats-photos').locator('.stats-chip.on')).toHaveCount(samples.length);
  await page.getByTestId('stats-run').click();
  const view = page.getByTestId('statistics-view');
  // ResNeSt: split-attention softmaxes, so entropy and split-weight plots.
  await view.locator('.tabs').getByRole('button', { name: 'resnest50d' }).click();
  await expect(view.locator('[data-figure="entropy"] svg')).toBeVisible();
  await expect(view.locator('[data-figure="split-weight"] svg')).toBeVisible();
  await expect(view.locator('[data-figure="histogram"] svg').first()).toBeVisible();
  await expect(view.locator('[data-figure="matrix"] svg')).toBeVisible();

  // The matrix has a cell per photo and block of the model shown, as the Api's own stats run says.
  const report = await app.api('statsRun', { imageIds: samples.map((s) => s.id), modelIds: models.map((m) => m.id) });
  const shownModel = (await view.locator('.tabs .tab.active').textContent())!.trim();
  const stats = report.models.find((m) => m.model === shownModel)!;
  await expect(view.locator('[data-figure="matrix"] rect.cell')).toHaveCount(samples.length * stats.blocks.length);
  await expect(view.locator('[data-figure="entropy"] .caption')).toContainText(`${shownModel} · `);
  await expect(view.locator('[data-figure="entropy"] .caption')).toContainText(`${samples.length} photos`);

  // Export the entropy figure: a download that parses as SVG with its title and weights caption.
  const entropy = view.locator('[data-figure="entropy"]');
  const [download] = await Promise.all([page.waitForEvent('download'), entropy.getByTestId('export-svg').click()]);
  expect(download.suggestedFilename()).toMatch(/^entropy-.+\.svg$/);
  const svg = readFileSync((await download.path())!, 'utf8');
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  const texts = descendants(root).filter((e) => e.name === 'text' && e.attrs.class === 'caption');
  expect(texts).toHaveLength(1);
  expect(descendants(root).filter((e) => e.name === 'circle').length).toBe(
    stats.blocks.filter((b) => b.entropy).length,
  );

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: screenshotPath('screenshot-statistics.png') });
  await page.getByRole('button', { name: 'toggle theme' }).click();
  await expect(view.locator('[data-figure="entropy"] svg')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: screenshotPath('screenshot-statistics-light.png') });
  await page.getByRole('button', { name: 'toggle theme' }).click();
  expect(errors).toEqual([]);
});

test('the scale experiment draws one curve per zoom; a matrix cell opens that photo’s heatmaps', async ({
  page,
  app,
}) => {
  const errors = await openApp(page, app);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('tab', { name: 'Statistics' }).click();
  const view = page.getByTestId('statistics-view');
  // Only the SK model, so its curves are the ones shown.
  const models = await app.api('listModels');
  for (const m of models.filter((x) => !x.family.startsWith('sk')))
    await view.getByTestId('stats-models').locator(`[data-model="${m.id}"]`).click();
  await page.getByTestId('scale-run').click();
  const scale = view.locator('[data-figure="scale"] svg');
  await expect(scale).toBeVisible();
  await expect(scale.locator('text', { hasText: '1.5× zoom' })).toHaveCount(1);
  await expect(scale.locator('text', { hasText: '2× zoom' })).toHaveCount(1);
  await scale.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('screenshot-scale.png') });
  await page.getByRole('button', { name: 'toggle theme' }).click();
  await expect(scale).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: screenshotPath('screenshot-scale-light.png') });
  await page.getByRole('button', { name: 'toggle theme' }).click();

  await page.getByTestId('stats-run').click();
  const cell = view.locator('[data-figure="matrix"] rect.cell[data-photo="1"]').first();
  await expect(cell).toBeVisible();
  const block = (await cell.getAttribute('data-block'))!;
  await cell.click();
  await expect(page.locator('main.view')).toHaveAttribute('data-view', 'attention');
  const samples = await app.api('sampleImages');
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-id', samples[1]!.id);
  await expect(page.locator('.block-list')).toContainText(block);
  expect(errors).toEqual([]);
});
