/**
 * `splitlens attention <image> --model <file|preset> [--json] [--tensor input.f32 --shape N,3,H,W]`:
 * every block's attention weights (docs/cli.md) — `attn:*` outputs of zoo models, the analyzer's
 * taps added as outputs for any other ONNX. `values` holds one flat array per image in `dims` order.
 */
import type { Command } from 'commander';
import type { AttentionBlock } from '../../common/photo-run.js';
import { heatmapLayout } from '../../common/heatmap-geometry.js';
import { InferenceService } from '../../runtime/worker/inference-service.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import { tensorInput } from '../flag-parsers.js';
import { loadModels } from '../load-models.js';

interface AttentionFlags {
  model: string;
  ep: string;
  json?: boolean;
  tensor?: string;
  shape?: string;
}

/** One line per block: its grid and, per radix split / path, the mean weight. */
function summary(b: AttentionBlock): string {
  const v = b.values;
  const shape = `[${b.shape.join('×')}] ${b.dims.join('×')}`;
  const means = heatmapLayout(b, v).rows.map((row) => row.mean);
  return `  ${b.name.padEnd(10)} ${b.kind.padEnd(5)} ${shape.padEnd(32)} mean ${means.map((m) => m.toFixed(3)).join(' / ')}`;
}

export function registerAttention(program: Command): void {
  program
    .command('attention')
    .description('attention tensors per block for an image (or a raw tensor)')
    .argument('[image]', 'image file')
    .requiredOption('--model <file|preset>', 'ONNX classifier or zoo model')
    .option('--ep <provider>', 'execution provider: auto, cpu, webgpu, cuda, dml, coreml', 'auto')
    .option('--json', 'print JSON (shape in docs/cli.md), with logits for raw tensors')
    .option('--tensor <input.f32>', 'raw float32 NCHW input instead of an image')
    .option('--shape <N,3,H,W>', 'shape of --tensor')
    .action(async (image: string | undefined, flags: AttentionFlags) => {
      const providers = parseProvider(flags.ep);
      const input = tensorInput(image, flags, 'attention needs an image, or --tensor with --shape') ?? image!;
      const service = new InferenceService({ providers });
      try {
        await loadModels(service, [flags.model]);
        const all = await service.attentionAll(flags.model, input, { logits: !!flags.tensor });
        const res = all[0]!;
        if (flags.json) {
          // docs/cli.md: one flat number array per input image, per block; logits per image.
          const blocks = res.blocks.map((b, i) => ({ ...b, values: all.map((r) => Array.from(r.blocks[i]!.values)) }));
          const logits = flags.tensor ? { logits: all.map((r) => Array.from(r.logits ?? [])) } : {};
          process.stdout.write(JSON.stringify({ model: res.model, blocks, ...logits }) + '\n');
          return;
        }
        const info = await service.info(flags.model);
        process.stdout.write(`${res.model} · ${info.provider} · ${res.blocks.length} attention blocks\n`);
        if (!res.blocks.length) process.stdout.write('  (no attention modules: plain ResNet/ResNeXt blocks)\n');
        for (const b of res.blocks) process.stdout.write(summary(b) + '\n');
      } finally {
        await service.dispose();
      }
    });
}
