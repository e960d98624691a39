/**
 * Issue 17, honest status, in Chromium against `splitlens serve`: an opened file says where its
 * weights are — *weights in file*, *analysis only* (a stripped export: never *pretrained*, never
 * also "failed"), *failed to load* with the reason — and the page shows a loading state, not
 * "No models yet", until the first model list arrives.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, type AppFixture } from './support/app.js';
import { watchPage } from './support/watch.js';
import { FIXTURES } from '../src/testing/fixtures.js';
import { onnx } from '../src/onnx/proto.js';

const TMP = fileURLToPath(new URL('../test-results/honest-status/', import.meta.url));

async function open(page: Page, app: AppFixture): Promise<string[]> {
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  return problems;
}

/** Opens a file through the model input and returns its Api entry. */
async function openModelFile(page: Page, app: AppFixture, path: string, name: string) {
  const before = new Set((await app.api('listModels')).map((m) => m.id));
  await page.getByTestId('open-model-input').setInputFiles(path);
  const added = async () => (await app.api('listModels')).find((m) => !before.has(m.id) && m.fileName === name);
  await expect.poll(added, { message: `${name} is listed` }).toBeDefined();
  return (await added())!;
}

async function closeAll(app: AppFixture, ids: string[]) {
  for (const id of ids) await app.api('closeModel', id).catch(() => undefined);
}

test('a stripped export is "analysis only": never pretrained, never failed, not run', async ({ page, app }) => {
  const problems = await open(page, app);
  const path = join(FIXTURES, 'graphs/timm__skresnext50_32x4d.onnx');
  const m = await openModelFile(page, app, path, 'timm__skresnext50_32x4d.onnx');
  try {
    expect(m.weights).toBe('analysis-only');
    const item = page.locator(`[data-testid=model-list] li[data-model="${m.id}"]`);
    await expect(item.locator('[data-weights]')).toHaveAttribute('data-weights', 'analysis-only');
    await expect(item).toContainText('analysis only');
    // The view stayed where the user was, and the new model was announced.
    await expect(page.locator('main.view')).toHaveAttribute('data-view', 'compare');
    await expect(page.getByTestId('opened-notice')).toContainText(m.label);
    // Its column says why there is no prediction; nothing says pretrained or failed.
    const column = page.locator(`td[data-model="${m.id}"]`);
    await expect(column.getByTestId('analysis-only')).toContainText('weights are not in this file');
    await expect(page.locator(`th[data-model="${m.id}"] [data-testid=run-state]`)).not.toHaveAttribute(
      'data-state',
      'error',
    );
    await expect(page.locator(`[data-model="${m.id}"] [data-weights=pretrained]`)).toHaveCount(0);
    await expect(page.locator(`th[data-model="${m.id}"]`)).not.toContainText('failed');
    // Still the same after every other model ran.
    await expect(page.locator('th[data-state=running], th [data-state=running]')).toHaveCount(0);
    expect((await app.api('listModels')).find((x) => x.id === m.id)!.weights).toBe('analysis-only');
    expect(problems).toEqual([]);
  } finally {
    await closeAll(app, [m.id]);
  }
});

test('a file with its weights says "weights in file"; one that cannot load says "failed to load" and why', async ({
  page,
  app,
}) => {
  const problems = await open(page, app);
  const good = await openModelFile(page, app, join(FIXTURES, 'tiny/tiny_resnet/model.onnx'), 'model.onnx');
  // A valid graph that onnxruntime cannot load: the stem conv claims 3 groups for 3 input channels.
  const proto = onnx.ModelProto.decode(readFileSync(join(FIXTURES, 'tiny/tiny_resnet/model.onnx')));
  const conv = proto.graph!.node!.find((n) => n.opType === 'Conv')!;
  conv.attribute!.find((a) => a.name === 'group')!.i = 3;
  mkdirSync(TMP, { recursive: true });
  const badPath = join(TMP, 'grouped_stem.onnx');
  writeFileSync(badPath, onnx.ModelProto.encode(proto).finish());
  const bad = await openModelFile(page, app, badPath, 'grouped_stem.onnx');
  try {
    const goodItem = page.locator(`[data-testid=model-list] li[data-model="${good.id}"]`);
    await expect(goodItem.locator('[data-weights]')).toHaveAttribute('data-weights', 'in-file');
    await expect(goodItem).toContainText('weights in file');
    // It ran, and is still "weights in file" (not "pretrained") afterwards.
    await expect(page.locator(`td[data-model="${good.id}"] .top-item.first`)).toBeVisible();
    await expect(goodItem.locator('[data-weights]')).toHaveAttribute('data-weights', 'in-file');

    const badItem = page.locator(`[data-testid=model-list] li[data-model="${bad.id}"]`);
    await expect(badItem.locator('[data-weights]')).toHaveAttribute('data-weights', 'failed');
    await expect(badItem).toContainText('failed to load');
    await expect(badItem.locator('[data-weights]')).toHaveAttribute('title', /kernel channels/);
    await expect(page.locator(`td[data-model="${bad.id}"] .cell-error`)).toContainText('kernel channels');
    expect((await app.api('listModels')).find((x) => x.id === bad.id)!.weights).toBe('failed');
    // onnxruntime's refusal is the model's state, shown in the page, not a failed request.
    expect(problems).toEqual([]);
  } finally {
    await closeAll(app, [good.id, bad.id]);
  }
});

test('until the first model list arrives the page says it is loading, never "No models yet"', async ({ page, app }) => {
  const problems = watchPage(page);
  // Record every text the page ever shows, from its first paint.
  // (As page source: the e2e tsconfig has no DOM types.)
  await page.addInitScript({
    content: `window.seenTexts = [];
      new MutationObserver(() => window.seenTexts.push(document.body ? document.body.innerText : ''))
        .observe(document, { subtree: true, childList: true, characterData: true });`,
  });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/listModels', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(app.url);
  await expect(page.getByTestId('loading')).toBeVisible();
  await expect(page.getByTestId('loading-models')).toBeVisible();
  release();
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expect(page.getByTestId('prediction-table')).toBeVisible();
  const seen = (await page.evaluate('window.seenTexts')) as string[];
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((t) => /No models yet|Open a photo to compare|No models listed/.test(t))).toEqual([]);
  expect(problems).toEqual([]);
});
