/**
 * `splitlens stats` and `splitlens scale` on the fixtures' tiny timm models and photos. The
 * statistics are recomputed here, independently, from the raw tensors `splitlens attention --json`
 * prints for each photo (entropy / log R, win rates, means) and must equal what `stats` reports;
 * two runs give identical reports; the CSV and scale outputs agree with the same tensors; a run
 * stopped with SIGINT leaves a valid partial file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScaleReport, StatsReport } from '../../common/stats-report.js';
import { FIXTURES } from '../../testing/fixtures.js';
import { runCaptured } from '../testing/run-captured.js';
import { descendants, parseXml } from '../../diagram/testing/xml-parse.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tiny = (name: string): string => `${FIXTURES}tiny/${name}/model.onnx`;
const MODELS = [tiny('tiny_resnest_r4c2'), tiny('tiny_skresnext'), tiny('tiny_seresnet')];
const PHOTOS = ['chelsea.png', 'coffee.png', 'rocket.jpg'].map((f) => `${FIXTURES}images/${f}`);

async function json<T>(argv: string[]): Promise<T> {
  const r = await runCaptured(argv);
  expect(r.err.split('\n').filter((l) => l && !l.startsWith('note: '))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

/** `attention --json` (docs/cli.md): per block one flat number array per input image. */
interface AttentionResponse {
  model: string;
  blocks: { name: string; kind: string; dims: string[]; shape: number[]; values: number[][] }[];
}

const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6);

describe('splitlens stats on tiny timm models', () => {
  it('equals statistics recomputed from `attention --json`, and is the same run to run', async () => {
    const argv = ['stats', ...PHOTOS, '--models', MODELS.join(','), '--json'];
    const report = await json<StatsReport>(argv);
    expect(report.complete).toBe(true);
    expect(report.done).toBe(PHOTOS.length * MODELS.length);
    expect(await json<StatsReport>(argv)).toEqual(report);

    for (const model of MODELS) {
      const raw: AttentionResponse[] = [];
      for (const p of PHOTOS) raw.push(await json<AttentionResponse>(['attention', p, '--model', model, '--json']));
      const stats = report.models.find((m) => m.model === model)!;
      expect(stats.blocks.map((b) => b.block)).toEqual(raw[0]!.blocks.map((b) => b.name));
      raw[0]!.blocks.forEach((first, bi) => {
        const b = stats.blocks[bi]!;
        const tensors = raw.map((r) => r.blocks[bi]!.values[0]!);
        if (first.dims[0] !== 'radix' && first.dims[0] !== 'path') {
          // A gate: the mean of every value of every photo.
          const all = tensors.flat();
          close(b.gate!.mean, all.reduce((s, v) => s + v, 0) / all.length);
          expect(b.gate!.n).toBe(all.length);
          return;
        }
        const R = first.shape[0]!;
        const K = first.dims[1] === 'cardinal' ? first.shape[1]! : 1;
        const n = first.shape.reduce((a, c) => a * c, 1);
        const Cg = n / R / K;
        const at = (v: number[], r: number, k: number, c: number): number => v[r * K * Cg + k * Cg + c]!;
        let hSum = 0;
        const wins = new Array<number>(R * K).fill(0);
        const means = new Array<number>(R * K).fill(0);
        for (const v of tensors) {
          for (let k = 0; k < K; k++) {
            for (let c = 0; c < Cg; c++) {
              let h = 0;
              let best = 0;
              for (let r = 0; r < R; r++) {
                const p = at(v, r, k, c);
                h -= p > 0 ? p * Math.log(p) : 0;
                if (p > at(v, best, k, c)) best = r;
              }
              hSum += h / Math.log(R);
              wins[best * K + k]!++;
            }
            for (let r = 0; r < R; r++) {
              let s = 0;
              for (let c = 0; c < Cg; c++) s += at(v, r, k, c);
              means[r * K + k]! += s / Cg / tensors.length;
            }
          }
        }
        close(b.entropy!.mean, hSum / (tensors.length * K * Cg));
        expect(b.splits).toHaveLength(R * K);
        for (const s of b.splits) {
          close(s.winRate, wins[s.split * K + s.group]! / (tensors.length * Cg));
          close(s.mean, means[s.split * K + s.group]!);
        }
        // The per-photo number of the photo × block matrix: that photo's mean normalised entropy.
        expect(b.perPhoto.every((x) => x !== null && x >= 0 && x <= 1)).toBe(true);
      });
    }
  }, 400_000); // 11 CLI runs, each starting its inference worker, on a loaded machine

  it('-o stats.csv: one row per split × group (softmax) or per block (gate), with the same means', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitlens-stats-'));
    const out = join(dir, 'stats.csv');
    const r = await runCaptured(['stats', PHOTOS[0]!, PHOTOS[1]!, '--models', MODELS.join(','), '-o', out]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^model,weights,block,stage,kind,axis,photos,split,group,mean,std,win_rate,entropy_mean/);
    const report = await json<StatsReport>(['stats', PHOTOS[0]!, PHOTOS[1]!, '--models', MODELS.join(','), '--json']);
    const expected = report.models.flatMap((m) => m.blocks.flatMap((b) => Math.max(1, b.splits.length)));
    expect(rows).toHaveLength(1 + expected.reduce((a, b) => a + b, 0));
    const split = rows.find((l) => l.includes(',splat,radix,2,3,1,'))!.split(',');
    const s = report.models[0]!.blocks[0]!.splits.find((x) => x.split === 3 && x.group === 1)!;
    expect(Number(split[9])).toBeCloseTo(s.mean, 5);
  }, 240_000);

  it.each([
    [['stats', 'nope/', '--models', 'resnet50'], /^error: nope\/: no such file or folder$/],
    [['stats', `${FIXTURES}images/chelsea.png`, '-o', 'x.txt'], /^error: -o x\.txt: write \.json or \.csv$/],
    [['scale', `${FIXTURES}images/chelsea.png`, '--zooms', '0.5'], /^error: --zooms expects numbers from 1 to 8/],
  ])('%j → one line, exit 2', async (argv, message) => {
    const r = await runCaptured(argv);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err.trim()).toMatch(message);
  });
});

describe('splitlens scale on tiny timm models', () => {
  it('zoom 1 is the plain photo: its point equals the difference recomputed from `attention --json`', async () => {
    const sk = tiny('tiny_skresnext');
    const plot = join(mkdtempSync(join(tmpdir(), 'splitlens-scale-')), 'scale.svg');
    const report = await json<ScaleReport>([
      'scale',
      ...PHOTOS.slice(0, 2),
      '--models',
      sk,
      '--zooms',
      '1,2',
      '--json',
      '--plot',
      plot,
    ]);
    // SKNet's figure: one curve per zoom, a point per block.
    const svg = parseXml(readFileSync(plot, 'utf8'));
    expect(svg.name).toBe('svg');
    expect(descendants(svg).filter((e) => e.name === 'circle')).toHaveLength(2 * 4);
    expect(descendants(svg).some((e) => e.name === 'text' && e.attrs.class === 'caption')).toBe(true);
    expect(report.zooms).toEqual([1, 2]);
    const blocks = report.models[0]!.blocks;
    expect(blocks.map((b) => b.kind)).toEqual(['sk', 'sk', 'sk', 'sk']);
    const raw: AttentionResponse[] = [];
    for (const p of PHOTOS.slice(0, 2))
      raw.push(await json<AttentionResponse>(['attention', p, '--model', sk, '--json']));
    blocks.forEach((b, bi) => {
      const diffs = raw.map((r) => {
        const v = r.blocks[bi]!.values[0]!;
        const half = v.length / 2;
        let d = 0;
        for (let c = 0; c < half; c++) d += v[half + c]! - v[c]!;
        return d / half;
      });
      const [z1, z2] = b.points;
      expect(z1!.n).toBe(2);
      close(z1!.meanDiff, (diffs[0]! + diffs[1]!) / 2);
      close(z1!.std, Math.abs(diffs[0]! - diffs[1]!) / 2);
      expect(z2!.n).toBe(2);
      expect(z2!.meanDiff).not.toBe(z1!.meanDiff); // the zoomed photos are other inputs
    });
    // Gates have no splits: an SE model has no scale blocks.
    const se = await json<ScaleReport>(['scale', PHOTOS[0]!, '--models', tiny('tiny_seresnet'), '--json']);
    expect(se.models[0]!.blocks).toEqual([]);
  }, 240_000);
});

describe('cancelling with Ctrl-C (SIGINT)', () => {
  it('leaves a valid partial file and says so in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitlens-stats-'));
    const out = join(dir, 'stats.json');
    const models = readdirSync(`${FIXTURES}tiny`).map(tiny);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'stats', `${FIXTURES}images`, '--models', models.join(','), '-o', out],
      { cwd: ROOT, env: { ...process.env, SPLITLENS_PROGRESS_LINES: '1' } },
    );
    let err = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (!sent && /progress 3\//.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(sent).toBe(true);
    expect(code).toBe(2);
    const lines = err.split('\n').filter((l) => l.startsWith('error: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: cancelled after \d+ of 88 photo × model runs; the partial result is in /);
    const report = JSON.parse(readFileSync(out, 'utf8')) as StatsReport;
    expect(report.kind).toBe('splitlens-stats');
    expect(report.complete).toBe(false);
    expect(report.total).toBe(88);
    expect(report.done).toBeGreaterThanOrEqual(3);
    expect(report.done).toBeLessThan(88);
    const counted = report.models.reduce((s, m) => s + (m.blocks[0]?.photos ?? 0), 0);
    expect(counted).toBeLessThanOrEqual(report.done);
  }, 240_000);
});
