/**
 * Issue 8 in Chromium against `splitlens serve`: a photo opened through the file input is run by
 * all five headline models (test-sized checkpoints), the table shows five columns, a ResNeSt
 * block expands into its ops, and its heatmap shows R × K cells whose values are exactly the
 * attention tensor the Api returns and, cell for cell, the SVG export's. (The README's pictures of
 * these views are taken by readme-screenshots.spec.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, test, type AppFixture } from './support/app.js';
import { FIXTURES } from '../src/testing/fixtures.js';
import { descendants, parseXml } from '../src/diagram/testing/xml-parse.js';

/** What a page element offers inside `evaluateAll` (the e2e tsconfig has no DOM types). */
interface Attributed {
  getAttribute(name: string): string | null;
}

/** One of each architecture; SE and SK may come as their ResNeXt variants. */
const HEADLINE_FAMILIES = [['resnet'], ['resnext'], ['seresnet', 'seresnext'], ['skresnet', 'skresnext'], ['resnest']];

async function currentImageId(page: Page): Promise<string> {
  return (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
}

async function openPhoto(page: Page, name: string): Promise<string> {
  await page.getByTestId('open-image-input').setInputFiles(join(FIXTURES, 'images', name));
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-name', name);
  return currentImageId(page);
}

async function zooModels(app: AppFixture) {
  const models = (await app.api('listModels')).filter((m) => m.source === 'zoo');
  expect(models).toHaveLength(5);
  // One of each architecture (SE/SK may be the X variants).
  for (const families of HEADLINE_FAMILIES)
    expect(
      models.some((m) => families.includes(m.family)),
      families.join('/'),
    ).toBe(true);
  return models;
}

/** The first ResNeSt block with split attention over more than one radix split. */
async function splitAttentionBlock(app: AppFixture, modelId: string) {
  const analysis = await app.api('analyze', modelId);
  const block = analysis.stages.flatMap((s) => s.blocks).find((b) => b.attention === 'splat' && b.radix > 1);
  expect(block, 'the ResNeSt model has a split-attention block').toBeDefined();
  return block!;
}

test.describe.configure({ mode: 'serial' });

test('opens on a sample photo with the five architectures ready', async ({ page, app }) => {
  const errors = await openApp(page, app);
  await zooModels(app);
  const samples = await app.api('sampleImages');
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-id', samples[0]!.id);
  const table = page.getByTestId('prediction-table');
  await expect(table.locator('thead th[data-model]')).toHaveCount(5);
  await expect(table.locator('[data-testid=run-state][data-state=done]')).toHaveCount(5);

  // Switching photos quickly cancels the stale runs; the photo shown ends with all five results.
  await page.locator(`.thumbs button[data-image="${samples[1]!.name}"]`).first().click();
  await page.locator(`.thumbs button[data-image="${samples[0]!.name}"]`).first().click();
  await expect(page.getByTestId('current-photo')).toHaveAttribute('data-image-id', samples[0]!.id);
  await expect(table.locator('[data-testid=run-state][data-state=done]')).toHaveCount(5);
  await expect(table.locator('.top-item.first')).toHaveCount(5);
  await expect(page.getByTestId('error-bar')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a photo runs through all five models side by side', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const models = await zooModels(app);
  const imageId = await openPhoto(page, 'coffee.png');
  const table = page.getByTestId('prediction-table');
  await expect(table.locator('thead th[data-model]')).toHaveCount(5);
  await expect(table.locator('[data-testid=run-state][data-state=done]')).toHaveCount(5);
  for (const m of models) {
    const expected = (await app.api('predict', { imageId, modelIds: [m.id], top: 5 })).results[0]!;
    const items = table.locator(`td[data-model="${m.id}"] .top-item`);
    await expect(items).toHaveCount(expected.top.length);
    await expect(items.first()).toHaveAttribute('data-class-index', String(expected.top[0]!.index));
  }
  await expect(page.getByTestId('agreement')).not.toBeEmpty();
  expect(errors).toEqual([]);
});

test('a ResNeSt block expands into its ops and its heatmap equals the Api attention', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const models = await zooModels(app);
  const resnest = models.find((m) => m.family === 'resnest')!;
  const imageId = await openPhoto(page, 'chelsea.png');

  await page.locator('[data-view=diagram]').click();
  await page.locator(`.tab[data-model="${resnest.id}"]`).click();
  const diagram = page.locator(`[data-testid=diagram][data-model="${resnest.id}"]`);
  const block = await splitAttentionBlock(app, resnest.id);

  const node = diagram.locator(`[data-testid=block-node][data-block="${block.name}"]`);
  await node.click();
  await expect(page.getByTestId('properties')).toContainText(`${block.radix}`);
  await page.getByTestId('toggle-expand').click();
  const frame = diagram.locator(`[data-testid=expanded-block][data-block="${block.name}"]`);
  await expect(frame).toBeVisible();
  // The expanded block is framed, so all its ops are on screen: the ones the Api's layout has.
  const laidOut = await app.api('diagram', { modelId: resnest.id, expand: [block.name] });
  const opNodes = laidOut.nodes.filter((n) => n.kind === 'op' && n.block === block.name);
  expect(opNodes.map((n) => n.opType)).toContain('Softmax');
  await expect(diagram.locator('[data-testid=op-node]')).toHaveCount(opNodes.length);
  await expect(diagram.locator('[data-testid=op-node][data-op=Softmax]')).toHaveCount(
    opNodes.filter((n) => n.opType === 'Softmax').length,
  );

  // The heatmap of the selected block: R × K cells, every channel's value exactly the Api's.
  const attention = await app.api('attention', { imageId, modelId: resnest.id });
  const tensor = attention.blocks.find((b) => b.name === block.name)!;
  expect(tensor.dims).toEqual(['radix', 'cardinal', 'channel']);
  const [R, K] = tensor.shape as [number, number, number];
  const heatmap = page.getByTestId(`heatmap-${resnest.id}`);
  await expect(heatmap).toHaveAttribute('data-block', block.name);
  await expect(heatmap.locator('[data-cell]')).toHaveCount(R * K);
  const shown = await heatmap.locator('[data-value]').evaluateAll((els: Attributed[]) =>
    els.map((e) => ({
      v: Number(e.getAttribute('data-value')),
      r: Number(e.getAttribute('data-r')),
      k: Number(e.getAttribute('data-k')),
    })),
  );
  expect(shown.map((s) => s.v)).toEqual(Array.from(tensor.values));
  const perCell = tensor.shape[2]!;
  shown.forEach((s, i) => {
    expect(s.r).toBe(Math.floor(i / (K * perCell)));
    expect(s.k).toBe(Math.floor(i / perCell) % K);
  });

  // The SVG export of the same block draws the same cells, one to one (one shared geometry): same
  // split, group and mean (the SVG writes 4 significant digits).
  const cellsOf = (els: Attributed[], value: string) =>
    els.map((e) => ({
      r: Number(e.getAttribute('data-r')),
      k: Number(e.getAttribute('data-k')),
      v: Number(Number(e.getAttribute(value)).toPrecision(4)),
    }));
  const uiCells = await heatmap.locator('[data-cell]').evaluateAll(cellsOf, 'data-mean');
  const svg = await app.api('exportSvg', { modelId: resnest.id, expand: [block.name], imageId });
  const group = descendants(parseXml(svg)).find((e) => e.name === 'g' && e.attrs['data-block'] === block.name)!;
  const svgCells = descendants(group)
    .filter((e) => e.name === 'rect' && e.attrs.class === 'hm-cell')
    .map((e) => ({ r: Number(e.attrs['data-r']), k: Number(e.attrs['data-k']), v: Number(e.attrs['data-value']) }));
  expect(uiCells).toHaveLength(R * K);
  expect(svgCells).toEqual(uiCells);

  // Collapse with Escape (focus off the search box).
  await page.locator('.topbar .brand').click();
  await page.keyboard.press('Escape');
  await expect(frame).toHaveCount(0);
  await expect(node).toBeVisible();
  expect(errors).toEqual([]);
});

test('the attention view shows the same block of every model, and the diff of two photos', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const models = await zooModels(app);
  await openPhoto(page, 'chelsea.png');
  const resnest = models.find((m) => m.family === 'resnest')!;
  const block = await splitAttentionBlock(app, resnest.id);

  await page.locator('[data-view=attention]').click();
  await page.locator(`.block-item[data-block="${block.name}"]`).click();
  // Every model with attention in this block shows its own heatmap of it.
  const cards = page.locator('.heatmap-card');
  await expect(cards).toHaveCount(5);
  await expect(page.locator('.heatmap[data-block]')).not.toHaveCount(0);
  for (const b of await page
    .locator('.heatmap[data-block]')
    .evaluateAll((els: Attributed[]) => els.map((e) => e.getAttribute('data-block')))) {
    expect(b).toBe(block.name);
  }

  await page.getByTestId('diff-toggle').check();
  await expect(page.locator(`.heatmap-card[data-model="${resnest.id}"] figcaption`)).toHaveCount(3);
  // A focused checkbox takes no typing: shortcuts still work.
  await expect(page.getByTestId('diff-toggle')).toBeFocused();
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('prediction-table')).toBeVisible();
  expect(errors).toEqual([]);
});

test('search finds a block and a bad photo gives one line, not a blank page', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const models = await zooModels(app);
  const resnet = models.find((m) => m.family === 'resnet')!;
  await expect(page.getByTestId('prediction-table').locator('[data-testid=run-state][data-state=done]')).toHaveCount(5);

  // `/` opens the diagram with the search box focused; Enter selects the match.
  await page.locator('.topbar .brand').click();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'find a block or op' });
  await expect(search).toBeFocused();
  await page.locator(`.tab[data-model="${resnet.id}"]`).click();
  await search.fill('layer3.0');
  await search.press('Enter');
  await expect(page.getByTestId('properties')).toContainText('layer3.0');
  await expect(page.locator('[data-testid=block-node][data-block="layer3.0"].selected')).toHaveCount(1);

  // Arrow keys walk the blocks in graph order.
  await page.locator('.topbar .brand').click();
  const analysis = await app.api('analyze', resnet.id);
  const names = analysis.stages.flatMap((s) => s.blocks.map((b) => b.name));
  const next = names[names.indexOf('layer3.0') + 1]!;
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('properties')).toContainText(next);
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('properties')).toContainText('layer3.0');

  // `?` lists every command with its shortcut; Escape closes it.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'keyboard shortcuts' });
  await expect(dialog).toContainText('Export SVG');
  await expect(dialog).toContainText('Ctrl+Shift+O');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Ctrl+E exports the diagram as the Api draws it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+E')]);
  expect(download.suggestedFilename()).toMatch(/\.svg$/);
  const svg = readFileSync((await download.path())!, 'utf8');
  expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
  expect(svg).toContain('data-block="layer3.0"');

  await page.getByTestId('open-image-input').setInputFiles(join(FIXTURES, 'images/odd/not_an_image.jpg'));
  const bar = page.getByTestId('error-bar');
  await expect(bar).toContainText('not_an_image.jpg');
  expect((await bar.locator('.error-message').innerText()).split('\n')).toHaveLength(1);
  await expect(page.locator('.topbar')).toBeVisible();
  expect(errors).toEqual([]);
});
