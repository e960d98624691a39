/**
 * Issue 17, the SE gate binned to pixels, in Chromium against `splitlens serve`: a squeeze-excite
 * gate wider (in channels) than its strip (in pixels) is drawn with at most one bin per pixel,
 * every bin painted with the mean of its channels (`channelBins`, the SVG export's function), and
 * hovering shows the exact value of the channel under the pointer — the Api's value for it.
 */
import { expect, openApp, test } from './support/app.js';
import { watchPage } from './support/watch.js';
import { channelBins, meanOf } from '../src/common/heatmap-geometry.js';
import { formatExactValue } from '../src/common/diagram-look.js';

test('an SE gate draws at most one bin per pixel and hover shows the exact channel value', async ({ page, app }) => {
  const problems = watchPage(page);
  // A narrow window: the widest tiny gate (256 channels) gets fewer pixels than channels.
  await page.setViewportSize({ width: 900, height: 700 });
  await openApp(page, app);
  const imageId = (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
  const se = (await app.api('listModels')).find((m) => m.family === 'seresnet' || m.family === 'seresnext')!;
  await expect(
    page.getByTestId('prediction-table').locator(`[data-testid=run-state][data-state=done]`).first(),
  ).toBeVisible();
  const attention = await app.api('attention', { imageId, modelId: se.id });
  const gate = attention.blocks
    .filter((b) => b.kind === 'se')
    .reduce((a, b) => (b.values.length > a.values.length ? b : a));

  await page.locator('.topbar [data-view=attention]').click();
  await page.locator(`.block-item[data-block="${gate.name}"]`).click();
  const card = page.getByTestId(`heatmap-${se.id}`);
  const strip = card.locator('.heatmap-strip').first();
  await expect(strip).toBeVisible();
  const channels = Number(await strip.getAttribute('data-channels'));
  const width = Math.floor((await strip.boundingBox())!.width);
  await expect(strip).toHaveAttribute('data-bins', String(Math.min(channels, width)));
  expect(channels, 'the gate has more channels than its strip has pixels').toBeGreaterThan(width);
  const bins = strip.locator('[data-value]');
  await expect(bins).toHaveCount(Math.min(channels, width));

  // Each bin is the mean of its channels, as the shared geometry cuts them (one cell: the whole gate).
  const expected = channelBins(channels, width).map((b) => meanOf(gate.values, b.start, b.end - b.start));
  const shown = await bins.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(shown).toHaveLength(expected.length);
  shown.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));

  // Hover a point of the strip: the tooltip names the channel under it, with the Api's exact value.
  const box = (await strip.boundingBox())!;
  for (const at of [0.1, 0.5, 0.93]) {
    await page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
    const tip = card.getByTestId('heatmap-tip');
    await expect(tip).toBeVisible();
    const c = Number(await tip.getAttribute('data-channel'));
    // the channel under the pointer (within one channel of rounding the pointer to the pixel grid)
    expect(Math.abs(c - Math.floor(at * channels))).toBeLessThanOrEqual(1);
    expect(Number(await tip.getAttribute('data-value'))).toBe(gate.values[c]);
    await expect(tip).toContainText(`channel ${c}: ${formatExactValue(gate.values[c]!)}`);
  }
  await page.mouse.move(0, 0);
  await expect(card.getByTestId('heatmap-tip')).toHaveCount(0);
  expect(problems).toEqual([]);
});
