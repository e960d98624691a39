/**
 * Issue 18 in Chromium against `splitlens serve`: dropping a PyTorch checkpoint (.pth of the
 * official-ResNeSt layout, fixtures/checkpoints) onto the window shows the architecture inferred
 * from its weights; Confirm adds the model with its diagram and its predictions, labelled with the
 * class names the checkpoint carries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, screenshotPath, test } from './support/app.js';
import { FIXTURES } from '../src/testing/fixtures.js';

test('drop a .pth: inferred spec, then diagram and predictions', async ({ page, app }) => {
  const errors = await openApp(page, app);
  await expect(page.getByTestId('current-photo')).toBeVisible();

  const bytes = readFileSync(join(FIXTURES, 'checkpoints/official_resnest/model.pth')).toString('base64');
  // A real drop: a File in a DataTransfer, dispatched as the browser would (the page's DOM, as source).
  await page.evaluate(`(() => {
    const raw = Uint8Array.from(atob('${bytes}'), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([raw], 'official_resnest.pth'));
    for (const type of ['dragenter', 'dragover', 'drop'])
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  })()`);

  // The inferred architecture, for the user to confirm.
  const dialog = page.getByRole('dialog', { name: 'checkpoint architecture' });
  await expect(dialog).toBeVisible();
  const spec = dialog.getByTestId('checkpoint-spec');
  await expect(spec.locator('tr', { hasText: 'family' })).toContainText('resnest');
  await expect(spec.locator('tr', { hasText: 'depth per stage' })).toContainText('1 · 1 · 1 · 1');
  await expect(spec.locator('tr', { hasText: 'widths' })).toContainText('4 · 8 · 16 · 32');
  await expect(spec.locator('tr', { hasText: 'cardinality K' })).toContainText('2');
  await expect(spec.locator('tr', { hasText: 'radix R' })).toContainText('2');
  await expect(spec.locator('tr', { hasText: 'stem' })).toContainText('deep, width 8');
  await expect(spec.locator('tr', { hasText: 'classes' })).toContainText('10 (labels from the checkpoint)');
  await page.screenshot({ path: screenshotPath('screenshot-checkpoint.png') });

  // Save spec writes the timm kwargs that `--timm-spec` reads.
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save spec' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('official_resnest.spec.json');
  const kwargs = JSON.parse(readFileSync((await saved.path())!, 'utf8')) as Record<string, unknown>;
  expect(kwargs).toMatchObject({ block: 'ResNestBottleneck', cardinality: 2, stem_type: 'deep', avg_down: true });

  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();

  // The model joins the list; its diagram is drawn.
  const listed = async () => (await app.api('listModels')).find((m) => m.fileName === 'official_resnest.pth');
  await expect.poll(listed, { message: 'the checkpoint is listed by the Api' }).toBeDefined();
  const opened = (await listed())!;
  expect(opened.family).toBe('resnest');
  const diagram = page.locator(`[data-testid=diagram][data-model="${opened.id}"]`);
  await expect(diagram).toBeVisible();
  const analysis = await app.api('analyze', opened.id);
  const blocks = analysis.stages.flatMap((s) => s.blocks);
  expect(blocks).toHaveLength(4);
  await expect(diagram.locator('[data-testid=block-node]')).toHaveCount(4);
  await expect(diagram.locator('[data-testid=block-node][data-block="layer1.0"]')).toContainText('K=2 R=2');

  // Its predictions, with the checkpoint's labels.
  const imageId = (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
  const expected = await app.api('predict', { imageId, modelIds: [opened.id], top: 5 });
  const top1 = expected.results[0]!.top[0]!;
  expect([
    'tench',
    'goldfish',
    'shark',
    'tiger shark',
    'hammerhead',
    'ray',
    'stingray',
    'cock',
    'hen',
    'ostrich',
  ]).toContain(top1.label);
  await page.locator('[data-view=compare]').click();
  const column = page.locator(`td[data-model="${opened.id}"] .top-item.first`);
  await expect(column).toHaveAttribute('data-class-index', String(top1.index));
  await expect(column).toContainText(top1.label);
  expect(errors).toEqual([]);
});
