import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { parseScriptOutput, probeTorch, torchSchemas, type TorchRun } from './torch-script.js';
import { benchInput, interleave, LOGITS_TOLERANCE, peerRow, runTorchPeer } from './torch-peer.js';
import { TORCH_PEER_HEADING, torchPeerMarkdown } from './torch-peer-report.js';

// `python3` on PATH here is a Python without torch (pyenv); Debian's /usr/bin/python3 has it.
const plainPython = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
const noTorch = plainPython.status !== 0 && !plainPython.error;

describe('the skip path (no PyTorch)', () => {
  it('names an interpreter that cannot be run', () => {
    const p = probeTorch('/nonexistent/python3');
    expect(p).toEqual({ ok: false, reason: '/nonexistent/python3 cannot be run (ENOENT)' });
  });

  it.skipIf(!noTorch)('a Python without torch: one line saying what is missing and how to install it', async () => {
    const p = probeTorch('python3');
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.reason).toMatch(
      /^python3 cannot import torch and torchvision \(.*No module named 'torch'.*\); apt-get install/,
    );
    const report = await runTorchPeer({ python: 'python3' });
    expect(report).toEqual({ status: 'skipped', reason: p.reason });
    const md = torchPeerMarkdown(report);
    expect(md).toBe(`${TORCH_PEER_HEADING}\n\nSkipped: ${p.reason}.\n`);
  });
});

const run = (over: Partial<TorchRun> = {}): string =>
  JSON.stringify({
    torch: '1.13.0',
    threads: 2,
    ompWaitPolicy: 'PASSIVE',
    tolerance: 1e-4,
    model: 'seresnet50',
    impl: 'port',
    checks: [{ fixture: 'tiny_seresnet', block: 'Bottleneck', maxAbsDiff: 1.5e-7, ok: true }],
    logits: [0.5, -0.25],
    ...over,
  });

describe('parsing the script output', () => {
  it('reads the result line', () => {
    const r = parseScriptOutput(run(), torchSchemas().run);
    expect(r.timings).toEqual([]);
    expect(r.checks[0]!.maxAbsDiff).toBe(1.5e-7);
    const timed = run({ timings: [{ batch: 8, runs: 3, firstMs: 900, medianMs: 800, minMs: 780 }] });
    expect(parseScriptOutput(timed, torchSchemas().run).timings[0]!.medianMs).toBe(800);
  });

  it('refuses output that is not the expected JSON, naming the field', () => {
    expect(() => parseScriptOutput('Traceback (most recent call last):', torchSchemas().run)).toThrow(
      /^bench-torch.py printed no JSON: "Traceback/,
    );
    expect(() => parseScriptOutput(run({ impl: 'timm' as 'port' }), torchSchemas().run)).toThrow(
      /^bench-torch.py output: impl: /,
    );
    expect(() => parseScriptOutput(JSON.stringify({ torch: '1.13', threads: 2 }), torchSchemas().check)).toThrow(
      /^bench-torch.py output: ompWaitPolicy: /,
    );
  });
});

describe('a row: PyTorch eager / ORT', () => {
  const timings = [
    {
      batch: 1,
      runs: 5,
      torch: { firstMs: 300, medianMs: 120, minMs: 110 },
      ort: { firstMs: 90, medianMs: 50, minMs: 44 },
    },
    {
      batch: 8,
      runs: 3,
      torch: { firstMs: 900, medianMs: 800, minMs: 780 },
      ort: { firstMs: 500, medianMs: 400, minMs: 390 },
    },
  ];
  const logits = new Float32Array([0.5, -0.25]);

  it('divides the medians and the fastest runs, batch by batch', () => {
    const row = peerRow(parseScriptOutput(run(), torchSchemas().run), logits, timings);
    expect(row.error).toBeUndefined();
    expect(row.logitsMaxAbsDiff).toBe(0);
    expect(row.batches.map((b) => [b.batch, b.ratioMedian, b.ratioMin])).toEqual([
      [1, 120 / 50, 110 / 44],
      [8, 2, 780 / 390],
    ]);
    const md = torchPeerMarkdown({
      status: 'measured',
      date: 'D',
      machine: { cpu: 'CPU', cores: 2, node: 'v20', platform: 'linux-x64' },
      python: '/usr/bin/python3',
      torch: '1.13.0',
      threads: 2,
      ompWaitPolicy: 'PASSIVE',
      warmup: 3,
      rows: [row],
    });
    expect(md).toContain('| seresnet50 | port | 1 | 120.0 / 110.0 | 50.0 / 44.0 | 2.40 / 2.50 |');
    expect(md).toContain('| seresnet50 | port | 8 | 800.0 / 780.0 | 400.0 / 390.0 | 2.00 / 2.00 |');
    expect(md).toContain('- seresnet50 (timm port): tiny_seresnet 1.5e-7; PyTorch vs ORT (full size) 0');
  });

  it('compares nothing when PyTorch and ORT compute different logits', () => {
    const off = 2 * LOGITS_TOLERANCE;
    const row = peerRow(parseScriptOutput(run({ logits: [0.5 + off, -0.25] }), torchSchemas().run), logits, timings);
    expect(row.batches).toEqual([]);
    expect(row.error).toMatch(/^PyTorch and ORT logits differ by 2\.0e-3: not compared$/);
  });

  it('keeps the refusal of a port that failed its fixtures', () => {
    const failed = run({
      checks: [{ fixture: 'tiny_seresnet', block: 'Bottleneck', maxAbsDiff: 0.03, ok: false }],
      error: 'the port does not match timm on its fixtures: not timed',
    });
    const row = peerRow(parseScriptOutput(failed, torchSchemas().run), logits, []);
    expect(row).toMatchObject({ error: 'the port does not match timm on its fixtures: not timed', batches: [] });
  });
});

describe('interleave', () => {
  it('alternates the two sides run by run after a first run and warm-up each', async () => {
    const calls: string[] = [];
    const side =
      (name: string, ms: number[]) =>
      async (batch: number, runs: number): Promise<number[]> => {
        calls.push(`${name}${batch}x${runs}`);
        return [ms.shift()!];
      };
    const [a, b] = await interleave(side('a', [9, 5, 3, 4, 2]), side('b', [90, 50, 30, 40, 20]), 8, 1, 3);
    expect(calls).toEqual(['a8x1', 'b8x1', 'a8x1', 'b8x1', 'a8x1', 'b8x1', 'a8x1', 'b8x1', 'a8x1', 'b8x1']);
    expect(a).toEqual({ firstMs: 9, medianMs: 3, minMs: 2 });
    expect(b).toEqual({ firstMs: 90, medianMs: 30, minMs: 20 });
  });
});

describe('the bench input', () => {
  it('is 0.5·sin(i) over NCHW, as the script makes it', () => {
    const x = benchInput(1, 4);
    expect(x).toHaveLength(48);
    expect(x[1]).toBeCloseTo(Math.sin(1) * 0.5, 7);
    expect(x[47]).toBeCloseTo(Math.sin(47) * 0.5, 7);
  });
});
