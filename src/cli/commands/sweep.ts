/**
 * `splitlens sweep --base resnest50d --radix 1,2,4 --cardinality 1,2,4 [--base-width 64,40]
 * [--attention splat] [--runs n] [--no-latency] [--ep cpu] [--json|--csv]`: the playground's K × R
 * grid from the command line — params and MACs (closed form, src/playground) and the latency
 * measured in a real ORT session (the Api's measureLatency), with a progress bar. Ctrl-C stops the
 * sweep: the rows measured so far are printed, then one `error:` line (docs/cli.md).
 */
import type { Command } from 'commander';
import type * as CliProgress from 'cli-progress';
import { lazyRequire } from '../../platform/lazy-require.js';

// Loaded when a bar is drawn, not at every start.
const cliProgress = lazyRequire<typeof CliProgress>('cli-progress');
import { CancelledError, UserError, oneLine } from '../../common/errors.js';
import type { VariantAttention, VariantEdits } from '../../common/playground.js';
import { VARIANT_ATTENTIONS } from '../../common/playground.js';
import { createApi } from '../../api/create-api.js';
import { describeVariant } from '../../playground/index.js';
import { parseProvider } from '../../runtime/engine/raw-tensor.js';
import { positiveInt } from '../flag-parsers.js';
import { table } from '../text-table.js';

interface SweepFlags {
  base: string;
  radix?: number[];
  cardinality?: number[];
  baseWidth?: number[];
  attention?: VariantAttention;
  runs: number;
  latency: boolean;
  ep: string;
  json?: boolean;
  csv?: boolean;
}

/** One grid point: what was asked, and its numbers or why it cannot be built. */
export interface SweepRow {
  label: string;
  radix: number;
  cardinality: number;
  baseWidth: number;
  params?: number;
  macs?: number;
  latencyMs?: number;
  provider?: string;
  weights?: 'pretrained' | 'untrained';
  published?: { top1: number; source: string };
  error?: string;
}

function intList(flag: string, min: number): (v: string) => number[] {
  return (v) => {
    const items = v.split(',').map((s) => s.trim());
    const out = items.map(Number);
    if (!items.length || out.some((n, i) => !items[i] || !Number.isInteger(n) || n < min || n > 1024))
      throw new UserError(`${flag} expects comma-separated integers >= ${min}, got '${v.slice(0, 60)}'`);
    return [...new Set(out)];
  };
}

function parseAttention(v: string): VariantAttention {
  if (!(VARIANT_ATTENTIONS as readonly string[]).includes(v))
    throw new UserError(`--attention: unknown attention '${v.slice(0, 30)}' (use ${VARIANT_ATTENTIONS.join(', ')})`);
  return v as VariantAttention;
}

/** The grid, R outermost (the rows of the K × R question), then K, then width. */
function grid(flags: SweepFlags): VariantEdits[] {
  const base = describeVariant({ base: flags.base });
  if (!base.ok) throw new UserError(`--base: ${base.reasons[0]}`);
  const k = base.knobs;
  const out: VariantEdits[] = [];
  for (const radix of flags.radix ?? [k.radix])
    for (const cardinality of flags.cardinality ?? [k.cardinality])
      for (const baseWidth of flags.baseWidth ?? [k.baseWidth])
        out.push({ radix, cardinality, baseWidth, ...(flags.attention ? { attention: flags.attention } : {}) });
  return out;
}

const fmtM = (n: number | undefined, unit: number, digits: number) =>
  n === undefined ? '' : (n / unit).toFixed(digits);

function textReport(rows: SweepRow[]): string {
  const head = ['variant', 'R', 'K', 'width', 'params (M)', 'MACs (G)', 'latency ms', 'provider', 'published top-1'];
  const body = rows.map((r) =>
    r.error
      ? [r.label, String(r.radix), String(r.cardinality), String(r.baseWidth), `invalid: ${r.error}`, '', '', '', '']
      : [
          r.label,
          String(r.radix),
          String(r.cardinality),
          String(r.baseWidth),
          fmtM(r.params, 1e6, 2),
          fmtM(r.macs, 1e9, 2),
          r.latencyMs === undefined ? '' : r.latencyMs.toFixed(1),
          r.provider ?? '',
          r.published ? `${r.published.top1.toFixed(2)}` : '',
        ],
  );
  const cited = [...new Set(rows.flatMap((r) => (r.published ? [r.published.source] : [])))];
  const notes = cited.length ? `\n\npublished top-1 (not measured by splitlens): ${cited.join('; ')}` : '';
  return `${table([head, ...body])}${notes}\n`;
}

const csvCell = (v: unknown): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function csvReport(rows: SweepRow[]): string {
  const head =
    'label,radix,cardinality,base_width,params,macs,latency_ms,provider,weights,published_top1,published_source,error';
  const lines = rows.map((r) =>
    [
      r.label,
      r.radix,
      r.cardinality,
      r.baseWidth,
      r.params,
      r.macs,
      r.latencyMs,
      r.provider,
      r.weights,
      r.published?.top1,
      r.published?.source,
      r.error,
    ]
      .map(csvCell)
      .join(','),
  );
  return [head, ...lines].join('\n') + '\n';
}

/** A bar on a terminal; otherwise one line per variant. */
function progress(total: number): { tick(label: string): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new (cliProgress().SingleBar)(
      { stream: process.stderr, format: 'sweep [{bar}] {value}/{total} | {label}', hideCursor: true },
      cliProgress().Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { tick: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  let done = 0;
  return { tick: (label) => process.stderr.write(`sweep: ${++done}/${total} ${label}\n`), stop: () => undefined };
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('params, MACs and measured latency over a grid of radix R x cardinality K (x base width)')
    .requiredOption('--base <preset>', 'zoo preset the variants start from, e.g. resnest50d')
    .option('--radix <list>', 'R values, e.g. 1,2,4 (default: the base’s)', intList('--radix', 0))
    .option('--cardinality <list>', 'K values, e.g. 1,2,4 (default: the base’s)', intList('--cardinality', 1))
    .option('--base-width <list>', 'width per group, e.g. 64,40,24 (default: the base’s)', intList('--base-width', 1))
    .option('--attention <kind>', `attention of every variant: ${VARIANT_ATTENTIONS.join(', ')}`, parseAttention)
    .option('--runs <n>', 'timed runs per latency measurement (median)', positiveInt('--runs'), 5)
    .option('--no-latency', 'params and MACs only (no model is built or run)')
    .option('--ep <provider>', 'execution provider: auto, cpu, webgpu, cuda, dml, coreml', 'auto')
    .option('--json', 'print JSON (shape in docs/cli.md)')
    .option('--csv', 'print CSV, one row per variant')
    .action(async (flags: SweepFlags) => {
      if (flags.json && flags.csv) throw new UserError('--json and --csv cannot be combined');
      const providers = parseProvider(flags.ep);
      const points = grid(flags);
      const api = flags.latency ? createApi({ host: 'cli', inference: { providers } }) : undefined;
      const rows: SweepRow[] = [];
      const bar = progress(points.length);
      const taskId = 'sweep';
      let cancelled = false;
      const onSigint = (): void => {
        cancelled = true;
        void api?.cancel(taskId);
      };
      process.once('SIGINT', onSigint);
      try {
        for (const edits of points) {
          if (cancelled) break;
          const variant = { base: flags.base, edits };
          const s = describeVariant(variant);
          const row: SweepRow = {
            label: s.label,
            radix: edits.radix!,
            cardinality: edits.cardinality!,
            baseWidth: edits.baseWidth!,
          };
          if (!s.ok) row.error = s.reasons.join('; ');
          else {
            Object.assign(row, { params: s.cost.params, macs: s.cost.macs, weights: s.weights.state });
            if (s.published) row.published = { top1: s.published.top1, source: s.published.source };
            if (api) {
              try {
                const l = await api.measureLatency({ variant, runs: flags.runs, taskId });
                Object.assign(row, { latencyMs: Math.round(l.latencyMs * 1000) / 1000, provider: l.provider });
              } catch (e) {
                if (e instanceof CancelledError || cancelled) break;
                row.error = oneLine(e);
              }
            }
          }
          rows.push(row);
          bar.tick(s.label);
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
        bar.stop();
        await api?.dispose();
      }
      const complete = rows.length === points.length;
      if (flags.json)
        process.stdout.write(
          JSON.stringify({ base: flags.base, complete, total: points.length, rows }, null, 2) + '\n',
        );
      else process.stdout.write(flags.csv ? csvReport(rows) : textReport(rows));
      if (!complete)
        throw new CancelledError(
          `sweep cancelled after ${rows.length} of ${points.length} variants (partial results above)`,
        );
    });
}
