/**
 * Issue 17, the SE gate binned to pixels, in Chromium against `splitlens serve`: a full-width
 * SE-ResNet-50 stage 4 (one block per stage, pinned from the playground, seeded weights) has a
 * 2,048-channel gate in a strip of a few hundred pixels. It is drawn with one bin per pixel, each
 * painted with the mean of its channels (`channelBins`, the SVG export's function), and hovering
 * shows the exact value of the channel under the pointer — the Api's value for that channel.
 */
import { expect, openApp, test } from './support/app.js';
import { watchPage } from './support/watch.js';
import { channelBins, meanOf } from '../src/common/heatmap-geometry.js';
import { formatExactValue } from '../src/common/diagram-look.js';

/** The variant is built and run in the worker, shared with the other models: seconds on a busy machine. */
const SLOW = 240_000;

test('a 2,048-channel SE gate draws one bin per pixel and hover shows the exact channel value', async ({
  page,
  app,
}) => {
  test.setTimeout(600_000);
  const problems = watchPage(page);
  const variant = await app.api('pinVariant', {
    base: 'seresnet50',
    edits: { layers: [1, 1, 1, 1] },
    label: 'seresnet50 1-1-1-1',
  });
  try {
    await openApp(page, app);
    const imageId = (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
    const gateName = 'layer4.0';
    await page.locator('.topbar [data-view=attention]').click();
    await page.locator(`.block-item[data-block="${gateName}"]`).click();
    const card = page.getByTestId(`heatmap-${variant.id}`);
    const strip = card.locator('.heatmap-strip').first();
    await expect(strip).toBeVisible({ timeout: SLOW });
    const attention = await app.api('attention', { imageId, modelId: variant.id });
    const gate = attention.blocks.find((b) => b.name === gateName)!;
    expect(gate.kind).toBe('se');
    const channels = gate.values.length;
    expect(channels).toBe(2048);
    await expect(strip).toHaveAttribute('data-channels', String(channels));

    // At most one bin per pixel of the strip (its width, as drawn).
    const width = Math.floor((await strip.boundingBox())!.width);
    expect(width).toBeLessThan(channels);
    await expect(strip).toHaveAttribute('data-bins', String(width));
    const bins = strip.locator('[data-value]');
    await expect(bins).toHaveCount(width);

    // Each bin is the mean of its channels, as the shared geometry cuts them (one cell: the whole gate).
    const expected = channelBins(channels, width).map((b) => meanOf(gate.values, b.start, b.end - b.start));
    const shown = await bins.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(shown).toHaveLength(expected.length);
    shown.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));

    // Hover points of the strip: the tooltip names the channel under the pointer, with the Api's exact value.
    const box = (await strip.boundingBox())!;
    for (const at of [0.1, 0.5, 0.93]) {
      await page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
      const tip = card.getByTestId('heatmap-tip');
      await expect(tip).toBeVisible();
      const c = Number(await tip.getAttribute('data-channel'));
      // within one channel of where the pointer is (the pointer lands on the pixel grid)
      expect(Math.abs(c - at * channels)).toBeLessThanOrEqual(channels / width + 1);
      expect(Number(await tip.getAttribute('data-value'))).toBe(gate.values[c]);
      await expect(tip).toContainText(`channel ${c}: ${formatExactValue(gate.values[c]!)}`);
    }
    await page.screenshot({ path: 'test-results/se-gate-bins.png' });
    await page.mouse.move(0, 0);
    await expect(card.getByTestId('heatmap-tip')).toHaveCount(0);
    expect(problems).toEqual([]);
  } finally {
    await app.api('unpinVariant', variant.id);
  }
});
