/**
 * `splitlens sweep`: the K × R grid's params and MACs are the zoo's (resolvePreset with the same
 * overrides), invalid points are rows with their reason, latency comes from a real ORT session,
 * JSON and CSV carry the same rows, and Ctrl-C prints the rows measured so far then one error line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';
import { analyzeOnnx } from '../../analysis/index.js';
import { decodeModel } from '../../onnx/index.js';
import { buildGraph, resolvePreset, specParamCount } from '../../zoo/index.js';
import type { SweepRow } from './sweep.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('splitlens sweep', () => {
  it('prints the grid of params and MACs the zoo builds, invalid points with their reason', async () => {
    const r = await runCaptured([
      'sweep',
      '--base',
      'resnest50d',
      '--radix',
      '1,2,3',
      '--cardinality',
      '1,2',
      '--base-width',
      '40',
      '--no-latency',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { base: string; complete: boolean; total: number; rows: SweepRow[] };
    expect([out.base, out.complete, out.total]).toEqual(['resnest50d', true, 6]);
    expect(out.rows.map((x) => [x.radix, x.cardinality])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ]);
    for (const row of out.rows) {
      if (row.radix === 3) {
        expect(row.error).toMatch(/^R: stage 1: width \d+ does not split into \d groups x 3 splits$/);
        continue;
      }
      const spec = resolvePreset('resnest50d', { radix: row.radix, cardinality: row.cardinality, baseWidth: 40 });
      expect(row.params).toBe(specParamCount(spec));
      expect(row.macs).toBe(analyzeOnnx(decodeModel(buildGraph(spec), 'x.onnx')).macs);
      expect(row.latencyMs).toBeUndefined();
    }
    expect(r.err).toContain('sweep: 6/6 resnest50d R3 K2 w40');
  });

  it('measures latency with a real ORT session; CSV carries the same rows', async () => {
    const r = await runCaptured(['sweep', '--base', 'resnest14d', '--radix', '4', '--runs', '1', '--csv']);
    expect(r.code).toBe(0);
    const [head, row, end] = r.out.split('\n');
    expect(head).toBe(
      'label,radix,cardinality,base_width,params,macs,latency_ms,provider,weights,published_top1,published_source,error',
    );
    const cells = row!.split(',');
    expect(cells.slice(0, 4)).toEqual(['resnest14d R4', '4', '1', '64']);
    expect(Number(cells[4])).toBe(specParamCount(resolvePreset('resnest14d', { radix: 4 })));
    expect(Number(cells[6])).toBeGreaterThan(0);
    expect(cells[7]).toBe('cpu');
    expect(end).toBe('');
  });

  it('refuses a bad grid in one line', async () => {
    const bad = await runCaptured(['sweep', '--base', 'resnest50d', '--radix', '1,x', '--no-latency']);
    expect([bad.code, bad.err.trim()]).toEqual([2, "error: --radix expects comma-separated integers >= 0, got '1,x'"]);
    const unknown = await runCaptured(['sweep', '--base', 'resnet9000', '--no-latency']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: --base: unknown preset 'resnet9000'; valid: resnet18, /);
  });

  it('stops on Ctrl-C with the rows measured so far and one error line', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'sweep',
        '--base',
        'resnest14d',
        '--radix',
        '1,2,4',
        '--runs',
        '20',
        '--json',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('sweep: 1/3')) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    const partial = JSON.parse(out) as { complete: boolean; total: number; rows: SweepRow[] };
    const ticks = err.match(/sweep: \d\/3/g) ?? [];
    expect(partial.complete).toBe(false);
    expect(partial.rows).toHaveLength(ticks.length);
    expect(partial.rows[0]!.provider).toBe('cpu');
    expect(err).toMatch(
      new RegExp(`\\nerror: sweep cancelled after ${ticks.length} of 3 variants \\(partial results above\\)\\n$`),
    );
  });
});
