/**
 * `splitlens predict <image|folder>... [--model file|preset ...] [--models a,b] [--top k] [--ep ...]
 * [--json|--csv] [--tensor input.f32 --shape N,3,H,W]`: top-k per model with provider and latency
 * (docs/cli.md), over photos and every photo of folders (batched runs, a progress bar on a TTY) or
 * a raw tensor. A client of the in-process Api: photos through `predictMany`, a raw tensor through
 * `runTensor`; results name each model as the runtime does (`tiny_resnest/model.onnx`, `resnest50d`).
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as CliProgress from 'cli-progress';
import { lazyRequire } from '../../platform/lazy-require.js';

// Loaded when a bar is drawn, not at every start.
const cliProgress = lazyRequire<typeof CliProgress>('cli-progress');
import type { ApiHandle } from '../../api/create-api.js';
import type { OpenedModel } from '../../runtime/engine/model-meta.js';
import type { ModelPrediction, PredictResponse } from '../../api/contract.js';
import { UserError, oneLine } from '../../common/errors.js';
import { HEADLINE_PRESETS } from '../../zoo/index.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import type { RawTensor } from '../../runtime/engine/model-runner.js';
import { CSV_HEADER, csvRows, formatText, imagesIn } from '../../runtime/readout/prediction-format.js';
import { positiveInt, tensorInput } from '../flag-parsers.js';
import { loadCliModels, withCliApi, type CliModel } from '../cli-api.js';
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

/** Photos per batched inference (the runtime's largest batch). */
const BATCH = 32;
/**
 * Most file bytes in one batch: the Api's image store (256 MiB by default, src/api/image-store.ts)
 * keeps the whole batch while it runs, evicting only photos of earlier batches.
 */
const BATCH_BYTES = 128 * 2 ** 20;

/** The photos in order, in batches of at most BATCH photos and BATCH_BYTES (a larger photo alone). */
function batchesOf(paths: string[]): string[][] {
  const out: string[][] = [];
  let bytes = 0;
  for (const path of paths) {
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      // Unreadable: its own error comes when it is opened.
    }
    const last = out.at(-1);
    if (last && last.length < BATCH && bytes + size <= BATCH_BYTES) {
      last.push(path);
      bytes += size;
    } else {
      out.push([path]);
      bytes = size;
    }
  }
  return out;
}

/** An Api result (named by model id) as the CLI prints it: the model's runtime name and weights. */
type Shown = (r: ModelPrediction) => ModelPrediction;

/** A raw tensor's batch gives one result per image: the top-k of the first, the logits of each (docs/cli.md). */
async function predictTensor(
  api: ApiHandle,
  models: CliModel[],
  tensor: RawTensor,
  top: number,
  shown: Shown,
): Promise<(ModelPrediction & { logits: number[][] })[]> {
  const out: (ModelPrediction & { logits: number[][] })[] = [];
  for (const { entry } of models) {
    const results = await api.runTensor({ modelId: entry.id, tensor, top, logits: true });
    const { batch: _batch, cached: _cached, logits: _logits, attention: _attention, ...first } = results[0]!;
    out.push({ ...shown(first), logits: results.map((r) => Array.from(r.logits ?? [])) });
  }
  return out;
}

/**
 * One batch of photos through every model: each photo opened in the Api (one that cannot be read
 * gets its one-line error for every model), the readable ones in one `predictMany` (one inference
 * per model); when a run fails for the batch, photo by photo, so the others still get their results.
 */
async function predictBatch(
  api: ApiHandle,
  models: CliModel[],
  paths: string[],
  top: number,
): Promise<(PredictResponse | { image: string; error: string })[]> {
  const opened: (string | { error: string })[] = [];
  for (const path of paths) {
    try {
      // A FIFO or a device is refused before it is opened (a FIFO would block the read).
      statRegularFile(path, 'image file');
      opened.push((await api.openImage({ kind: 'path', path: resolve(path) })).id);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      opened.push({ error: oneLine(e) });
    }
  }
  const ids = opened.filter((o): o is string => typeof o === 'string');
  const modelIds = models.map((m) => m.entry.id);
  let runs = ids.length ? await api.predictMany({ imageIds: ids, modelIds, top }) : [];
  if (ids.length > 1 && runs.some((r) => r.results.some((x) => x.error !== undefined)))
    runs = await Promise.all(ids.map((imageId) => api.predict({ imageId, modelIds, top })));
  return paths.map((path, i) => {
    const o = opened[i]!;
    if (typeof o !== 'string') return { image: path, error: o.error };
    return { image: path, results: runs[ids.indexOf(o)]!.results };
  });
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('top-k predictions of each model for images, every image of a folder, or a raw tensor')
    .argument('[images...]', 'image files or folders (png, jpeg, webp, gif, tiff, ...)')
    .option('--model <file|preset>', 'ONNX classifier or zoo model (repeatable)', collect, [])
    .option('--models <a,b,...>', `zoo models (default: ${HEADLINE_PRESETS.join(',')})`)
    .option('--top <k>', 'classes to show', positiveInt('--top'), 5)
    .option('--ep <provider>', 'execution provider: auto, cpu, webgpu, cuda, dml, coreml', 'auto')
    .option('--json', 'print JSON (shape in docs/cli.md)')
    .option('--csv', 'print CSV, one row per class')
    .option('--tensor <input.f32>', 'raw float32 NCHW input instead of an image')
    .option('--shape <N,3,H,W>', 'shape of --tensor')
    .action(async (args: string[], flags: PredictFlags) => {
      if (flags.json && flags.csv) throw new UserError('--json and --csv cannot be combined');
      const providers = parseProvider(flags.ep);
      const raw = tensorInput(args[0], flags, 'predict needs an image, a folder, or --tensor with --shape');
      const images: string[] = [];
      for (const arg of args) {
        if (!existsSync(arg)) throw new UserError(`${arg}: no such file or folder`);
        // A device or a FIFO is refused before any model loads (and a FIFO is never opened).
        if (!statSync(arg).isDirectory()) statRegularFile(arg, 'image file');
        const found = imagesIn(arg);
        if (!found.length) throw new UserError(`${arg}: no images in this folder`);
        images.push(...found);
      }
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

      await withCliApi(models, { providers }, async (api, opened) => {
        const loads = await loadCliModels(api, opened);
        const load = (id: string): OpenedModel => loads.get(id)!;
        const shown: Shown = (r) => ({ ...r, model: load(r.model).name, weights: load(r.model).weights });
        if (raw) {
          const results = await predictTensor(api, opened, raw, flags.top, shown);
          return emit(flags, [{ image: flags.tensor!, results }]);
        }
        const failed = (image: string, error: string): PredictResponse => ({
          image,
          results: opened.map(({ entry }) => ({
            model: load(entry.id).name,
            weights: load(entry.id).weights,
            provider: '',
            latencyMs: 0,
            top: [],
            error,
          })),
        });
        const bar =
          images.length > 1 && process.stderr.isTTY && !flags.json && !flags.csv
            ? new (cliProgress().SingleBar)(
                { stream: process.stderr, format: '{bar} {value}/{total} {file}', hideCursor: true },
                cliProgress().Presets.shades_classic,
              )
            : undefined;
        bar?.start(images.length, 0, { file: '' });
        const responses: PredictResponse[] = [];
        let unread = 0;
        // Photos go through each model in batches (one inference per batch); a photo that cannot be
        // read gets one error line for every model, and the others their results.
        for (const batch of batchesOf(images)) {
          bar?.update({ file: batch[0] });
          for (const r of await predictBatch(api, opened, batch, flags.top)) {
            const error = 'error' in r ? r.error : r.results.find((x) => x.error !== undefined)?.error;
            if (error === undefined && 'results' in r) {
              responses.push({ image: r.image, results: r.results.map(shown) });
              continue;
            }
            if (images.length === 1) throw new UserError(error!);
            unread++;
            responses.push(failed(r.image, error!));
          }
          bar?.increment(batch.length);
        }
        bar?.stop();
        emit(flags, responses);
        if (unread)
          throw new UserError(
            `${unread} of ${images.length} images in ${args.join(', ')} could not be read (see error fields)`,
          );
      });
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
