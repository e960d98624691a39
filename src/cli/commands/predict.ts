import type { Command } from 'commander';
import { OrtEngine } from '../../runtime/ort-engine.js';
import { preprocess, IMAGENET_DEFAULT } from '../../runtime/preprocess.js';
import { softmax, topK } from '../../runtime/top-k.js';
import { labelsFor } from '../../runtime/labels.js';
import { UserError, oneLine } from '../../core/errors.js';
import { existsSync } from 'node:fs';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--top expects a positive integer, got '${value}'`);
  return n;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('top-k predictions of a model for an image')
    .argument('<image>', 'image file (png, jpeg, webp, ...)')
    .requiredOption('--model <file.onnx>', 'ONNX classifier')
    .option('--top <k>', 'classes to show', positiveInt, 5)
    .option('--json', 'print JSON (DESIGN.md §4)')
    .action(async (image: string, opts: { model: string; top: number; json?: boolean }) => {
      if (!existsSync(image)) throw new UserError(`${image}: no such file`);
      if (!existsSync(opts.model)) throw new UserError(`${opts.model}: no such file`);
      const engine = new OrtEngine();
      const session = await engine.load(opts.model).catch((e: unknown) => {
        throw new UserError(`${opts.model}: cannot load model (${oneLine(e)})`);
      });
      const inputName = session.inputNames[0]!;
      const shape = session.inputShapes[inputName] ?? [];
      const h = typeof shape[2] === 'number' ? shape[2] : 224;
      const w = typeof shape[3] === 'number' ? shape[3] : 224;
      const tensor = await preprocess(image, { ...IMAGENET_DEFAULT, size: [h, w] });
      const t0 = performance.now();
      const out = await session.run({ [inputName]: { data: tensor, dims: [1, 3, h, w] } });
      const latencyMs = performance.now() - t0;
      const logits = out[session.outputNames[0]!]!;
      const probs = softmax(logits.data);
      const top = topK(probs, opts.top, labelsFor(probs.length));
      await session.release();
      if (opts.json) {
        const result = { model: opts.model, weights: 'file', provider: session.provider, latencyMs, top };
        process.stdout.write(JSON.stringify({ image, results: [result] }, null, 2) + '\n');
        return;
      }
      process.stdout.write(`${image} · ${opts.model} · ${session.provider} · ${latencyMs.toFixed(1)} ms\n`);
      for (const t of top) process.stdout.write(`${(t.prob * 100).toFixed(2).padStart(6)}%  ${String(t.index).padStart(4)}  ${t.label}\n`);
    });
}
