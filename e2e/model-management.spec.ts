/**
 * Issue 17, managing models, in Chromium against `splitlens serve`: remove and rename (both
 * remembered across a reload), same-named files told apart, recent photos remembered, and a model
 * list wider than the window that says so (tab row, compare table) without squashing the K/R chip.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type AppFixture } from './support/app.js';
import { watchPage } from './support/watch.js';
import { FIXTURES } from '../src/testing/fixtures.js';

const items = (page: Page) => page.locator('[data-testid=model-list] > li');

async function open(page: Page, app: AppFixture): Promise<string[]> {
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(items(page)).toHaveCount((await app.api('listModels')).length);
  return problems;
}

async function openModelFile(page: Page, app: AppFixture, path: string) {
  const before = new Set((await app.api('listModels')).map((m) => m.id));
  await page.getByTestId('open-model-input').setInputFiles(path);
  const added = async () => (await app.api('listModels')).find((m) => !before.has(m.id));
  await expect.poll(added, { message: `${path} is listed` }).toBeDefined();
  const m = (await added())!;
  await expect(page.locator(`[data-testid=model-list] li[data-model="${m.id}"]`)).toBeVisible();
  return m;
}

async function closeAll(app: AppFixture, ids: string[]) {
  for (const id of ids) await app.api('closeModel', id).catch(() => undefined);
}

test('remove: an opened model leaves the list, and stays gone after a reload', async ({ page, app }) => {
  const problems = await open(page, app);
  const m = await openModelFile(page, app, join(FIXTURES, 'graphs/timm__resnet50.onnx'));
  const item = page.locator(`[data-testid=model-list] li[data-model="${m.id}"]`);
  try {
    await item.hover();
    await item.getByTestId('remove-model').click();
    await expect(item).toHaveCount(0);
    expect((await app.api('listModels')).some((x) => x.id === m.id)).toBe(false);
    // Built-in models have no remove button.
    await expect(
      page.locator('[data-testid=model-list] li[data-model=resnet50] [data-testid=remove-model]'),
    ).toHaveCount(0);
    await page.reload();
    await expect(items(page)).toHaveCount((await app.api('listModels')).length);
    await expect(item).toHaveCount(0);
    expect(problems).toEqual([]);
  } finally {
    await closeAll(app, [m.id]);
  }
});

test('rename: a model keeps the name the user gave across a reload, everywhere it is shown', async ({ page, app }) => {
  const problems = await open(page, app);
  const m = await openModelFile(page, app, join(FIXTURES, 'graphs/timm__seresnet50.onnx'));
  try {
    for (const [id, name] of [
      ['resnet50', 'baseline R50'],
      [m.id, 'SE export'],
    ] as const) {
      const item = page.locator(`[data-testid=model-list] li[data-model="${id}"]`);
      await item.hover();
      await item.getByTestId('rename-model').click();
      await item.getByTestId('rename-input').fill(name);
      await item.getByTestId('rename-input').press('Enter');
      await expect(item.locator('.model-item-name')).toHaveText(name);
    }
    await page.reload();
    await expect(items(page)).toHaveCount((await app.api('listModels')).length);
    await expect(page.locator('[data-testid=model-list] li[data-model=resnet50] .model-item-name')).toHaveText(
      'baseline R50',
    );
    await expect(page.locator(`[data-testid=model-list] li[data-model="${m.id}"] .model-item-name`)).toHaveText(
      'SE export',
    );
    // The compare table and the diagram tabs use the same name.
    await expect(page.locator('th[data-model=resnet50] .model-name')).toHaveText('baseline R50');
    await page.locator('.topbar [data-view=diagram]').click();
    await expect(page.locator('.tab[data-model=resnet50]')).toHaveText('baseline R50');
    // An empty name gives the model its own name back.
    await page.locator('.topbar [data-view=compare]').click();
    const r50 = page.locator('[data-testid=model-list] li[data-model=resnet50]');
    await r50.hover();
    await r50.getByTestId('rename-model').click();
    await r50.getByTestId('rename-input').fill('');
    await r50.getByTestId('rename-input').press('Enter');
    await expect(r50.locator('.model-item-name')).toHaveText('resnet50');
    expect(problems).toEqual([]);
  } finally {
    await closeAll(app, [m.id]);
  }
});

test('two different files both named model.onnx are told apart in the list', async ({ page, app }) => {
  const problems = await open(page, app);
  const a = await openModelFile(page, app, join(FIXTURES, 'tiny/tiny_resnet/model.onnx'));
  const b = await openModelFile(page, app, join(FIXTURES, 'tiny/tiny_resnext/model.onnx'));
  try {
    const name = (id: string) => page.locator(`[data-testid=model-list] li[data-model="${id}"] .model-item-name`);
    // A browser upload carries no folder (Electron's paths do: `model (tiny_resnext)`), so the
    // second is numbered; either way the two never show the same name.
    await expect(name(a.id)).toHaveText('model');
    await expect(name(b.id)).toHaveText('model (2)');
    await expect(page.locator(`th[data-model="${b.id}"] .model-name`)).toHaveText('model (2)');
    expect(problems).toEqual([]);
  } finally {
    await closeAll(app, [a.id, b.id]);
  }
});

test('recent photos are remembered across a reload and open again', async ({ page, app }) => {
  const problems = await open(page, app);
  await page.getByTestId('open-image-input').setInputFiles(join(FIXTURES, 'images/horse.png'));
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-name', 'horse.png');
  const recent = page.locator('.thumbs .thumb[data-image="horse.png"]');
  await expect(recent).toBeVisible();
  await page.reload();
  await expect(items(page)).toHaveCount((await app.api('listModels')).length);
  await expect(recent).toBeVisible();
  await recent.click();
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-name', 'horse.png');
  // The remembered photo runs: every model's top-5 is there.
  await expect(page.locator('.prediction-table td .top-item.first')).toHaveCount((await app.api('listModels')).length);
  expect(problems).toEqual([]);
});

test('more models than fit: the tab row and the compare table say so, and the K/R chip keeps its size', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems = await open(page, app);
  const opened = [];
  try {
    for (const f of ['timm__resnet50', 'timm__resnext50_32x4d', 'timm__resnest50d', 'timm__skresnet18'])
      opened.push(await openModelFile(page, app, join(FIXTURES, `graphs/${f}.onnx`)));
    const table = page.locator('.table-scroll-wrap');
    await expect(table).toHaveAttribute('data-overflow', 'right');
    await table.getByRole('button', { name: 'more models' }).click();
    await expect(table).toHaveAttribute('data-overflow', /both|left/);

    await page.locator('.topbar [data-view=diagram]').click();
    const tabs = page.locator('.tabs-wrap');
    await expect(tabs).toHaveAttribute('data-overflow', /right|left|both/);

    // A long name gives way in the attention card's header; the K/R chip stays whole, on one line.
    const item = page.locator('[data-testid=model-list] li[data-model=resnest50d]');
    await item.hover();
    await item.getByTestId('rename-model').click();
    await item
      .getByTestId('rename-input')
      .fill('ResNeSt-50d with a very long name that would squash anything beside it');
    await item.getByTestId('rename-input').press('Enter');
    await page.locator('.topbar [data-view=attention]').click();
    const card = page.locator('.heatmap-card[data-model=resnest50d]');
    await expect(card).toBeVisible();
    const chip = card.locator('.card-head .pill');
    await expect(chip).toContainText(/K=\d+ R=\d+/);
    const fits = await chip.evaluate(
      (el: { scrollWidth: number; clientWidth: number; clientHeight: number }) =>
        el.scrollWidth <= el.clientWidth && el.clientHeight < 24,
    );
    expect(fits, 'the K/R chip is not squashed or wrapped').toBe(true);
    expect(problems).toEqual([]);
  } finally {
    await closeAll(
      app,
      opened.map((m) => m.id),
    );
  }
});
