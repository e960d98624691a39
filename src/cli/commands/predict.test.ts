import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PredictResponse } from '../../api/contract.js';
import { splitlens, tinyFixtures } from '../../testing/tiny-fixtures.js';
import { FIXTURES } from '../../testing/fixtures.js';

const t = tinyFixtures().find((f) => f.name === 'tiny_resnest')!;

describe('splitlens predict (child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-predict-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--json on a raw tensor ranks the classes of timm's logits", () => {
    const r = splitlens([
      'predict',
      '--json',
      '--top',
      '3',
      '--model',
      t.model,
      '--tensor',
      `${t.dir}input.f32`,
      '--shape',
      '2,3,64,64',
    ]);
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as PredictResponse;
    const first = Array.from(t.logits.subarray(0, 10));
    const order = first
      .map((v, i) => [v, i] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, i]) => i);
    expect(res.results[0]!.top.map((c) => c.index)).toEqual(order.slice(0, 3));
    expect(res.results[0]!.provider).toMatch(/^(cpu|webgpu|cuda|dml|coreml)$/);
  });

  it('--csv over a folder: a row per class per image, the unreadable image reported, exit 2', () => {
    copyFileSync(`${FIXTURES}images/chelsea.png`, join(dir, 'a.png'));
    copyFileSync(`${FIXTURES}images/odd/one_pixel.png`, join(dir, 'b.png'));
    copyFileSync(`${FIXTURES}images/odd/truncated.jpg`, join(dir, 'c.jpg'));
    const r = splitlens(['predict', dir, '--csv', '--top', '2', '--model', t.model]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `error: 1 of 3 images in ${dir} could not be read (see error fields)`,
    );
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('image,model,weights,provider,latency_ms,first_run_ms,rank,index,label,prob,error');
    expect(rows.filter((l) => l.startsWith(join(dir, 'a.png')))).toHaveLength(2);
    expect(rows.filter((l) => l.startsWith(join(dir, 'b.png')))).toHaveLength(2);
    expect(rows.find((l) => l.startsWith(join(dir, 'c.jpg')))).toMatch(/premature end of JPEG/);
  });

  it('a single unreadable image is one error line and exit 2', () => {
    const r = splitlens(['predict', `${FIXTURES}images/odd/not_an_image.jpg`, '--model', t.model]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^error: .*not_an_image\.jpg: not a supported image/);
  });

  it('a missing model file is one error line and exit 2', () => {
    const r = splitlens(['predict', `${FIXTURES}images/chelsea.png`, '--model', 'missing.onnx']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: missing.onnx: no such file\n');
  });
});
