/**
 * `splitlens diagram <model> [--image img] [--expand all|none|a,b] [--theme light|dark] [--png]
 * [-o out.svg]`: the block diagram the app shows, as a self-contained SVG (or PNG), with attention
 * heatmaps of a photo when `--image` is given. The CLI hosts the app's Api in process, so the layout
 * and the export are the app's own (`exportSvg`).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { Theme } from '../../common/diagram.js';
import { UserError } from '../../common/errors.js';
import { svgToPng } from '../../diagram/index.js';
import { checkOutputPath, writeFileSafely } from '../../platform/safe-write.js';
import { withCliApi } from '../cli-api.js';
import { damagedWarning } from '../load-models.js';

interface DiagramFlags {
  image?: string;
  expand: string;
  theme: string;
  png?: boolean;
  scale: string;
  output?: string;
  title?: string;
}

function parseExpand(s: string): 'all' | 'none' | string[] {
  if (s === 'all' || s === 'none') return s;
  const names = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!names.length) throw new UserError(`--expand takes all, none or block names (layer1.0,layer3.2), not '${s}'`);
  return names;
}

function parseTheme(s: string): Theme {
  if (s !== 'light' && s !== 'dark') throw new UserError(`--theme takes light or dark, not '${s}'`);
  return s;
}

function parseScale(s: string): number {
  const v = Number(s);
  if (!Number.isFinite(v) || v <= 0 || v > 8) throw new UserError(`--scale takes a number in (0, 8], not '${s}'`);
  return v;
}

export function registerDiagram(program: Command): void {
  program
    .command('diagram')
    .description('export the block diagram as SVG (or PNG), with attention heatmaps for an image')
    .argument('<model>', 'ONNX file or zoo model (resnet50, resnest50d, ...)')
    .option('--image <file>', "draw each block's attention for this photo")
    .option('--expand <blocks>', 'blocks drawn as their ONNX ops: all, none or layer1.0,layer3.2', 'none')
    .option('--theme <theme>', 'light or dark', 'light')
    .option('--png', 'write a PNG instead of SVG (also chosen by an -o ending in .png)')
    .option('--scale <n>', 'PNG pixels per diagram unit', '2')
    .option('--title <text>', 'title drawn on top (default: the model name)')
    .option('-o, --output <file>', 'where to write (default: SVG on stdout)')
    .action(async (model: string, flags: DiagramFlags) => {
      const expand = parseExpand(flags.expand);
      const theme = parseTheme(flags.theme);
      const scale = parseScale(flags.scale);
      const output = flags.output;
      const png = !!flags.png || /\.png$/i.test(output ?? '');
      if (png && output === undefined) throw new UserError('--png needs -o <file.png>');
      // Refused before any work: the model or photo itself, a link, a folder, an empty name.
      const inputs = [model, ...(flags.image ? [flags.image] : [])];
      if (output !== undefined) checkOutputPath(output, { inputs, flag: '-o' });
      // The CLI is a host of the Api: it opens the model and composes the export as the app does.
      await withCliApi([model], {}, async (api, [m]) => {
        const { entry, name } = m!;
        const analysis = await api.analyze(entry.id);
        if (!analysis.stages.length)
          process.stderr.write(`note: ${model}: no residual stages recognised; drawing input → head only\n`);
        const image = flags.image ? await api.openImage({ kind: 'path', path: resolve(flags.image) }) : undefined;
        // A damaged cached checkpoint runs untrained: said once, as predict says it.
        const warning = image && entry.preset ? damagedWarning(model, entry.preset) : undefined;
        if (warning) process.stderr.write(warning + '\n');
        const svg = await api.exportSvg({
          modelId: entry.id,
          expand,
          theme,
          title: flags.title ?? name,
          ...(image ? { imageId: image.id } : {}),
        });
        if (output === undefined) {
          process.stdout.write(svg + '\n');
          return;
        }
        await writeFileSafely(output, png ? svgToPng(svg, { scale }) : svg, { inputs, flag: '-o' });
        const blocks = analysis.stages.reduce((n, s) => n + s.blocks.length, 0);
        const heatmaps = image ? (await api.attention({ imageId: image.id, modelId: entry.id })).blocks.length : 0;
        process.stderr.write(`${output}: ${name}, ${blocks} blocks${image ? `, ${heatmaps} heatmaps` : ''}\n`);
      });
    });
}
