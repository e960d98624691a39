/**
 * Issue 18 in Chromium against `splitlens serve`: dropping a PyTorch checkpoint (.pth of the
 * official-ResNeSt layout, fixtures/checkpoints) onto the window shows the architecture inferred
 * from its weights apart from what was assumed; the user changes the assumed input size and avd
 * placement (a bad size is refused in place), saves the spec and opens the model with it: its
 * diagram and its predictions, labelled with the class names the checkpoint carries. The dialog is
 * looked at in both themes and at 1024×700. The model it opens stays listed in the one server the
 * specs share, so this file is named to run after compare.spec.ts (files run in name order), whose
 * table holds the five zoo models only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { FileSource } from '../src/api/contract.js';
import { expect, openApp, screenshotPath, test } from './support/app.js';
import { FIXTURES } from '../src/testing/fixtures.js';

const CHECKPOINT = join(FIXTURES, 'checkpoints/official_resnest/model.pth');

/** A real drop: a File in a DataTransfer, dispatched as the browser would (the page's DOM, as source). */
async function dropCheckpoint(page: Page, name: string): Promise<void> {
  const bytes = readFileSync(CHECKPOINT).toString('base64');
  await page.evaluate(`(() => {
    const raw = Uint8Array.from(atob('${bytes}'), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([raw], '${name}'));
    for (const type of ['dragenter', 'dragover', 'drop'])
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  })()`);
}

test('drop a .pth: inferred spec, assumptions changed, then diagram and predictions', async ({ page, app }) => {
  const errors = await openApp(page, app);
  await expect(page.getByTestId('current-photo')).toBeVisible();
  await dropCheckpoint(page, 'official_resnest.pth');

  // What the weights say, for the user to check.
  const dialog = page.getByRole('dialog', { name: 'checkpoint architecture' });
  await expect(dialog).toBeVisible();
  const spec = dialog.getByTestId('checkpoint-spec');
  await expect(spec.locator('tr', { hasText: 'family' })).toContainText('resnest (resnest_bottleneck)');
  await expect(spec.locator('tr', { hasText: 'blocks per stage' })).toContainText('1 · 1 · 1 · 1');
  await expect(spec.locator('tr', { hasText: 'widths' })).toContainText('4 · 8 · 16 · 32');
  await expect(spec.locator('tr', { hasText: 'cardinality K' })).toContainText('2');
  await expect(spec.locator('tr', { hasText: 'radix R' })).toContainText('2');
  await expect(spec.locator('tr', { hasText: 'stem' })).toContainText('deep, width 8');
  await expect(spec.locator('tr', { hasText: 'classes' })).toContainText('10 (names from the checkpoint)');
  // What it cannot say: assumed as timm does, and offered for change.
  const size = dialog.getByLabel('input size');
  const avd = dialog.getByLabel('avd pooling');
  await expect(size).toHaveValue('224');
  await expect(avd).toHaveValue('after');
  await page.screenshot({ path: screenshotPath('screenshot-checkpoint.png') });

  // A size the spec cannot take is refused in place; nothing opens or saves.
  const open = dialog.getByRole('button', { name: 'Open model' });
  const save = dialog.getByRole('button', { name: 'Save spec' });
  await size.fill('20');
  await expect(dialog.getByRole('alert')).toHaveText('Enter S or HxW, each side 32 to 2048 pixels.');
  await expect(open).toBeDisabled();
  await expect(save).toBeDisabled();
  await size.fill('96x80');
  await avd.selectOption('before');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(open).toBeEnabled();

  // Save spec writes the timm kwargs that `--timm-spec` reads, with the user's changes.
  const download = page.waitForEvent('download');
  await save.click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('official_resnest.spec.json');
  const kwargs = JSON.parse(readFileSync((await saved.path())!, 'utf8')) as Record<string, unknown>;
  expect(kwargs).toMatchObject({
    block: 'ResNestBottleneck',
    cardinality: 2,
    stem_type: 'deep',
    avg_down: true,
    input_size: [3, 96, 80],
    block_args: { radix: 2, avd: true, avd_first: true },
  });

  await open.click();
  await expect(dialog).toBeHidden();

  // The model joins the list, opened with exactly the saved spec (the Api, given the same bytes and
  // that spec, answers with the same model; src/api/create-api.test.ts shows another spec is another
  // model), its avd pool before the split conv.
  const listed = async () => (await app.api('listModels')).find((m) => m.fileName === 'official_resnest.pth');
  await expect.poll(listed, { message: 'the checkpoint is listed by the Api' }).toBeDefined();
  const opened = (await listed())!;
  expect(opened.family).toBe('resnest');
  const upload: FileSource = {
    kind: 'upload',
    name: 'official_resnest.pth',
    base64: readFileSync(CHECKPOINT).toString('base64'),
  };
  expect((await app.api('openCheckpoint', { source: upload, timmSpec: kwargs })).id).toBe(opened.id);
  const ops = (await app.api('blockOps', opened.id, 'layer2.0')).map((o) => o.name).join(' ');
  expect(ops).toContain('/layer2/layer2.0/avd_first/');

  // Opening announces the model and stays in the view; the notice leads to its diagram.
  await page.getByTestId('opened-notice').getByRole('button', { name: 'Show its diagram' }).click();
  // Its diagram is drawn.
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

for (const [theme, width, height] of [
  ['light', 1440, 900],
  ['dark', 1024, 700],
  ['light', 1024, 700],
] as const) {
  test(`the checkpoint dialog in the ${theme} theme at ${width}×${height} fits and reads`, async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width, height });
    const errors = await openApp(page, app);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await dropCheckpoint(page, 'a_checkpoint_with_a_long_name_from_a_training_run_epoch_90_best.pth');
    const dialog = page.getByRole('dialog', { name: 'checkpoint architecture' });
    await expect(dialog.getByLabel('avd pooling')).toBeVisible();
    await dialog.getByLabel('input size').fill('2049');
    await expect(dialog.getByRole('alert')).toBeVisible();

    // Inside the window.
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    // Nothing scrolls: every row and button is in view at once, even at 1024×700.
    const overflow = await dialog.evaluate((el) => [
      el.scrollWidth - el.clientWidth,
      el.scrollHeight - el.clientHeight,
    ]);
    expect(overflow).toEqual([0, 0]);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport();
    // Looked at, not committed: test-results/<this test>/checkpoint-dialog.png.
    await page.screenshot({ path: test.info().outputPath('checkpoint-dialog.png') });

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(await app.api('listModels')).not.toContainEqual(
      expect.objectContaining({ fileName: expect.stringContaining('a_checkpoint_with') }),
    );
    expect(errors).toEqual([]);
  });
}
