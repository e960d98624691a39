/**
 * `splitlens weights list|pull|rm`: timm's pretrained checkpoints in the huggingface_hub cache.
 * `pull` draws a progress bar on a terminal (plain lines when piped), and Ctrl-C stops it
 * cleanly, keeping the partial download for the next `pull` to resume.
 */
import type { Command } from 'commander';
import type * as CliProgress from 'cli-progress';
import { lazyRequire } from '../../platform/lazy-require.js';

// Loaded when a bar is drawn, not at every start.
const cliProgress = lazyRequire<typeof CliProgress>('cli-progress');
import { CancelledError, UserError } from '../../common/errors.js';
import {
  CHECKPOINTS,
  checkpointFor,
  damagedNote,
  hubCacheDir,
  inspectCheckpoint,
  listCheckpoints,
  pullCheckpoint,
  removeCheckpoint,
  type Checkpoint,
} from '../../weights/index.js';
import { table } from '../text-table.js';

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

function resolvePresets(names: string[]): Checkpoint[] {
  return names.map((name) => {
    const ck = checkpointFor(name);
    if (!ck)
      throw new UserError(`unknown preset '${name}'; valid presets: ${CHECKPOINTS.map((c) => c.preset).join(', ')}`);
    return ck;
  });
}

function list(opts: { json?: boolean }): void {
  const rows = listCheckpoints();
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ cache: hubCacheDir(), checkpoints: rows }, null, 2)}\n`);
    return;
  }
  const body = rows.map((r) => [
    r.preset,
    r.hfId,
    r.state,
    r.bytes === undefined ? '-' : `${mb(r.bytes)} MB`,
    r.path ?? '-',
  ]);
  process.stdout.write(
    `cache: ${hubCacheDir()}\n${table([['preset', 'checkpoint', 'state', 'size', 'path'], ...body])}\n`,
  );
  for (const r of rows) {
    if (r.state === 'damaged')
      process.stderr.write(`warning: ${r.preset}: ${damagedNote(r.preset, r.hfId, r.problem!)}\n`);
  }
}

/** A bar on a terminal; otherwise one line per 10% so logs stay readable. */
function progressFor(preset: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new (cliProgress().SingleBar)(
      {
        stream: process.stderr,
        format: `${preset} [{bar}] {percentage}% | {doneMb}/{totalMb} MB | eta {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress().Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total) => {
        if (!started) bar.start(total, done, { doneMb: mb(done), totalMb: mb(total) });
        else bar.update(done, { doneMb: mb(done) });
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update: (done, total) => {
      const decile = Math.floor((total ? done / total : 1) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      process.stderr.write(`${preset}: ${decile * 10}% (${mb(done)} of ${mb(total)} MB)\n`);
    },
    stop: () => undefined,
  };
}

async function pull(names: string[], opts: { endpoint?: string; force?: boolean }): Promise<void> {
  const checkpoints = resolvePresets(names);
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    for (const ck of checkpoints) {
      const cached = inspectCheckpoint(ck.hfId);
      if (cached.state === 'verified' && !opts.force) {
        process.stdout.write(`${ck.preset}: already cached ${cached.path}\n`);
        continue;
      }
      if (cached.state === 'damaged')
        process.stderr.write(`${ck.preset}: the cached copy is damaged (${cached.problem}); fetching it again\n`);
      const progress = progressFor(ck.preset);
      try {
        const path = await pullCheckpoint(ck.hfId, {
          onProgress: progress.update,
          signal: ac.signal,
          endpoint: opts.endpoint,
          force: opts.force,
        });
        progress.stop();
        process.stdout.write(`${ck.preset}: ${ck.hfId} -> ${path}\n`);
      } catch (e) {
        progress.stop();
        if (e instanceof CancelledError) throw new CancelledError(`${e.message} (splitlens weights pull ${ck.preset})`);
        throw e;
      }
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function rm(names: string[]): void {
  for (const ck of resolvePresets(names)) {
    const removed = removeCheckpoint(ck.hfId);
    process.stdout.write(`${ck.preset}: ${removed ? `removed ${ck.hfId}` : 'not cached'}\n`);
  }
}

export function registerWeights(program: Command): void {
  const weights = program
    .command('weights')
    .description('pretrained timm checkpoints from the Hugging Face Hub (cache shared with huggingface_hub)');
  weights
    .command('list')
    .description('every preset with its checkpoint and its verified state (pretrained, damaged, untrained)')
    .option('--json', 'print JSON')
    .action(list);
  weights
    .command('pull')
    .description('download checkpoints (resumable, verified); honours HF_ENDPOINT, HF_HUB_CACHE, HTTPS_PROXY, NO_PROXY')
    .argument('<preset...>', 'zoo presets, e.g. resnet50 resnest50d')
    .option('--endpoint <url>', 'Hub base URL (default: HF_ENDPOINT or https://huggingface.co)')
    .option(
      '--force',
      'download again even when a verified copy is cached (it is replaced once the new one is verified)',
    )
    .action(pull);
  weights
    .command('rm')
    .description('delete downloaded checkpoints from the cache')
    .argument('<preset...>', 'zoo presets')
    .action(rm);
}
