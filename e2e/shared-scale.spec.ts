/**
 * Issue 17, one attention scale across models, in Chromium against `splitlens serve`: with
 * "shared scale across models" on, every model's heatmap of a block paints a channel from one
 * range — the min/max of that block's attention over all models, as the Api returns it — so equal
 * values get equal colours in every model, and each legend says which scale is in use. Off, each
 * model spans its own range (their legends differ).
 */
import { expect, openApp, test } from './support/app.js';
import { sequentialScale } from '../src/common/colour-scale.js';
import { formatScaleValue } from '../src/common/diagram-look.js';

/** What a channel element offers inside `evaluateAll` (the e2e tsconfig has no DOM types). */
interface Channel {
  getAttribute(name: string): string | null;
  ownerDocument: { defaultView: { getComputedStyle(e: unknown): { backgroundColor: string } } };
}

const rgbOf = (css: string): number[] => (/(\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(css) ?? []).slice(1).map(Number);

test('the shared scale paints equal values alike in every model and says so in the legend', async ({ page, app }) => {
  const errors = await openApp(page, app);
  const models = (await app.api('listModels')).filter((m) => m.source === 'zoo');
  const imageId = (await page.getByTestId('current-photo').getAttribute('data-image-id'))!;
  await expect(page.getByTestId('prediction-table').locator('[data-testid=run-state][data-state=done]')).toHaveCount(
    models.length,
  );

  // A block where two models have attention, and that block's values over every model.
  const attention = await Promise.all(models.map((m) => app.api('attention', { imageId, modelId: m.id })));
  const names = attention.flatMap((r) => r.blocks.map((b) => b.name));
  const block = names.find((n) => names.filter((x) => x === n).length >= 2)!;
  expect(block).toBeDefined();
  const holders = models.filter((_, i) => attention[i]!.blocks.some((b) => b.name === block));
  const [a, b] = holders as [(typeof holders)[0], (typeof holders)[0]];
  const all = attention.flatMap((r) => r.blocks.filter((x) => x.name === block).flatMap((x) => Array.from(x.values)));
  const shared = sequentialScale(Math.min(...all), Math.max(...all));

  await page.locator('[data-view=attention]').click();
  await page.locator(`.block-item[data-block="${block}"]`).click();
  const card = (id: string) => page.getByTestId(`heatmap-${id}`);
  const legendOf = (id: string) => page.locator('section', { has: card(id) }).getByTestId('heatmap-legend');
  for (const m of [a, b]) await expect(card(m.id).locator('[data-value]').first()).toBeVisible();

  // Own scales: each legend spans its own model's range, so the two differ.
  await expect(legendOf(a.id)).toHaveAttribute('data-scale', 'own');
  await expect(page.getByTestId('scale-hint')).toContainText("each model's range");
  expect(await legendOf(a.id).locator('.legend-value').allTextContents()).not.toEqual(
    await legendOf(b.id).locator('.legend-value').allTextContents(),
  );

  await page.getByTestId('shared-scale-toggle').check();
  await expect(page.getByTestId('scale-hint')).toContainText('one colour scale for all models');
  const ends = [formatScaleValue(shared.min), formatScaleValue(shared.max)];
  for (const m of [a, b]) {
    await expect(legendOf(m.id)).toHaveAttribute('data-scale', 'shared');
    await expect(legendOf(m.id)).toContainText('shared scale across models');
    await expect(legendOf(m.id).locator('.legend-value')).toHaveText(ends);
    // Every channel is painted by the one shared scale: a value's colour no longer depends on the model.
    const painted = await card(m.id)
      .locator('[data-value]')
      .evaluateAll((els: Channel[]) =>
        els.map((e) => ({
          v: Number(e.getAttribute('data-value')),
          bg: e.ownerDocument.defaultView.getComputedStyle(e).backgroundColor,
        })),
      );
    expect(painted.length).toBeGreaterThan(0);
    for (const p of painted) expect(rgbOf(p.bg), `${m.id} ${p.v}`).toEqual(rgbOf(shared.css(p.v)));
  }
  // Equal values, equal colours: the value both models share most nearly is painted alike.
  const colourOf = async (id: string, v: number) =>
    card(id)
      .locator('[data-value]')
      .evaluateAll((els: Channel[], want: number) => {
        let best = els[0]!;
        for (const e of els)
          if (
            Math.abs(Number(e.getAttribute('data-value')) - want) <
            Math.abs(Number(best.getAttribute('data-value')) - want)
          )
            best = e;
        return {
          v: Number(best.getAttribute('data-value')),
          bg: best.ownerDocument.defaultView.getComputedStyle(best).backgroundColor,
        };
      }, v);
  const va = await colourOf(a.id, (shared.min + shared.max) / 2);
  const vb = await colourOf(b.id, va.v);
  if (Math.abs(vb.v - va.v) < 1e-9) expect(rgbOf(vb.bg)).toEqual(rgbOf(va.bg));
  else expect(rgbOf(vb.bg)).toEqual(rgbOf(shared.css(vb.v)));
  expect(errors).toEqual([]);
});
