/**
 * Issue 17, tensor shapes and weights like Netron's, in Chromium against `splitlens serve`: a
 * ResNet-50 block expanded into its ops shows each op edge's tensor shape (the Api's inferred
 * shape) once zoomed in enough to read it (hidden further out, where it is clutter), and selecting
 * a conv lists its input/output shapes, its weight shapes and the weight statistics and histogram
 * the Api computes from the weights the model runs with. A stripped export lists the same shapes
 * and says its weights are not in the file.
 */
import { join } from 'node:path';
import { expect, openApp, test } from './support/app.js';
import { FIXTURES } from '../src/testing/fixtures.js';

/** From this zoom on, op edges carry their shapes (renderer/src/diagram/PolylineEdge.tsx). */
const OP_LABEL_ZOOM = 0.7;
import { watchPage } from './support/watch.js';
import { dimsText } from '../src/common/tensor-shape.js';
import { formatWeightValue as signif } from '../src/common/diagram-look.js';

test('an expanded ResNet-50 block labels op edges with shapes; a conv lists shapes, weight stats and a histogram', async ({
  page,
  app,
}) => {
  const problems = watchPage(page);
  await openApp(page, app);
  const model = 'resnet50';
  const block = 'layer1.0';
  const ops = await app.api('blockOps', model, block);
  const conv = ops.find((o) => o.opType === 'Conv' && (o.weights?.length ?? 0) > 0)!;
  expect(conv.outputDims?.[0]).toBeTruthy();
  const laidOut = await app.api('diagram', { modelId: model, expand: [block] });
  const convNode = laidOut.nodes.find((n) => n.kind === 'op' && n.id === `op:${block}:${conv.name}`)!;
  const outEdge = laidOut.edges.find((e) => e.source === convNode.id && e.label)!;
  expect(outEdge.label).toBe(dimsText(conv.outputDims![0]!));

  await page.locator('.topbar [data-view=diagram]').click();
  await page.locator(`.tab[data-model="${model}"]`).click();
  const diagram = page.locator(`[data-testid=diagram][data-model="${model}"]`);
  await expect(diagram).toHaveAttribute('data-ready', 'true');
  await diagram.locator(`[data-testid=block-node][data-block="${block}"]`).click();
  await page.getByTestId('toggle-expand').click();
  await expect(diagram.locator(`[data-testid=expanded-block][data-block="${block}"]`)).toBeVisible();

  // Select the conv (the canvas brings it into view), then zoom about it with the wheel: far out
  // its edge's shape is hidden (clutter), from OP_LABEL_ZOOM on it is written.
  const opNode = diagram.locator(`.react-flow__node[data-id="${convNode.id}"]`);
  await opNode.click();
  const edgeLabel = diagram.locator(`.react-flow__edge[data-id="${outEdge.id}"] [data-testid=edge-label]`);
  const viewport = diagram.locator('.react-flow__viewport');
  const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await viewport.getAttribute('style')) ?? '')?.[1] ?? 0);
  const wheelUntil = async (done: (z: number) => boolean, deltaY: number) => {
    for (let i = 0; i < 12 && !done(await zoom()); i++) {
      const box = (await opNode.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const before = await zoom();
      await page.mouse.wheel(0, deltaY);
      await expect.poll(zoom).not.toBe(before);
    }
    expect(done(await zoom())).toBe(true);
  };
  await wheelUntil((z) => z < OP_LABEL_ZOOM && z > 0.45, 60);
  await expect(edgeLabel).toHaveCount(0);
  await wheelUntil((z) => z >= OP_LABEL_ZOOM, -60);
  await expect(edgeLabel).toHaveText(outEdge.label!);

  const panel = page.getByTestId('properties');
  await expect(panel.getByTestId('op-name')).toHaveText(conv.name);
  await expect(panel.getByTestId('op-input-shape').first()).toHaveText(dimsText(conv.inputDims![0]!, true));
  await expect(panel.getByTestId('op-output-shape').first()).toHaveText(dimsText(conv.outputDims![0]!, true));
  const weights = await app.api('opWeights', model, conv.name);
  expect(weights.length).toBeGreaterThan(0);
  const shown = panel.getByTestId('op-weight');
  await expect(shown).toHaveCount(weights.length);
  for (const [i, w] of weights.entries()) {
    const item = shown.nth(i);
    await expect(item).toHaveAttribute('data-weight', w.name);
    await expect(item.getByTestId('weight-shape')).toHaveText(w.dims.join('×'));
    expect(w.stats!.count).toBe(w.dims.reduce((a, b) => a * b, 1));
    const stats = item.getByTestId('weight-stats');
    await expect(stats).toContainText(w.stats!.count.toLocaleString('en-US'));
    await expect(stats).toContainText(`${signif(w.stats!.min)} … ${signif(w.stats!.max)}`);
    await expect(stats).toContainText(`${signif(w.stats!.mean)} ± ${signif(w.stats!.std)}`);
    // The histogram draws the Api's bins, tallest bar for the largest count.
    const bars = item.locator('[data-testid=weight-histogram] rect.weight-bar');
    await expect(bars).toHaveCount(w.stats!.histogram.bins.length);
    const heights = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('height'))));
    const bins = w.stats!.histogram.bins;
    expect(heights.indexOf(Math.max(...heights))).toBe(bins.indexOf(Math.max(...bins)));
  }
  await page.screenshot({ path: 'test-results/op-properties.png' });
  expect(problems).toEqual([]);
});

test('a stripped export lists its op shapes and weight shapes, and says the weights are not in the file', async ({
  page,
  app,
}) => {
  const problems = watchPage(page);
  await openApp(page, app);
  await expect(page.locator('[data-testid=model-list] > li')).toHaveCount((await app.api('listModels')).length);
  const before = new Set((await app.api('listModels')).map((m) => m.id));
  await page.getByTestId('open-model-input').setInputFiles(join(FIXTURES, 'graphs/timm__resnet50.onnx'));
  const added = async () => (await app.api('listModels')).find((m) => !before.has(m.id));
  await expect.poll(added).toBeDefined();
  const model = (await added())!;
  try {
    expect(model.weights).toBe('analysis-only');
    const block = 'layer1.0';
    const conv = (await app.api('blockOps', model.id, block)).find((o) => o.opType === 'Conv')!;
    await page.locator('.topbar [data-view=diagram]').click();
    await page.locator(`.tab[data-model="${model.id}"]`).click();
    const diagram = page.locator(`[data-testid=diagram][data-model="${model.id}"]`);
    await expect(diagram).toHaveAttribute('data-ready', 'true');
    await diagram.locator(`[data-testid=block-node][data-block="${block}"]`).click();
    await page.getByTestId('toggle-expand').click();
    await diagram.locator(`.react-flow__node[data-id="op:${block}:${conv.name}"]`).click();
    const panel = page.getByTestId('properties');
    await expect(panel.getByTestId('op-output-shape').first()).toHaveText(dimsText(conv.outputDims![0]!, true));
    const weights = panel.getByTestId('op-weight');
    await expect(weights).toHaveCount(conv.weights!.length);
    await expect(weights.first().getByTestId('weight-shape')).toHaveText(conv.weights![0]!.dims.join('×'));
    await expect(weights.first().getByTestId('weight-missing')).toHaveText('weights not in the file');
    await expect(panel.getByTestId('weight-histogram')).toHaveCount(0);
    expect(problems).toEqual([]);
  } finally {
    await app.api('closeModel', model.id);
  }
});
