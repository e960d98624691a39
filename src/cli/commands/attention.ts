/**
 * `splitlens attention <image> --model <file|preset> [--json] [--tensor input.f32 --shape N,3,H,W]`:
 * every block's attention weights (docs/cli.md) — `attn:*` outputs of zoo models, the analyzer's
 * taps added as outputs for any other ONNX. `values` holds one flat array per image in `dims` order.
 * A client of the in-process Api: a photo through `attention`, a raw tensor through `runTensor`.
 */
import type { Command } from 'commander';
import type { AttentionBlock } from '../../common/photo-run.js';
import { heatmapLayout } from '../../common/heatmap-geometry.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../common/errors.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import { statRegularFile } from '../../platform/file-kind.js';
import { tensorInput } from '../flag-parsers.js';
import { loadCliModels, withCliApi } from '../cli-api.js';

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
      const raw = tensorInput(image, flags, 'attention needs an image, or --tensor with --shape');
      if (!raw) {
        // Refused before any model loads; a FIFO or a device is never opened (a FIFO would block the read).
        if (!existsSync(image!)) throw new UserError(`${image}: no such file`);
        statRegularFile(image!, 'image file');
      }
      await withCliApi([flags.model], { providers }, async (api, [m]) => {
        const modelId = m!.entry.id;
        const loaded = (await loadCliModels(api, [m!])).get(modelId)!;
        // Per input image, every block's attention (and, for a raw tensor, its logits).
        let all: { blocks: AttentionBlock[]; logits?: Float32Array }[];
        if (raw) {
          const results = await api.runTensor({ modelId, tensor: raw, attention: true, logits: true });
          all = results.map((r) => ({ blocks: r.attention ?? [], ...(r.logits ? { logits: r.logits } : {}) }));
        } else {
          const photo = await api.openImage({ kind: 'path', path: resolve(image!) });
          all = [await api.attention({ imageId: photo.id, modelId })];
        }
        const blocks = all[0]!.blocks;
        if (flags.json) {
          // docs/cli.md: one flat number array per input image, per block; logits per image.
          const perImage = blocks.map((b, i) => ({ ...b, values: all.map((r) => Array.from(r.blocks[i]!.values)) }));
          const logits = raw ? { logits: all.map((r) => Array.from(r.logits ?? [])) } : {};
          process.stdout.write(JSON.stringify({ model: loaded.name, blocks: perImage, ...logits }) + '\n');
          return;
        }
        process.stdout.write(`${loaded.name} · ${loaded.info.provider} · ${blocks.length} attention blocks\n`);
        if (!blocks.length) process.stdout.write('  (no attention modules: plain ResNet/ResNeXt blocks)\n');
        for (const b of blocks) process.stdout.write(summary(b) + '\n');
      });
    });
}
