/**
 * Issue 17, search at scale, in Chromium against `splitlens serve`: search looks through every op
 * of the model, not only expanded blocks — "Softmax" in skresnext50 (a stripped timm export) finds
 * the softmax of all 16 SK blocks — shows the number of matches, and jumping to one expands its block.
 */
import { join } from 'node:path';
import { expect, test } from './support/app.js';
import { watchPage } from './support/watch.js';
import { FIXTURES } from '../src/testing/fixtures.js';

test('search in skresnext50 finds all 16 SK softmaxes and expands to the one it jumps to', async ({ page, app }) => {
  const problems = watchPage(page);
  await page.goto(app.url);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  const before = new Set((await app.api('listModels')).map((m) => m.id));
  await page.getByTestId('open-model-input').setInputFiles(join(FIXTURES, 'graphs/timm__skresnext50_32x4d.onnx'));
  const added = async () => (await app.api('listModels')).find((m) => !before.has(m.id));
  await expect.poll(added).toBeDefined();
  const model = (await added())!;
  try {
    // What the Api says the model holds: one Softmax per SK block, 3 + 4 + 6 + 3 blocks.
    const analysis = await app.api('analyze', model.id);
    const blocks = analysis.stages.flatMap((s) => s.blocks);
    const softmaxes: { block: string; name: string }[] = [];
    for (const b of blocks)
      for (const op of await app.api('blockOps', model.id, b.name))
        if (op.opType === 'Softmax') softmaxes.push({ block: b.name, name: op.name });
    expect(blocks.filter((b) => b.attention === 'sk')).toHaveLength(16);
    expect(softmaxes).toHaveLength(16);

    await page.getByTestId('opened-notice').getByRole('button', { name: 'Show its diagram' }).click();
    const diagram = page.locator(`[data-testid=diagram][data-model="${model.id}"]`);
    await expect(diagram).toHaveAttribute('data-ready', 'true');
    await expect(diagram.locator('.dnode.op-node')).toHaveCount(0);
    // Nothing is expanded, yet every softmax is found.
    await page.getByRole('searchbox', { name: 'find a block or op' }).fill('Softmax');
    const count = page.getByTestId('search-count');
    await expect(count).toHaveAttribute('data-matches', '16');
    await expect(count).toHaveText('1 / 16');
    // Enter jumps to the first, expanding its block: the op is drawn and selected.
    await page.getByRole('searchbox', { name: 'find a block or op' }).press('Enter');
    const first = softmaxes[0]!;
    const op = diagram.locator(`.react-flow__node[data-id="op:${first.block}:${first.name}"]`);
    await expect(op).toBeVisible();
    await expect(op.locator('.dnode.selected')).toHaveCount(1);
    // The next Enter goes to the second, in another block, which expands as well.
    await page.getByRole('searchbox', { name: 'find a block or op' }).press('Enter');
    await expect(count).toHaveText('2 / 16');
    const second = softmaxes[1]!;
    expect(second.block).not.toBe(first.block);
    await expect(diagram.locator(`.react-flow__node[data-id="op:${second.block}:${second.name}"]`)).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await app.api('closeModel', model.id).catch(() => undefined);
  }
});
