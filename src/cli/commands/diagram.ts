/**
 * `splitlens diagram <model> [--image img] [--expand all|none|a,b] [--theme light|dark] [--png]
 * [-o out.svg]`: the block diagram the app shows, as a self-contained SVG (or PNG), with attention
 * heatmaps of a photo when `--image` is given. Same layout and renderer as the app's Export.
 */
import type { Command } from 'commander';
import { attentionSubtitle } from '../../diagram/caption.js';
import { basename } from 'node:path';
import type { AttentionResponse } from '../../api/contract.js';
import type { Theme } from '../../common/diagram.js';
import { UserError } from '../../common/errors.js';
import { loadDiagramSource } from '../../diagram/diagram-source.js';
import { layoutDiagram, renderSvg, svgToPng } from '../../diagram/index.js';
import type { WeightState } from '../../common/model.js';
import { InferenceService } from '../../runtime/worker/inference-service.js';
import { checkOutputPath, writeFileSafely } from '../../platform/safe-write.js';
import { loadModels } from '../load-models.js';

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

/** The photo's attention, the model opened in the inference worker as `predict` opens it (no CAM head). */
async function attentionFor(
  model: string,
  image: string,
): Promise<{ attention: AttentionResponse; weights: WeightState }> {
  const service = new InferenceService();
  try {
    const weights = await loadModels(service, [model]);
    return { attention: await service.attention(model, image), weights: weights.get(model)! };
  } finally {
    await service.dispose();
  }
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
      const source = await loadDiagramSource(model);
      if (!source.analysis.stages.length)
        process.stderr.write(`note: ${model}: no residual stages recognised; drawing input → head only\n`);
      const diagram = layoutDiagram(source.analysis, { modelId: source.name, expand, opsOf: source.opsOf });
      const run = flags.image ? await attentionFor(model, flags.image) : undefined;
      const attention = run?.attention;
      const subtitle = run ? attentionSubtitle(basename(flags.image!), run.weights) : undefined;
      const svg = renderSvg(diagram, {
        theme,
        title: flags.title ?? source.name,
        ...(run ? { attention, subtitle } : {}),
      });
      if (output === undefined) {
        process.stdout.write(svg + '\n');
        return;
      }
      await writeFileSafely(output, png ? svgToPng(svg, { scale }) : svg, { inputs, flag: '-o' });
      const blocks = source.analysis.stages.reduce((n, s) => n + s.blocks.length, 0);
      process.stderr.write(
        `${output}: ${source.name}, ${blocks} blocks${attention ? `, ${attention.blocks.length} heatmaps` : ''}\n`,
      );
    });
}
