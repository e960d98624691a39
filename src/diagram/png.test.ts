import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixtureModel, referenceAttention } from './testing/fixture-models.js';
import { layoutDiagram } from './layout.js';
import { svgToPng } from './png.js';
import { renderSvg } from './svg.js';

async function pixels(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('svgToPng', () => {
  it('rasterises the export at the requested scale, text and heatmap cells included', async () => {
    const { analysis } = await fixtureModel('tiny_resnest');
    const diagram = layoutDiagram(analysis, { modelId: 'tiny_resnest' });
    const svg = renderSvg(diagram, { attention: referenceAttention('tiny_resnest', analysis) });
    const vb = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number);
    const img = await pixels(svgToPng(svg, { scale: 2 }));
    expect(img.width).toBe(Math.round(vb[2]! * 2));
    expect(img.height).toBe(Math.round(vb[3]! * 2));

    const at = (x: number, y: number): number[] => {
      const px = Math.round(x * 2);
      const py = Math.round((y - vb[1]!) * 2);
      const i = (py * img.width + px) * 3;
      return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    };
    // A heatmap cell is painted with its own fill.
    const cell =
      /<rect class="hm-cell" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" fill="(#[0-9a-f]{6})"/.exec(
        svg,
      )!;
    const fill = [1, 3, 5].map((i) => parseInt(cell[4]!.slice(i, i + 2), 16));
    at(Number(cell[1]) + Number(cell[3]) / 2, Number(cell[2]) + 1.5).forEach((c, i) =>
      expect(Math.abs(c - fill[i]!)).toBeLessThanOrEqual(2),
    );

    // The block label's text is drawn: dark ink inside its line, which is blank without the text.
    const block = diagram.nodes.find((n) => n.kind === 'block')!;
    const inkIn = (im: typeof img): number => {
      let dark = 0;
      for (let y = block.y + 6; y < block.y + 20; y += 0.5) {
        for (let x = block.x + 12; x < block.x + 70; x += 0.5) {
          const px = Math.round(x * 2);
          const py = Math.round((y - vb[1]!) * 2);
          if (im.data[(py * im.width + px) * 3]! < 100) dark++;
        }
      }
      return dark;
    };
    expect(inkIn(img)).toBeGreaterThan(50);
    const noText = await pixels(svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { scale: 2 }));
    expect(inkIn(noText)).toBe(0);
  });
});
