/**
 * Issue 9 in Chromium: an exported SVG renders without errors, and its drawn block boxes, op boxes
 * and heatmap cells sit exactly at the Diagram's coordinates — the coordinates the app's React
 * Flow view draws — so the export is the app's picture. Needs no server: the SVG is set as the
 * page content. Pixels of heatmap cells are checked against their fills.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import type { Diagram, DiagramNode } from '../src/common/diagram.js';
import { fixtureModel, referenceAttention, seededAttention } from '../src/diagram/testing/fixture-models.js';
import { layoutDiagram, renderSvg } from '../src/diagram/index.js';

interface Rendered {
  errors: string[];
  /** Page position of diagram (0, 0) and page px per diagram unit. */
  origin: { x: number; y: number };
  scale: number;
}

async function show(page: Page, diagram: Diagram, svg: string): Promise<Rendered> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`request ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && !r.url().startsWith('about:')) errors.push(`request ${r.url()}`);
  });
  const vb = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number) as [number, number, number, number];
  await page.setViewportSize({ width: Math.ceil(vb[2]), height: Math.min(8000, Math.ceil(vb[3])) });
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">${svg}</body></html>`,
  );
  const box = (await page.locator('body > svg').boundingBox())!;
  const scale = box.width / vb[2];
  return { errors, origin: { x: box.x - vb[0] * scale, y: box.y - vb[1] * scale }, scale };
}

/** Same centre (±0.5 px) and size (±1 px: the browser's box includes the stroke) as the layout's node. */
function expectAt(
  actual: { x: number; y: number; width: number; height: number } | null,
  n: Pick<DiagramNode, 'x' | 'y' | 'width' | 'height'>,
  r: Rendered,
  what: string,
): void {
  expect(actual, what).not.toBeNull();
  const a = actual!;
  const want = {
    cx: r.origin.x + (n.x + n.width / 2) * r.scale,
    cy: r.origin.y + (n.y + n.height / 2) * r.scale,
    width: n.width * r.scale,
    height: n.height * r.scale,
  };
  const got = { cx: a.x + a.width / 2, cy: a.y + a.height / 2, width: a.width, height: a.height };
  for (const k of ['cx', 'cy'] as const)
    expect(Math.abs(got[k] - want[k]), `${what} ${k}: ${got[k]} vs ${want[k]}`).toBeLessThanOrEqual(0.5);
  for (const k of ['width', 'height'] as const)
    expect(Math.abs(got[k] - want[k]), `${what} ${k}: ${got[k]} vs ${want[k]}`).toBeLessThanOrEqual(1.01);
}

test("ResNeSt-50d export (one block expanded, heatmaps) renders at the layout's coordinates", async ({ page }) => {
  const { analysis, opsOf } = await fixtureModel('timm__resnest50d');
  const diagram = layoutDiagram(analysis, { modelId: 'resnest50d', expand: ['layer2.0'], opsOf });
  const svg = renderSvg(diagram, { attention: seededAttention(analysis, 'resnest50d') });
  const r = await show(page, diagram, svg);

  const parseErrors = await page.evaluate(
    `new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml').getElementsByTagName('parsererror').length`,
  );
  expect(parseErrors).toBe(0);

  const blocks = diagram.nodes.filter((n) => n.kind === 'block');
  await expect(page.locator('g[data-block]')).toHaveCount(16);
  for (const b of blocks) {
    expectAt(await page.locator(`g[data-block="${b.block}"] > rect.block-rect`).boundingBox(), b, r, b.id);
  }
  const ops = diagram.nodes.filter((n) => n.kind === 'op');
  expect(ops.length).toBeGreaterThan(15);
  const opRects = page.locator('g[data-block="layer2.0"] g[data-op] > rect');
  await expect(opRects).toHaveCount(ops.length);
  for (const [i, op] of ops.entries()) expectAt(await opRects.nth(i).boundingBox(), op, r, op.id);
  for (const n of diagram.nodes.filter((x) => ['input', 'stem', 'head', 'output'].includes(x.kind))) {
    expectAt(await page.locator(`g[data-node="${n.id}"] > rect`).boundingBox(), n, r, n.id);
  }
  // Every block's label text is laid out by the browser (fonts resolved, nothing empty).
  const label = await page.locator('g[data-block="layer3.4"] text.lbl').boundingBox();
  expect(label!.width).toBeGreaterThan(30);
  expect(r.errors).toEqual([]);
});

test('heatmap cells are painted with their fills where the layout reserved them (SK, dark theme)', async ({ page }) => {
  const { analysis } = await fixtureModel('tiny_skresnext');
  const attention = referenceAttention('tiny_skresnext', analysis);
  const diagram = layoutDiagram(analysis, { modelId: 'tiny_skresnext' });
  const svg = renderSvg(diagram, { attention, theme: 'dark' });
  const r = await show(page, diagram, svg);

  for (const b of diagram.nodes.filter((n) => n.heatmap)) {
    const area = b.heatmap!;
    const cells = page.locator(`g[data-block="${b.block}"] rect.hm-cell`);
    await expect(cells).toHaveCount(area.rows * area.groups);
    const first = (await cells.first().boundingBox())!;
    const last = (await cells.last().boundingBox())!;
    expect(Math.abs(first.x - (r.origin.x + area.x * r.scale))).toBeLessThanOrEqual(0.75);
    expect(Math.abs(first.y - (r.origin.y + area.y * r.scale))).toBeLessThanOrEqual(0.75);
    expect(Math.abs(last.x + last.width - (r.origin.x + (area.x + area.width) * r.scale))).toBeLessThanOrEqual(0.75);
    // The mean band at the top of each cell shows the cell's own fill.
    for (let i = 0; i < Math.min(4, area.rows * area.groups); i++) {
      const cell = cells.nth(i);
      const fill = (await cell.getAttribute('fill'))!;
      const bb = (await cell.boundingBox())!;
      const png = await page.screenshot({ clip: { x: bb.x + bb.width / 2, y: bb.y + 1, width: 1, height: 1 } });
      const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const want = [1, 3, 5].map((j) => parseInt(fill.slice(j, j + 2), 16));
      want.forEach((c, j) => expect(Math.abs(data[j]! - c), `${b.block} cell ${i} ${fill}`).toBeLessThanOrEqual(3));
    }
  }
  expect(r.errors).toEqual([]);
});
