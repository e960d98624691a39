/**
 * Issue 3's thin slice through every layer, in Chromium against `splitlens serve`: open an ONNX
 * file and a photo through the file inputs, see the model's graph drawn by React Flow and the
 * class the Api predicts for that photo.
 */
import { join } from 'node:path';
import { expect, openApp, screenshotPath, test } from './support/app.js';
import { FIXTURES } from '../src/testing/fixtures.js';

test('open a fixture model and a photo: graph and prediction are shown', async ({ page, app }) => {
  const errors = await openApp(page, app);

  await page.getByTestId('open-model-input').setInputFiles(join(FIXTURES, 'tiny/tiny_resnest/model.onnx'));
  // The opened model is listed, becomes the diagram's model, and its graph is drawn.
  const listed = async () =>
    (await app.api('listModels')).find((m) => m.source === 'file' && m.fileName === 'model.onnx');
  await expect.poll(listed, { message: 'the opened ONNX file is listed by the Api' }).toBeDefined();
  const opened = await listed();
  // Opening announces the model and stays in the view; the notice leads to its diagram.
  await page.getByTestId('opened-notice').getByRole('button', { name: 'Show its diagram' }).click();
  const diagram = page.locator(`[data-testid=diagram][data-model="${opened!.id}"]`);
  await expect(diagram).toBeVisible();
  await expect(diagram.locator('.react-flow__node').first()).toBeVisible();
  const analysis = await app.api('analyze', opened!.id);
  const blocks = analysis.stages.flatMap((s) => s.blocks);
  await expect(diagram.locator('[data-testid=block-node]')).toHaveCount(blocks.length);
  await expect(diagram.locator(`[data-testid=block-node][data-block="${blocks[0]!.name}"]`)).toContainText('splat');

  await page.getByTestId('open-image-input').setInputFiles(join(FIXTURES, 'images/chelsea.png'));
  const photo = page.getByTestId('current-photo');
  await expect(photo).toHaveAttribute('data-image-name', 'chelsea.png');
  const imageId = (await photo.getAttribute('data-image-id'))!;

  // The prediction the UI shows is the Api's prediction for this model and photo.
  const expected = await app.api('predict', { imageId, modelIds: [opened!.id], top: 5 });
  const top1 = expected.results[0]!.top[0]!;
  await page.locator('[data-view=compare]').click();
  const column = page.locator(`td[data-model="${opened!.id}"] .top-item.first`);
  await expect(column).toHaveAttribute('data-class-index', String(top1.index));
  await expect(column).toContainText(top1.label.split(',')[0]!);

  await page.locator('[data-view=diagram]').click();
  await expect(diagram.locator('.react-flow__node').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('screenshot-thin-slice.png') });
  expect(errors).toEqual([]);
});
