/**
 * Issue 17, side-by-side diagrams (Model Explorer's split pane), in Chromium against `splitlens
 * serve`: two models' diagrams next to each other, navigation synced by block name — selecting a
 * block in one pane centres the same block in the other, expanding one expands it in both — and the
 * blocks whose kind, K, R or attention differ (as the Api's analyses of the two models say) marked
 * in both panes.
 */
import type { Locator, Page } from '@playwright/test';
import type { Analysis } from '../src/api/contract.js';
import { type AppFixture, expect, screenshotPath, test } from './support/app.js';
import { watchPage } from './support/watch.js';

/** Blocks that differ between two analyses, with what differs, straight from the Api's data. */
function differing(a: Analysis, b: Analysis): Map<string, string[]> {
  const other = new Map(b.stages.flatMap((s) => s.blocks).map((x) => [x.name, x]));
  const out = new Map<string, string[]>();
  for (const x of a.stages.flatMap((s) => s.blocks)) {
    const y = other.get(x.name);
    const fields: string[] = [];
    if (!y || x.type !== y.type) fields.push('kind');
    if (!y || x.cardinality !== y.cardinality) fields.push('K');
    if (!y || x.radix !== y.radix) fields.push('R');
    if (!y || x.attention !== y.attention) fields.push('attention');
    if (fields.length) out.set(x.name, fields);
  }
  return out;
}

/** Distance in px from a node's centre to its pane canvas's centre. */
async function offCentre(pane: Locator, block: string): Promise<number> {
  const canvas = (await pane.locator('.react-flow').boundingBox())!;
  const node = await pane.locator(`.react-flow__node[data-id="block:${block}"]`).boundingBox();
  if (!node) return Infinity;
  return Math.hypot(
    node.x + node.width / 2 - (canvas.x + canvas.width / 2),
    node.y + node.height / 2 - (canvas.y + canvas.height / 2),
  );
}

/** The app in the Diagram view, resnet50 on the left and `other` in a second pane on the right. */
async function openSideBySide(page: Page, app: AppFixture, other: string): Promise<{ left: Locator; right: Locator }> {
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  await page.locator('.topbar [data-view=diagram]').click();
  await page.locator('.tab[data-model=resnet50]').click();
  await page.getByTestId('split-toggle').click();
  await expect(page.getByTestId('split-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('model in pane 2').selectOption(other);
  const left = page.locator('[data-testid=diagram][data-pane=pane0]');
  const right = page.locator('[data-testid=diagram][data-pane=pane1]');
  await expect(left).toHaveAttribute('data-model', 'resnet50');
  await expect(right).toHaveAttribute('data-model', other);
  return { left, right };
}

test('side by side: selecting a block in one pane centres the same block in the other; differing blocks are marked', async ({
  page,
  app,
}) => {
  const problems = watchPage(page);
  const { left, right } = await openSideBySide(page, app, 'resnest50d');
  await expect(left).toHaveAttribute('data-ready', 'true');
  await expect(right).toHaveAttribute('data-ready', 'true');

  // The marks are the blocks whose kind, K, R or attention differ in the two models' analyses.
  const resnet = await app.api('analyze', 'resnet50');
  const resnest = await app.api('analyze', 'resnest50d');
  const want = differing(resnet, resnest);
  expect(want.size).toBeGreaterThan(0);
  for (const pane of [left, right]) {
    const marked = pane.locator('[data-testid=block-node][data-diff]');
    await expect(marked).toHaveCount(want.size);
    for (const [block, fields] of want) {
      const diff = await pane.locator(`[data-testid=block-node][data-block="${block}"]`).getAttribute('data-diff');
      for (const f of fields) expect(diff, `${block}: ${f}`).toContain(`${f} `);
    }
  }
  await expect(page.getByTestId('pane-diff-count').first()).toHaveAttribute('data-count', String(want.size));
  // A block's mark says how it differs, e.g. R 1 → 2 for resnet50 against ResNeSt's split attention.
  const first = [...want.keys()][0]!;
  const block = resnest.stages.flatMap((s) => s.blocks).find((b) => b.name === first)!;
  await expect(right.locator(`[data-testid=block-node][data-block="${first}"]`)).toHaveAttribute(
    'data-diff',
    new RegExp(`attention none → ${block.attention}`),
  );

  // Selecting a block on the left centres the same block on the right; the left pane stays put.
  const last = resnet.stages.at(-1)!.blocks.at(-1)!.name;
  expect(await offCentre(right, last)).toBeGreaterThan(60);
  const leftView = await left.locator('.react-flow__viewport').getAttribute('style');
  await left.locator(`.react-flow__node[data-id="block:${last}"]`).click();
  await expect(right.locator(`.react-flow__node[data-id="block:${last}"] .dnode.selected`)).toHaveCount(1);
  await expect.poll(() => offCentre(right, last)).toBeLessThan(4);
  expect(await left.locator('.react-flow__viewport').getAttribute('style')).toBe(leftView);
  await page.screenshot({ path: screenshotPath('screenshot-side-by-side.png') });
  // And the other way round.
  const top = resnet.stages[0]!.blocks[0]!.name;
  expect(await offCentre(left, top)).toBeGreaterThan(60);
  // The right pane now shows the last block: drag its canvas down until the first one is in view.
  const rightBox = (await right.locator('.react-flow').boundingBox())!;
  const topNode = right.locator(`.react-flow__node[data-id="block:${top}"]`);
  for (let i = 0; i < 6 && !(await topNode.isVisible()); i++) {
    await page.mouse.move(rightBox.x + 30, rightBox.y + 60);
    await page.mouse.down();
    await page.mouse.move(rightBox.x + 30, rightBox.y + rightBox.height - 60, { steps: 8 });
    await page.mouse.up();
  }
  await topNode.click();
  await expect.poll(() => offCentre(left, top)).toBeLessThan(4);

  // The same model on both sides: nothing differs, nothing is marked.
  await page.getByLabel('model in pane 2').selectOption('resnet50');
  await expect(page.locator('[data-testid=diagram][data-pane=pane1]')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('pane-diff-count').first()).toHaveAttribute('data-count', '0');
  await expect(page.locator('[data-testid=block-node][data-diff]')).toHaveCount(0);
  // One pane again.
  await page.getByTestId('split-toggle').click();
  await expect(page.locator('[data-testid=diagram]')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('side by side: expanding a block in one pane expands the same block in the other, Expand all expands both', async ({
  page,
  app,
}) => {
  const problems = watchPage(page);
  const { left, right } = await openSideBySide(page, app, 'seresnet50');
  await expect(left).toHaveAttribute('data-ready', 'true');
  await expect(right).toHaveAttribute('data-ready', 'true');
  const first = (await app.api('analyze', 'seresnet50')).stages[0]!.blocks[0]!.name;
  await expect(right.locator('[data-testid=expanded-block]')).toHaveCount(0);

  // Double-click on the right: both panes draw the block as its ops.
  await right.locator(`.react-flow__node[data-id="block:${first}"]`).dblclick();
  for (const pane of [left, right]) {
    await expect(pane.locator(`[data-testid=expanded-block][data-block="${first}"]`)).toHaveCount(1);
    await expect(pane.locator('[data-testid=op-node]').first()).toBeVisible();
  }
  // The SE gate's sigmoid is drawn on the right only: the models differ inside the block.
  await expect(right.locator('[data-testid=op-node][data-op=Sigmoid]')).not.toHaveCount(0);
  await expect(left.locator('[data-testid=op-node][data-op=Sigmoid]')).toHaveCount(0);

  // Expand all, then collapse all, from the toolbar: every block of both models.
  await page.locator('[data-command="diagram.expandAll"]').click();
  const blocks = async (id: string) => (await app.api('analyze', id)).stages.flatMap((s) => s.blocks).length;
  await expect(left).toHaveAttribute('data-ready', 'true');
  await expect(right).toHaveAttribute('data-ready', 'true');
  // (Only what is on screen is drawn, so the panes say how many blocks they have expanded.)
  await expect(right).toHaveAttribute('data-expanded', String(await blocks('seresnet50')));
  await expect(left).toHaveAttribute('data-expanded', String(await blocks('resnet50')));
  await expect(right.locator('[data-testid=op-node]').first()).toBeVisible();
  await page.locator('[data-command="diagram.collapseAll"]').click();
  await expect(right).toHaveAttribute('data-expanded', '0');
  await expect(left).toHaveAttribute('data-expanded', '0');
  await expect(right.locator('[data-testid=expanded-block]')).toHaveCount(0);
  await expect(left.locator('[data-testid=expanded-block]')).toHaveCount(0);
  expect(problems).toEqual([]);
});
