/** `splitlens diagram` end to end through the real CLI program: files written, exit codes, one-line errors. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { descendants, parseXml } from '../../diagram/testing/xml-parse.js';
import { runCaptured } from '../testing/run-captured.js';
import { FIXTURES } from '../../testing/fixtures.js';

const GRAPH = `${FIXTURES}graphs/timm__resnest50d.onnx`;
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-diagram-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('splitlens diagram', () => {
  it('writes the SVG of an ONNX export (weights stripped) with one expanded block, dark theme', async () => {
    const o = join(tmp, 'rs.svg');
    const { code, err } = await runCaptured(['diagram', GRAPH, '--expand', 'layer2.0', '--theme', 'dark', '-o', o]);
    expect(err).toBe(`${o}: timm__resnest50d.onnx, 16 blocks\n`);
    expect(code).toBe(0);
    const doc = parseXml(readFileSync(o, 'utf8'));
    expect(descendants(doc, (e) => 'data-block' in e.attrs)).toHaveLength(16);
    const expanded = descendants(doc, (e) => e.attrs['data-expanded'] === 'true');
    expect(expanded.map((e) => e.attrs['data-block'])).toEqual(['layer2.0']);
    expect(readFileSync(o, 'utf8')).toContain('#0d1117');
  });

  it('prints the SVG on stdout without -o', async () => {
    const { code, out } = await runCaptured(['diagram', `${FIXTURES}graphs/timm__resnet50.onnx`]);
    expect(code).toBe(0);
    expect(descendants(parseXml(out.trim()), (e) => e.attrs['data-kind'] === 'bottleneck')).toHaveLength(16);
  });

  it('writes a PNG for --png or a .png output', async () => {
    const o = join(tmp, 'r.png');
    expect(
      (await runCaptured(['diagram', `${FIXTURES}tiny/tiny_resnet/model.onnx`, '--scale', '1', '-o', o])).code,
    ).toBe(0);
    const png = readFileSync(o);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(300); // IHDR width
  });

  it("draws heatmaps of a photo from the runtime's attention", async () => {
    const o = join(tmp, 'att.svg');
    const { code, err } = await runCaptured([
      'diagram',
      `${FIXTURES}tiny/tiny_resnest_r4c2/model.onnx`,
      '--image',
      `${FIXTURES}images/chelsea.png`,
      '-o',
      o,
    ]);
    expect(err).toMatch(/4 heatmaps\n$/);
    expect(code).toBe(0);
    const doc = parseXml(readFileSync(o, 'utf8'));
    // R=4 × K=2 cells per block
    expect(descendants(doc, (e) => e.attrs.class === 'hm-cell')).toHaveLength(4 * 8);
  });

  it.each([
    [['diagram', GRAPH, '--theme', 'sepia'], /^error: --theme takes light or dark, not 'sepia'\n$/],
    [['diagram', GRAPH, '--expand', 'layer9.0'], /^error: unknown block 'layer9.0' to expand/],
    [['diagram', GRAPH, '--expand', ','], /^error: --expand takes all, none or block names/],
    [
      ['diagram', GRAPH, '--expand', Array.from({ length: 10_000 }, (_, i) => `layer9.${i}`).join(',')],
      /^error: unknown blocks 'layer9\.0', 'layer9\.1', 'layer9\.2' … \(\+9,997 more\) to expand \(blocks: [^\n]{0,60}\)\n$/,
    ],
    [['diagram', GRAPH, '--png'], /^error: --png needs -o <file.png>\n$/],
    [['diagram', GRAPH, '--scale', '0'], /^error: --scale takes a number/],
    [['diagram', 'nope.onnx'], /^error: nope.onnx: no such file\n$/],
    [['diagram', 'resnet5000'], /^error: resnet5000: neither an ONNX file nor a zoo model/],
    [
      ['diagram', GRAPH, '-o', join(tmp, 'no/such/dir/x.svg')],
      /^error: cannot write .*x\.svg: folder .*dir does not exist/,
    ],
  ])('%j → exit 2 with one line', async (argv, msg) => {
    const { code, err } = await runCaptured(argv);
    expect(code).toBe(2);
    expect(err).toMatch(msg);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
