/**
 * `splitlens predict <image|folder> [--model file|preset ...] [--models a,b] [--top k] [--ep ...]
 * [--json|--csv] [--tensor input.f32 --shape N,3,H,W]`: top-k per model with provider and latency
 * (docs/cli.md), over one photo, every photo of a folder (progress bar on a TTY) or a raw tensor.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { ModelPrediction, PredictResponse } from '../../api/contract.js';
import { UserError, oneLine } from '../../common/errors.js';
import { HEADLINE_PRESETS } from '../../zoo/index.js';
import { InferenceService } from '../../runtime/worker/inference-service.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import { CSV_HEADER, csvRows, formatText, imagesIn } from '../../runtime/readout/prediction-format.js';
import type { ImageSource } from '../../runtime/engine/model-runner.js';
import { positiveInt, tensorInput } from '../flag-parsers.js';
import { loadModels } from '../load-models.js';
import { statRegularFile } from '../../platform/file-kind.js';

interface PredictFlags {
  model: string[];
  models?: string;
  top: number;
  ep: string;
  json?: boolean;
  csv?: boolean;
  tensor?: string;
  shape?: string;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

async function predictAll(
  service: InferenceService,
  models: string[],
  image: ImageSource,
  top: number,
  withLogits: boolean,
): Promise<ModelPrediction[]> {
  const out: ModelPrediction[] = [];
  for (const m of models) {
    // A raw tensor's batch gives one result per image: the top-k of the first, the logits of each (docs/cli.md).
    const results = await service.results(m, [image], { top, logits: withLogits });
    const { batch: _batch, cached: _cached, logits: _logits, ...first } = results[0]!;
    out.push({ ...first, ...(withLogits ? { logits: results.map((r) => Array.from(r.logits ?? [])) } : {}) });
  }
  return out;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('top-k predictions of each model for an image, every image of a folder, or a raw tensor')
    .argument('[image]', 'image file or folder (png, jpeg, webp, gif, tiff, ...)')
    .option('--model <file|preset>', 'ONNX classifier or zoo model (repeatable)', collect, [])
    .option('--models <a,b,...>', `zoo models (default: ${HEADLINE_PRESETS.join(',')})`)
    .option('--top <k>', 'classes to show', positiveInt('--top'), 5)
    .option('--ep <provider>', 'execution provider: auto, cpu, webgpu, cuda, dml, coreml', 'auto')
    .option('--json', 'print JSON (shape in docs/cli.md)')
    .option('--csv', 'print CSV, one row per class')
    .option('--tensor <input.f32>', 'raw float32 NCHW input instead of an image')
    .option('--shape <N,3,H,W>', 'shape of --tensor')
    .action(async (image: string | undefined, flags: PredictFlags) => {
      if (flags.json && flags.csv) throw new UserError('--json and --csv cannot be combined');
      const providers = parseProvider(flags.ep);
      const raw = tensorInput(image, flags, 'predict needs an image, a folder, or --tensor with --shape');
      if (image && !existsSync(image)) throw new UserError(`${image}: no such file or folder`);
      // A device or a FIFO is refused before any model loads (and a FIFO is never opened).
      if (image && !statSync(image).isDirectory()) statRegularFile(image, 'image file');
      const images = image ? imagesIn(image) : [];
      if (image && !images.length) throw new UserError(`${image}: no images in this folder`);
      const names = [
        ...flags.model,
        ...(flags.models
          ? flags.models
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : []),
      ];
      const models = names.length ? [...new Set(names)] : [...HEADLINE_PRESETS];

      const service = new InferenceService({ providers });
      try {
        const weights = await loadModels(service, models);
        if (raw) {
          const results = await predictAll(service, models, raw, flags.top, true);
          return emit(flags, [{ image: flags.tensor!, results }]);
        }
        const bar =
          images.length > 1 && process.stderr.isTTY && !flags.json && !flags.csv
            ? new cliProgress.SingleBar(
                { stream: process.stderr, format: '{bar} {value}/{total} {file}', hideCursor: true },
                cliProgress.Presets.shades_classic,
              )
            : undefined;
        bar?.start(images.length, 0, { file: '' });
        const responses: PredictResponse[] = [];
        let failed = 0;
        for (const img of images) {
          bar?.update({ file: img });
          try {
            responses.push({ image: img, results: await predictAll(service, models, img, flags.top, false) });
          } catch (e) {
            if (!(e instanceof UserError) || images.length === 1) throw e;
            failed++;
            responses.push({
              image: img,
              results: models.map((m) => ({
                model: m,
                weights: weights.get(m)!,
                provider: '',
                latencyMs: 0,
                top: [],
                error: oneLine(e),
              })),
            });
          }
          bar?.increment();
        }
        bar?.stop();
        emit(flags, responses);
        if (failed)
          throw new UserError(`${failed} of ${images.length} images in ${image} could not be read (see error fields)`);
      } finally {
        await service.dispose();
      }
    });
}

function emit(flags: PredictFlags, responses: PredictResponse[]): void {
  if (flags.json) {
    const body = responses.length === 1 ? responses[0] : { images: responses };
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
  } else if (flags.csv) {
    process.stdout.write([CSV_HEADER, ...responses.flatMap(csvRows)].join('\n') + '\n');
  } else {
    process.stdout.write(responses.map(formatText).join('\n'));
  }
}
