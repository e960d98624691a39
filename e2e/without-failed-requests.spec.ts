/**
 * The standard flows log no failed request: the sample photo, opening a photo, the diagram with a
 * block expanded, the attention view, an SVG export, and opening a model whose weights are not in
 * its file (analysis only: it cannot run, so the UI never asks it for attention or saliency —
 * before, such a file caused over a hundred HTTP 400s in one sitting). Every failed request,
 * console error and response ≥ 400 seen by the browser is collected, and there must be none.
 * (Named to run after the specs that count the five zoo models: it adds a model to the server.)
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support/app.js';
import { FIXTURES } from '../src/testing/fixtures.js';

/** What went wrong on the wire or in the console, one line each. */
function watch(page: Page): string[] {
  const seen: string[] = [];
  page.on('requestfailed', (r) => seen.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) seen.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console: ${m.text()}`);
  });
  return seen;
}

test('sample photo, open photo, diagram, attention, export, stripped model: no failed request', async ({
  page,
  app,
}) => {
  const seen = watch(page);
  const errors = await openApp(page, app);
  const table = page.getByTestId('prediction-table');
  const done = table.locator('[data-testid=run-state][data-state=done]');
  const listed = await app.api('listModels');
  const zoo = listed.filter((m) => m.source === 'zoo');
  // Every model that can run has a column (files earlier specs opened on the shared server too).
  const runnable = listed.filter((m) => !m.loadError && m.weights !== 'analysis-only' && m.weights !== 'failed');
  await expect(done).toHaveCount(runnable.length);
  await expect(table.getByTestId('saliency-canvas')).toHaveCount(runnable.length);

  // Open a photo.
  await page.getByTestId('open-image-input').setInputFiles(join(FIXTURES, 'images', 'coffee.png'));
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-name', 'coffee.png');
  await expect(done).toHaveCount(runnable.length);
  await expect(table.getByTestId('saliency-canvas')).toHaveCount(runnable.length);

  // The diagram of the ResNeSt model with a block expanded, and its SVG export with heatmaps.
  const resnest = zoo.find((m) => m.family === 'resnest')!;
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await page.locator(`.tab[data-model="${resnest.id}"]`).click();
  const diagram = page.locator(`[data-testid=diagram][data-model="${resnest.id}"]`);
  await diagram.locator('[data-testid=block-node]').first().click();
  await page.getByTestId('toggle-expand').click();
  await expect(diagram.locator('[data-testid=expanded-block]')).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+e');
  expect((await download).suggestedFilename()).toMatch(/\.svg$/);

  // The attention view.
  await page.getByRole('tab', { name: 'Attention' }).click();
  await expect(page.locator('.heatmap[data-block]').first()).toBeVisible();

  // A model whose weights are not in its file: listed, drawn, its failure shown once, nothing asked of it.
  await page.getByTestId('open-model-input').setInputFiles(join(FIXTURES, 'graphs', 'timm__resnet50.onnx'));
  const opened = async () => (await app.api('listModels')).find((m) => m.fileName === 'timm__resnet50.onnx');
  await expect.poll(opened).toBeDefined();
  const stripped = (await opened())!;
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await page.locator(`.tab[data-model="${stripped.id}"]`).click();
  await expect(
    page.locator(`[data-testid=diagram][data-model="${stripped.id}"] [data-testid=block-node]`).first(),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Compare' }).click();
  const column = table.locator(`th[data-model="${stripped.id}"] [data-testid=run-state]`);
  // Analysis only (issue 17's honest status): never run, so never 'error' and never asked.
  await expect(column).toHaveAttribute('data-state', 'idle');
  await expect(table.locator(`td[data-model="${stripped.id}"] [data-testid=analysis-only]`).first()).toContainText(
    'weights are not in this file',
  );
  await page.getByRole('tab', { name: 'Attention' }).click();
  await expect(page.locator(`.heatmap-card[data-model="${stripped.id}"]`).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const exported = page.waitForEvent('download');
  await page.keyboard.press('Control+e');
  expect((await exported).suggestedFilename()).toMatch(/\.svg$/);
  await page.getByRole('tab', { name: 'Compare' }).click();
  // The other photo with the stripped model listed: still nothing asked of it.
  const samples = await app.api('sampleImages');
  await page.locator(`.thumbs button[data-image="${samples[0]!.name}"]`).first().click();
  await expect(done).toHaveCount(runnable.length);
  await expect(column).toHaveAttribute('data-state', 'idle');

  expect(seen).toEqual([]);
  expect(errors).toEqual([]);
});
