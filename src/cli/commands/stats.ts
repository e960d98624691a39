/**
 * `splitlens stats <folder|files…> --models … [-o stats.json|stats.csv] [--json]` and
 * `splitlens scale <folder|files…> --models … --zooms 1,1.5,2 [-o scale.json|scale.csv] [--json]`:
 * attention statistics over many photos, and SKNet's scale experiment (docs/cli.md,
 * docs/statistics.md). A progress bar on a TTY; Ctrl-C (SIGINT) stops the run and writes what ran
 * as a valid partial file (`"complete": false`); the file is also rewritten as the run goes.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type * as CliProgress from 'cli-progress';
import { lazyRequire } from '../../platform/lazy-require.js';

// Loaded when a bar is drawn, not at every start.
const cliProgress = lazyRequire<typeof CliProgress>('cli-progress');
import { UserError } from '../../common/errors.js';
import type { ScaleReport, StatsReport } from '../../common/stats-report.js';
import { HEADLINE_PRESETS } from '../../zoo/index.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import { imagesIn } from '../../runtime/readout/prediction-format.js';
import { checkOutputPath, writeFileSafely } from '../../platform/safe-write.js';
import {
  parseZooms,
  runScale,
  runStats,
  scaleCsv,
  statsCsv,
  statsSummary,
  type AttentionSource,
  type NamedPhoto,
  type RunOptions,
} from '../../stats/index.js';
import type { OpenedModel } from '../../runtime/engine/model-meta.js';
import { loadCliModels, withCliApi, type CliModel } from '../cli-api.js';
import { scaleFigures } from '../../common/stats-figures.js';

interface StatsFlags {
  plot?: string;
  theme?: string;
  model: string[];
  models?: string;
  ep: string;
  output?: string;
  json?: boolean;
  zooms?: string;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** Every photo named: files as given, folders expanded (sorted), each file once. */
export function photosOf(args: readonly string[]): string[] {
  if (!args.length) throw new UserError('give a folder or photo files');
  const out: string[] = [];
  for (const a of args) {
    if (!existsSync(a)) throw new UserError(`${a}: no such file or folder`);
    const found = statSync(a).isDirectory() ? imagesIn(a) : [a];
    if (!found.length) throw new UserError(`${a}: no images in this folder`);
    out.push(...found);
  }
  return [...new Set(out)];
}

function modelNames(flags: StatsFlags): string[] {
  const names = [
    ...flags.model,
    ...(flags.models ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  return names.length ? [...new Set(names)] : [...HEADLINE_PRESETS];
}

function outputFormat(output: string | undefined): 'json' | 'csv' | undefined {
  if (!output) return undefined;
  const ext = extname(output).toLowerCase();
  if (ext === '.json' || ext === '.csv') return ext.slice(1) as 'json' | 'csv';
  throw new UserError(`-o ${output}: write .json or .csv`);
}

/** Loads the models, runs `run` with a progress bar and SIGINT as cancel, writes the report. */
async function statsCommand<R extends StatsReport | ScaleReport>(
  args: string[],
  flags: StatsFlags,
  run: (source: AttentionSource, models: string[], photos: NamedPhoto[], opts: RunOptions<R>) => Promise<R>,
  csv: (r: R) => string,
  summary: (r: R) => string,
  after?: (r: R) => Promise<void>,
): Promise<void> {
  const providers = parseProvider(flags.ep);
  const format = outputFormat(flags.output);
  const files = photosOf(args);
  if (flags.output) checkOutputPath(flags.output, { inputs: files, flag: '-o' });
  const models = modelNames(flags);
  const photos = files.map((f) => ({ name: basename(f), input: f }));
  const write = (r: R): Promise<void> =>
    writeFileSafely(flags.output!, format === 'csv' ? csv(r) : JSON.stringify(r, null, 1) + '\n', {
      inputs: files,
      flag: '-o',
    });

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  const bar =
    process.stderr.isTTY && !flags.json
      ? new (cliProgress().SingleBar)(
          { stream: process.stderr, format: '{bar} {value}/{total} {model} {file}', hideCursor: true },
          cliProgress().Presets.shades_classic,
        )
      : undefined;
  try {
    await withCliApi(models, { providers }, async (api, opened) => {
      const loads = await loadCliModels(api, opened);
      const source = byName(api.attentionSource(opened.map((m) => m.entry.id)), opened, loads);
      bar?.start(1, 0, { model: '', file: '' });
      const report = await run(source, models, photos, {
        signal: controller.signal,
        onProgress: (p) => {
          bar?.setTotal(p.total);
          bar?.update(p.done, { model: p.model, file: p.photo });
          // For tests and scripts: the run's progress as a line on stderr, where no bar is drawn.
          if (!bar && process.env.SPLITLENS_PROGRESS_LINES) process.stderr.write(`progress ${p.done}/${p.total}\n`);
        },
        onCheckpoint: flags.output ? write : undefined,
      });
      bar?.stop();
      if (flags.output) await write(report);
      await after?.(report);
      if (flags.json) process.stdout.write(JSON.stringify(report) + '\n');
      else process.stdout.write(summary(report));
      if (!report.complete) {
        const where = flags.output ? `; the partial result is in ${flags.output}` : '';
        throw new UserError(`cancelled after ${report.done} of ${report.total} photo × model runs${where}`);
      }
    });
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
  }
}

/**
 * The Api's attention source (models by id) as the reports name the models: as the user typed
 * them, with the weights the runtime opened them with.
 */
function byName(source: AttentionSource, models: CliModel[], loads: Map<string, OpenedModel>): AttentionSource {
  const idOf = new Map(models.map((m) => [m.arg, m.entry.id]));
  const argOf = new Map(models.map((m) => [m.entry.id, m.arg]));
  return {
    weights: (name) => loads.get(idOf.get(name)!)!.weights,
    async *attention(names, photos, signal) {
      for await (const a of source.attention(
        names.map((n) => idOf.get(n)!),
        photos,
        signal,
      ))
        yield { ...a, model: argOf.get(a.model)! };
    },
  };
}

/** Figures to `file.svg`, or `file-1.svg`, `file-2.svg`… when there are several (one per model). */
async function writePlots(file: string, svgs: string[], inputs: string[]): Promise<void> {
  if (!svgs.length) throw new UserError('--plot: none of the models has SK or split-attention blocks');
  const stem = file.slice(0, -4);
  for (let i = 0; i < svgs.length; i++)
    await writeFileSafely(svgs.length === 1 ? file : `${stem}-${i + 1}.svg`, svgs[i]!, { inputs, flag: '--plot' });
}

function common(cmd: Command): Command {
  return cmd
    .argument('<photos...>', 'a folder of photos, or photo files')
    .option('--model <file|preset>', 'ONNX classifier, checkpoint or zoo model (repeatable)', collect, [])
    .option('--models <a,b,...>', `zoo models or files (default: ${HEADLINE_PRESETS.join(',')})`)
    .option('--ep <provider>', 'execution provider: auto, cpu, webgpu, cuda, dml, coreml', 'auto')
    .option('-o, --output <file>', 'write the result as .json or .csv (rewritten as the run goes; Ctrl-C keeps it)')
    .option('--json', 'print the result as JSON (shape in docs/cli.md)');
}

function scaleSummary(r: ScaleReport): string {
  const lines = [
    `scale experiment: ${r.photos.length} photos, zooms ${r.zooms.join(', ')}${r.complete ? '' : ' (partial)'}`,
  ];
  for (const m of r.models) {
    lines.push(`  ${m.model} · ${m.weights}`);
    if (!m.blocks.length) lines.push('    (no SK or split-attention blocks)');
    for (const b of m.blocks)
      lines.push(
        `    ${b.block.padEnd(10)} ${b.points.map((p) => `×${p.zoom} ${p.meanDiff >= 0 ? '+' : ''}${p.meanDiff.toFixed(4)} ± ${p.std.toFixed(4)}`).join('  ')}`,
      );
  }
  return lines.join('\n') + '\n';
}

export function registerStats(program: Command): void {
  common(
    program
      .command('stats')
      .description('attention statistics over many photos: split weights, entropy, win rates, variance, gates'),
  ).action((photos: string[], flags: StatsFlags) =>
    statsCommand<StatsReport>(photos, flags, runStats, statsCsv, statsSummary),
  );
  common(
    program
      .command('scale')
      .description('SKNet scale experiment: attention difference between splits/paths at centre zooms of each photo'),
  )
    .option('--zooms <z,...>', 'centre zoom factors', '1,1.5,2')
    .option('--plot <file.svg>', "also draw the curves per zoom (SKNet's figure) as SVG, one figure per model")
    .option('--theme <light|dark>', 'theme of --plot', 'light')
    .action((photos: string[], flags: StatsFlags) => {
      const zooms = parseZooms(flags.zooms ?? '1,1.5,2');
      if (flags.theme !== 'light' && flags.theme !== 'dark') throw new UserError('--theme expects light or dark');
      if (flags.plot && extname(flags.plot).toLowerCase() !== '.svg')
        throw new UserError(`--plot ${flags.plot}: write .svg`);
      return statsCommand<ScaleReport>(
        photos,
        flags,
        (source, models, named, opts) => runScale(source, models, named, zooms, opts),
        scaleCsv,
        scaleSummary,
        flags.plot
          ? (r) =>
              writePlots(
                flags.plot!,
                scaleFigures(r, flags.theme as 'light' | 'dark').map((f) => f.svg),
                photos,
              )
          : undefined,
      );
    });
}
